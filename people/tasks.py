"""Thin task wrappers: look up ids and call the service, which is safe to repeat (late acks redeliver)."""

from django.db import OperationalError

from celery import shared_task


@shared_task(autoretry_for=(OperationalError, ConnectionError), retry_backoff=True, max_retries=5)
def deliver_reminder(reminder_id: int) -> bool:
    from people import services
    from people.models import Reminder

    if reminder := Reminder.objects.filter(pk=reminder_id).first():
        return services.deliver_reminder(reminder=reminder)
    return False


@shared_task(autoretry_for=(OperationalError, ConnectionError), retry_backoff=True, max_retries=5)
def send_invitations(user_ids: list[int]) -> int:
    from people import services

    return services.send_invitations(user_ids=user_ids)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def start_due_recertifications() -> int:
    """For Celery beat: run daily (see `manage.py recertify` for the same job by hand)."""
    from people import services

    return services.start_due_recertifications()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def apply_assignment_requirements(pairs: list[list[int]]) -> None:
    """Enrolments for (person id, course id) pairs whose assignment memberships changed; recomputes, so safe to repeat."""
    from people import services

    services.apply_assignment_requirements(pairs=[tuple(pair) for pair in pairs])


@shared_task(autoretry_for=(OperationalError, ConnectionError), retry_backoff=True, max_retries=5)
def tell_old_email_address(entry_id: int, old_email: str) -> bool:
    """The service marks the change's audit entry once the mail is sent, so a redelivered task sends nothing more."""
    from people import services
    from people.models import AuditLog

    if entry := AuditLog.objects.filter(pk=entry_id).first():
        return services.tell_old_email_address(entry=entry, old_email=old_email)
    return False


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def reconcile_reporting_lines() -> int:
    """For Celery beat, nightly: repair the reporting lines against the profiles' managers; returns the rows fixed
    (0 when nothing drifted; any other number is logged)."""
    import logging

    from people import services

    drift = services.reconcile_reporting_lines()
    if drift.missing or drift.extra:
        logging.getLogger(__name__).warning(
            "Reporting lines drifted: %d missing, %d extra (of %d); repaired.", drift.missing, drift.extra, drift.rows
        )
    return drift.missing + drift.extra
