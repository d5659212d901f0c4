"""Test runs: fast hashing, mail kept in memory, a local cache and tasks run where they are queued."""

import os
import uuid

from .base import *  # noqa: F403
from .base import LOCAL_FILE_STORAGES, env

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
# Each test session queues to a Redis list of its own, and its workers read only that one: two runs sharing a Redis
# (two checkouts, or pytest-xdist workers) never take each other's jobs. A worker is handed its session's name.
CELERY_TASK_DEFAULT_QUEUE = env("SOCIALWISE_TEST_QUEUE", f"socialwise-test-{os.getpid()}-{uuid.uuid4().hex[:8]}")
# Every key the broker keeps (the queue, its bindings, the unacknowledged messages a worker restores once their
# visibility timeout passes) carries the session's name: a fault test's 2-second visibility timeout cannot hand
# another session's message in progress back to its queue.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "global_keyprefix": f"{CELERY_TASK_DEFAULT_QUEUE}:",
}
# The fault tests start real Celery workers with these settings and point them, through the environment, at a real
# broker, a filebased mailbox and the test database; an ordinary test run sets none of these.
if env("SOCIALWISE_TEST_WORKER", False, cast=bool):
    CELERY_BROKER_URL = env("CELERY_BROKER_URL")
    CELERY_TASK_ALWAYS_EAGER = False
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Local folders (under each test's tmp_path) whatever MEDIA_S3_* says: tests/socialwise/test_s3_storage.py points
# the storages at an S3 server of its own.
STORAGES = {
    **LOCAL_FILE_STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests that need the real services read these; they are never required.
TEST_REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/15")
# Two-factor before the admin is off for the suite so admin tests need no authenticator; tests/people/test_mfa.py
# turns it on.
MFA_ENFORCED = False
