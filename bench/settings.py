"""Settings for benchmark servers: development settings plus a baseline endpoint, never used outside `make bench`."""

from socialwise.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
MFA_ENFORCED = False
