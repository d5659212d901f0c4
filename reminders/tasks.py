"""Periodic reminder jobs (declared in CELERY_BEAT_SCHEDULE). Thin: the services' ReminderSent rows make a rerun or a
redelivered message send nothing twice."""

from __future__ import annotations

from smtplib import SMTPException

from django.db import OperationalError
from django.utils import timezone

from celery import shared_task


@shared_task(
    name="reminders.send_due_reminders",
    autoretry_for=(OperationalError, SMTPException),
    retry_backoff=True,
    max_retries=5,
)
def send_due_reminders() -> int:
    """Daily: this week's reminder to every learner with something due, once each."""
    from reminders import services

    return services.send_due_reminders(today=timezone.localdate())


@shared_task(
    name="reminders.send_manager_digests",
    autoretry_for=(OperationalError, SMTPException),
    retry_backoff=True,
    max_retries=5,
)
def send_manager_digests() -> int:
    """Weekly: each manager's digest of their team's due and overdue required training, once each."""
    from reminders import services

    return services.send_manager_digests(today=timezone.localdate())
