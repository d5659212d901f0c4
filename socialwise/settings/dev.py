"""Local development: debug on, mail printed to the console, tasks run in-process when there is no Redis."""

from .s3 import *  # noqa: F403
from .s3 import env

DEBUG = env("DEBUG", True, cast=bool)
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The demo's staff accounts have no authenticator app; people/middleware.py logs a warning while this is off.
MFA_ENFORCED = env("MFA_ENFORCED", False, cast=bool)
INTERNAL_IPS = ["127.0.0.1"]
