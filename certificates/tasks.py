from __future__ import annotations

from smtplib import SMTPException

from django.db import OperationalError

from celery import shared_task


@shared_task(
    name="certificates.issue_certificate",
    autoretry_for=(OperationalError, SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=900,
    max_retries=8,
)
def issue_certificate(certificate_id: int) -> bool:
    """Make the certificate's PDF and announce it; safe to repeat or redeliver (one PDF, one email). Gives up after
    the retries; the certificate then stays pending, visible to HR, and the periodic sweep queues it again."""
    from certificates import services  # services queue this task; importing here avoids the cycle
    from certificates.models import Certificate

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:  # deleted with its learner meanwhile: nothing to make
        return False
    return services.issue_certificate(certificate=certificate).issued_at is not None


@shared_task(name="certificates.issue_pending_certificates", autoretry_for=(OperationalError,), retry_backoff=True)
def issue_pending_certificates() -> int:
    """Periodic sweep: queue every certificate left pending (Redis was down, a worker died). Idempotent."""
    from certificates import services

    report = services.issue_pending_certificates()
    return report.requested + report.queued
