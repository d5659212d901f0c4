"""Uploads ("default") and private files ("private") in S3-compatible buckets when MEDIA_S3_BUCKET is set, on top of
base.py's local folders. dev.py and production.py start from this module; base.py (and test.py) know nothing of S3,
so importing them never touches botocore. docs/deployment.md lists the MEDIA_S3_* variables."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, STORAGES, env

MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", "")
S3_ADDRESSING_STYLES = ("path", "virtual")


def s3_file_storages() -> dict:
    """The "default" and "private" storages in S3-compatible buckets, read from the MEDIA_S3_* variables.

    Objects are written with no ACL, so they are exactly as private as their bucket, which should block public
    access. Images get signed URLs that expire (MEDIA_S3_URL_EXPIRY seconds) unless MEDIA_S3_CUSTOM_DOMAIN names a
    public domain (a CDN) in front of the bucket; documents never get a URL (WAGTAILDOCS_SERVE_METHOD below). Private
    files go to PRIVATE_MEDIA_S3_BUCKET, by default the media bucket, under PRIVATE_MEDIA_S3_PREFIX."""
    endpoint_url = env("MEDIA_S3_ENDPOINT_URL", "") or None
    # S3-compatible servers (MinIO, Ceph, Garage…) answer on one host with the bucket in the path; AWS wants the
    # bucket in the host name.
    addressing_style = env("MEDIA_S3_ADDRESSING_STYLE", "path" if endpoint_url else "virtual")
    if addressing_style not in S3_ADDRESSING_STYLES:
        raise ImproperlyConfigured(f"MEDIA_S3_ADDRESSING_STYLE must be one of {', '.join(S3_ADDRESSING_STYLES)}.")
    connection = {
        "endpoint_url": endpoint_url,
        "region_name": env("MEDIA_S3_REGION", "") or None,
        "addressing_style": addressing_style,
        # Empty: boto3 finds credentials itself (AWS_* variables, an instance or task role).
        "access_key": env("MEDIA_S3_ACCESS_KEY_ID", "") or None,
        "secret_key": env("MEDIA_S3_SECRET_ACCESS_KEY", "") or None,
        "default_acl": None,
    }
    private_bucket = env("PRIVATE_MEDIA_S3_BUCKET", MEDIA_S3_BUCKET)
    private_prefix = env("PRIVATE_MEDIA_S3_PREFIX", "private").strip("/")
    if private_bucket == MEDIA_S3_BUCKET and not private_prefix:
        raise ImproperlyConfigured(
            "Private files share the media bucket: set PRIVATE_MEDIA_S3_PREFIX, or a PRIVATE_MEDIA_S3_BUCKET of their own."
        )
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": MEDIA_S3_BUCKET,
                "custom_domain": env("MEDIA_S3_CUSTOM_DOMAIN", "") or None,
                "querystring_auth": True,  # ignored behind a custom domain: its URLs are plain
                "querystring_expire": env("MEDIA_S3_URL_EXPIRY", 3600, cast=int),
                "file_overwrite": False,  # a second upload named like the first gets a name of its own
            },
        },
        "private": {
            "BACKEND": "cms.s3_storage.PrivateS3Storage",
            "OPTIONS": {**connection, "bucket_name": private_bucket, "location": private_prefix},
        },
    }


def s3_media_origin(options: dict) -> str:
    """The origin (scheme://host[:port]) that the "default" S3 storage's URLs point at, for the Content Security
    Policy. Asks botocore, which makes those URLs, to sign one locally (no request is sent)."""
    if options["custom_domain"]:
        return f"https://{options['custom_domain']}"
    import botocore.session
    from botocore.config import Config

    client = botocore.session.get_session().create_client(
        "s3",
        region_name=options["region_name"],
        endpoint_url=options["endpoint_url"],
        aws_access_key_id="origin-probe",
        aws_secret_access_key="origin-probe",  # noqa: S106 (signs nothing that is sent)
        config=Config(s3={"addressing_style": options["addressing_style"]}),
    )
    url = urlsplit(client.generate_presigned_url("get_object", Params={"Bucket": options["bucket_name"], "Key": "k"}))
    return f"{url.scheme}://{url.netloc}"


MEDIA_S3_ORIGIN = ""
if MEDIA_S3_BUCKET:
    STORAGES = {**STORAGES, **s3_file_storages()}
    MEDIA_S3_ORIGIN = s3_media_origin(STORAGES["default"]["OPTIONS"])
    # Images come from the media bucket.
    CONTENT_SECURITY_POLICY = {
        **CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {
            **CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], MEDIA_S3_ORIGIN],
        },
    }
