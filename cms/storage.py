"""Where private files live (certificate PDFs, report exports): files with no URL of their own, which only a view hands
out after checking who asks. Locally a folder outside MEDIA_ROOT (PRIVATE_MEDIA_ROOT); with S3 configured, a private
bucket or prefix that every web and worker host shares (cms/s3_storage.py, docs/deployment.md)."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible

PRIVATE_STORAGE_ALIAS = "private"  # the key in settings.STORAGES
NO_URL_MESSAGE = "Private files have no URL; serve them through a view that checks permission."


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """The local backend. Re-making a file overwrites it (same name), so a certificate redone after a crash leaves no
    orphan copy. The location is read from settings on each use."""

    def __init__(self):
        super().__init__(base_url=None, allow_overwrite=True)

    @property
    def base_location(self):
        return Path(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(Path(settings.PRIVATE_MEDIA_ROOT).resolve())

    def url(self, name):
        raise ValueError(NO_URL_MESSAGE)


@deconstructible
class PrivateStorage(Storage):
    """What the model fields name. It hands every call to the backend configured as STORAGES["private"] at the moment
    of the call, so the fields (and their migrations) stay the same whichever backend a deployment uses."""

    @property
    def backend(self) -> Storage:
        return storages[PRIVATE_STORAGE_ALIAS]

    def url(self, name):
        raise ValueError(NO_URL_MESSAGE)  # whatever the backend could do

    def _open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return self.backend.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def path(self, name):
        return self.backend.path(name)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def get_accessed_time(self, name):
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend.get_created_time(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)
