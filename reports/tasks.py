"""Thin Celery wrappers around reports/services.py. Late acks are on (settings), so each may run twice: the services
make that harmless (an export job finished once, a DigestSent row per person and week)."""

from __future__ import annotations

from smtplib import SMTPException

from django.db import OperationalError

from celery import shared_task

# An export of hundreds of thousands of rows takes longer than the default limits; the broker's visibility timeout
# (an hour) still outlasts these, so a running export is never handed to a second worker.
EXPORT_SOFT_TIME_LIMIT = 1500
EXPORT_TIME_LIMIT = 1800


@shared_task(
    name="reports.run_export",
    autoretry_for=(OperationalError,),
    retry_backoff=30,
    retry_backoff_max=900,
    max_retries=5,
    soft_time_limit=EXPORT_SOFT_TIME_LIMIT,
    time_limit=EXPORT_TIME_LIMIT,
)
def run_export(job_id: int) -> str:
    """Make one export file; a redelivered or repeated task leaves the finished job as it is."""
    from reports import services  # services queue this task; importing here avoids the cycle

    job = services.run_export(job_id=job_id)
    return job.status if job else "skipped"


@shared_task(name="reports.send_weekly_digests", autoretry_for=(OperationalError,), retry_backoff=True)
def send_weekly_digests() -> int:
    """Periodic (Mondays): queue this week's digest for every recipient. Running it again sends nothing twice."""
    from reports import services

    return services.send_weekly_digests().queued


@shared_task(
    name="reports.send_weekly_digest",
    autoretry_for=(OperationalError, SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    retry_backoff_max=900,
    max_retries=8,
)
def send_weekly_digest(user_id: int, period: str) -> bool:
    """One person's digest for one period, at most once."""
    from people.models import User
    from reports import services

    if recipient := User.objects.filter(pk=user_id).first():
        return services.send_weekly_digest(recipient=recipient, period=period)
    return False


@shared_task(name="reports.delete_expired_exports", autoretry_for=(OperationalError,), retry_backoff=True)
def delete_expired_exports() -> int:
    """Periodic (hourly): delete export files whose link has expired."""
    from reports import services

    return services.delete_expired_exports()


@shared_task(name="reports.fold_completion_deltas", autoretry_for=(OperationalError,), retry_backoff=True)
def fold_completion_deltas() -> int:
    """Periodic (every minute): fold the completion deltas into the counts. Running it twice folds nothing twice."""
    from reports import services

    return services.fold_completion_deltas()


@shared_task(name="reports.reconcile_completion_counts", autoretry_for=(OperationalError,), retry_backoff=True)
def reconcile_completion_counts() -> int:
    """Nightly: compare the completion counts with a live scan and repair any drift; returns the cells repaired."""
    from reports import services

    return services.reconcile_completion_counts().wrong_cells
