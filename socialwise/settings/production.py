"""Production: every secret comes from the environment and a missing one stops start-up with its name."""

from .s3 import *  # noqa: F403
from .s3 import STORAGES, XAPI_ENABLED, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS", cast=list)
DATABASE_URL = env("DATABASE_URL")
REDIS_URL = env("REDIS_URL")  # required: rate limits and the broker must be shared across processes
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
if XAPI_ENABLED:  # forwarding to an LRS is optional, but once on it needs somewhere to go
    XAPI_ENDPOINT = env("XAPI_ENDPOINT")
    XAPI_USERNAME = env("XAPI_USERNAME")
    XAPI_PASSWORD = env("XAPI_PASSWORD")

# HTTPS behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", True, cast=bool)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS", 31536000, cast=int)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Uploads and private files as s3.py chose them (local folders, or S3 when MEDIA_S3_BUCKET is set).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
