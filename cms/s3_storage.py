"""The private files' backend when media live in an S3-compatible bucket (settings STORAGES["private"], chosen when
MEDIA_S3_BUCKET is set). A module of its own so that a deployment on local folders never imports boto3."""

from storages.backends.s3 import S3Storage

from cms.storage import NO_URL_MESSAGE


class PrivateS3Storage(S3Storage):
    """Certificate PDFs and report exports in a private bucket (or under a private prefix of the media bucket):
    objects are written with no ACL, so they are as private as the bucket, and no URL is ever made for them, signed or
    not; the views stream them with `.open()` after their permission check. Re-making a file overwrites it."""

    def __init__(self, **options):
        super().__init__(**{**options, "file_overwrite": True, "default_acl": None, "custom_domain": None})

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(NO_URL_MESSAGE)
