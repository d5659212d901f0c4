"""The Celery application. Settings come from Django's (namespace CELERY); tasks live in each app's tasks.py."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from celery import Celery
from kombu.exceptions import OperationalError as BrokerUnavailable

if TYPE_CHECKING:
    from celery import Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialwise.settings.dev")

app = Celery("socialwise")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger("socialwise.celery")


def send_when_possible(task: Task, **kwargs: Any) -> None:
    """Queue `task` now. If the broker cannot be reached the failure is logged, not raised: use this only for jobs
    whose work is already recorded in a committed row (a pending certificate, an outbox statement), which a periodic
    sweep queues again once Redis is back. Without Redis (development) the task runs here and its errors propagate."""
    if task.app.conf.task_always_eager:
        task.apply_async(kwargs=kwargs)
        return
    try:
        task.apply_async(kwargs=kwargs)
    except (BrokerUnavailable, OSError) as error:
        logger.warning("Could not queue %s (%s); the periodic sweep will queue it again.", task.name, error)


def queue_on_commit(task: Task, **kwargs: Any) -> None:
    """`send_when_possible` once the current transaction commits (at once outside a transaction), so the worker
    never looks for a row before it exists and a rolled-back request queues nothing."""
    from django.db import transaction

    transaction.on_commit(lambda: send_when_possible(task, **kwargs))
