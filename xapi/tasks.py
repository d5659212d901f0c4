from __future__ import annotations

import logging

from django.conf import settings
from django.db import OperationalError

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from xapi.exceptions import LRSUnavailable

logger = logging.getLogger("xapi")

MAX_BACKOFF_SECONDS = 900


@shared_task(name="xapi.deliver_statements", bind=True, max_retries=10)
def deliver_statements(self) -> int:
    """Send the outbox's pending statements. An unreachable LRS (or database) is retried with growing, jittered
    delays; beyond the cap the rows simply wait for the next periodic run. Repeating the task sends nothing twice."""
    from xapi import services  # services queue this task; importing here avoids the cycle

    try:
        return services.deliver_statements().sent
    except (LRSUnavailable, OperationalError) as error:
        if self.app.conf.task_always_eager:
            # Development without Redis runs tasks inside the request: nothing can retry later, and the page must
            # not fail. The statements wait in the outbox for the next delivery.
            logger.warning("xAPI delivery postponed: %s", error)
            return 0
        countdown = get_exponential_backoff_interval(
            factor=settings.XAPI_RETRY_BACKOFF,
            retries=self.request.retries,
            maximum=MAX_BACKOFF_SECONDS,
            full_jitter=True,
        )
        raise self.retry(exc=error, countdown=countdown) from error
