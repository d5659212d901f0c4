"""The Celery application. Settings come from Django's (namespace CELERY); tasks live in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialwise.settings.dev")

app = Celery("socialwise")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
