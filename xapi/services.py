"""Writes to the xAPI outbox and its delivery. Statements are recorded in the caller's transaction, with the learning
record they describe, and sent after commit; an LRS or Redis outage leaves them waiting, never lost."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from socialwise.celery import queue_on_commit
from xapi import lrs
from xapi.exceptions import LRSRejected, LRSUnavailable
from xapi.models import StatementOutbox
from xapi.statements import Activity, Result, build_statement

if TYPE_CHECKING:
    from people.models import User
    from xapi.vocabulary import Verb

logger = logging.getLogger("xapi")

BATCH_SIZE = 50


@transaction.atomic
def record_statement(
    *,
    actor_user: User,
    verb: Verb,
    activity: Activity,
    key: str,
    result: Result | None = None,
    parent: Activity | None = None,
    grouping: Activity | None = None,
    registration: uuid.UUID | None = None,
) -> StatementOutbox | None:
    """Put one statement in the outbox, inside the caller's transaction, and queue delivery once it commits.

    `key` names the learning event ("decision:815"); recording the same key again returns the first row, so a
    repeated or racing call sends one statement. Does nothing (returns None) while XAPI_ENABLED is off."""
    if not settings.XAPI_ENABLED:
        return None
    existing = StatementOutbox.objects.filter(key=key).first()
    if existing is not None:
        return existing
    statement_id = uuid.uuid4()  # made once, stored, and resent unchanged: the LRS keeps one copy per id
    row = StatementOutbox(
        key=key,
        statement_id=statement_id,
        user=actor_user,
        verb=verb.value,
        activity_name=activity.name[:255],
        statement=build_statement(
            statement_id=statement_id,
            actor_user=actor_user,
            verb=verb,
            activity=activity,
            timestamp=timezone.now(),
            result=result,
            parent=parent,
            grouping=grouping,
            registration=registration,
        ),
    )
    row.full_clean(validate_unique=False)  # the unique key constraint decides races below
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        return StatementOutbox.objects.get(key=key)
    from xapi.tasks import deliver_statements as deliver_statements_task

    # Several statements in one transaction queue several deliveries: the first sends them all, the others claim
    # nothing and end at once.
    queue_on_commit(deliver_statements_task)
    return row


@dataclass
class DeliveryReport:
    sent: int = 0
    rejected: int = 0


def _claim_period() -> timedelta:
    # Long enough for a whole batch sent one by one; a run that dies leaves rows that another run takes after this.
    return timedelta(seconds=settings.XAPI_TIMEOUT * (BATCH_SIZE + 2) + 60)


@transaction.atomic
def _claim_batch() -> list[StatementOutbox]:
    now = timezone.now()
    rows = list(
        StatementOutbox.objects.select_for_update(skip_locked=True)
        .filter(status=StatementOutbox.Status.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .order_by("pk")[:BATCH_SIZE]
    )
    if rows:
        StatementOutbox.objects.filter(pk__in=[row.pk for row in rows]).update(
            claimed_until=now + _claim_period(), attempts=F("attempts") + 1
        )
    return rows


def _release(rows: list[StatementOutbox], error: Exception) -> None:
    StatementOutbox.objects.filter(pk__in=[row.pk for row in rows]).update(claimed_until=None, last_error=str(error))


def _mark_sent(rows: list[StatementOutbox]) -> None:
    StatementOutbox.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=StatementOutbox.Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )


def _mark_rejected(row: StatementOutbox, error: LRSRejected) -> None:
    logger.error("The LRS refused statement %s (%s): %s", row.statement_id, row.key, error)
    StatementOutbox.objects.filter(pk=row.pk).update(
        status=StatementOutbox.Status.REJECTED, claimed_until=None, last_error=str(error)
    )


def deliver_statements(*, limit: int = 1000) -> DeliveryReport:
    """Send pending statements, oldest first, in batches; a row is marked sent only after the LRS answered 2xx.

    Raises LRSUnavailable when the LRS cannot take them now: the rows stay pending, with the error and the number
    of attempts shown to staff. Safe to repeat or run concurrently: each run claims its rows, and a statement sent
    again keeps its id, which the LRS stores once."""
    report = DeliveryReport()
    while report.sent + report.rejected < limit:
        rows = _claim_batch()
        if not rows:
            break
        try:
            lrs.post_statements([row.statement for row in rows])
        except LRSUnavailable as error:
            _release(rows, error)
            raise
        except LRSRejected:
            # One refused statement refuses its whole batch: send them one by one to keep the good ones.
            for position, row in enumerate(rows):
                try:
                    lrs.put_statement(row.statement)
                except LRSUnavailable as error:
                    _release(rows[position:], error)
                    raise
                except LRSRejected as error:
                    _mark_rejected(row, error)
                    report.rejected += 1
                else:
                    _mark_sent([row])
                    report.sent += 1
            continue
        _mark_sent(rows)
        report.sent += len(rows)
    return report
