"""The periodic jobs declared in settings name tasks that exist, so beat never queues a job no worker can run."""

from django.conf import settings

from socialwise.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()  # what a worker does at start: import every app's tasks.py
    missing = {
        name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if entry["task"] not in app.tasks
    }
    assert missing == {}


def test_celery_is_configured_for_redelivery_safe_work():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout > settings.CELERY_TASK_TIME_LIMIT
