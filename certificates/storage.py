"""Where certificate PDFs live: under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, with no URL of their own."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files that only a view hands out after checking who asks. Re-making a file overwrites it (same name), so a
    certificate redone after a crash leaves no orphan copy. The location is read from settings on each use."""

    def __init__(self):
        super().__init__(base_url=None, allow_overwrite=True)

    @property
    def base_location(self):
        return Path(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(Path(settings.PRIVATE_MEDIA_ROOT).resolve())

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a view that checks permission.")
