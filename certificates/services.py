"""Writes to certificates: requested with the completion, made in the background, revoked by HR. Every function
here is idempotent: one certificate per enrolment, one PDF, one email, whatever the repeats or redeliveries."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from certificates.models import Certificate
from certificates.pdf import render_certificate_pdf
from cms.models import OrganisationSettings
from courses.models import Enrolment
from socialwise.celery import queue_on_commit, send_when_possible

if TYPE_CHECKING:
    from people.models import User

logger = logging.getLogger("certificates")

# The on-commit task normally makes a certificate within seconds; the sweep leaves younger ones to it.
PENDING_GRACE = timedelta(minutes=2)
MAX_REASON_LENGTH = 500


def _organisation_name() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    name = OrganisationSettings.for_site(site).organisation_name if site else ""
    return name or "Socialwise"


def verify_url(certificate: Certificate) -> str:
    path = reverse("certificates:verify", kwargs={"code": certificate.code})
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


@transaction.atomic
def request_certificate(*, enrolment: Enrolment) -> Certificate:
    """Record that `enrolment` earned a certificate and queue its PDF after commit. Called (as a completion
    listener) in the transaction that completes the course, so the pending row commits with the completion and a
    broker outage loses nothing: the periodic sweep finds the row. One certificate per enrolment, however called."""
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    certificate = Certificate(
        enrolment=enrolment,
        holder_name=str(enrolment.user)[:255],
        course_title=enrolment.course.title[:255],
        organisation_name=_organisation_name()[:120],
        completed_at=enrolment.completed_at,
        expires_at=enrolment.expires_at,
    )
    certificate.full_clean(validate_unique=False)  # the one-to-one constraint decides a race below
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        return Certificate.objects.get(enrolment=enrolment)
    from certificates.tasks import issue_certificate as issue_certificate_task

    queue_on_commit(issue_certificate_task, certificate_id=certificate.pk)
    return certificate


def issue_certificate(*, certificate: Certificate) -> Certificate:
    """Make the PDF of a pending certificate, then email the learner that it is ready. The row lock makes a
    concurrent run wait and then find the work done; a rerun after a crash redoes only what had not committed (the
    PDF overwrites its own file). A revoked certificate gets neither PDF nor email."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            return certificate
        if certificate.issued_at is None:
            content = render_certificate_pdf(certificate, verify_url=verify_url(certificate))
            certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(content), save=False)
            certificate.issued_at = timezone.now()
            certificate.full_clean()
            certificate.save(update_fields=["pdf", "issued_at"])
    _notify_holder(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    return certificate


@transaction.atomic
def _notify_holder(*, certificate_id: int) -> None:
    # The lock is held while the mail goes out and `notified_at` commits with it: a concurrent run waits and finds it
    # set; an SMTP error rolls back and the task retries. Only a crash between the SMTP server's "accepted" and this
    # commit could repeat the email.
    certificate = (
        Certificate.objects.select_for_update().select_related("enrolment__user").filter(pk=certificate_id).first()
    )
    if certificate is None or certificate.issued_at is None or certificate.revoked_at or certificate.notified_at:
        return
    user = certificate.enrolment.user
    context = {
        "certificate": certificate,
        "user": user,
        "dashboard_url": f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('courses:dashboard')}",
        "verify_url": verify_url(certificate),
    }
    message = EmailMultiAlternatives(
        subject=_("Your certificate for “%(course)s” is ready") % {"course": certificate.course_title},
        body=render_to_string("certificates/email/certificate_ready.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("certificates/email/certificate_ready.html", context), "text/html")
    message.send()
    certificate.notified_at = timezone.now()
    certificate.save(update_fields=["notified_at"])


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, revoked_by: User, reason: str) -> Certificate:
    """Withdraw a certificate: the verification page says "Revoked" from now on and the learner can no longer
    download it. Revoking an already revoked certificate keeps the first revocation."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for revoking this certificate.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = revoked_by
    certificate.revoked_reason = reason
    certificate.full_clean()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    return certificate


@dataclass
class SweepReport:
    requested: int = 0
    queued: int = 0


def issue_pending_certificates(*, now=None) -> SweepReport:
    """The periodic sweep: request certificates for completions that have none (made before this feature, or
    whose listener failed), and queue again every certificate still unmade or unannounced a few minutes after it
    was requested (Redis was down, or a worker died). Queries do not grow per certificate beyond one insert each."""
    now = now or timezone.now()
    report = SweepReport()
    missing = Enrolment.objects.filter(completed_at__isnull=False, certificate__isnull=True).select_related(
        "user", "course"
    )
    for enrolment in missing:
        request_certificate(enrolment=enrolment)
        report.requested += 1
    from certificates.tasks import issue_certificate as issue_certificate_task

    stuck = Certificate.objects.filter(revoked_at__isnull=True, requested_at__lte=now - PENDING_GRACE).filter(
        issued_at__isnull=True
    ) | Certificate.objects.filter(revoked_at__isnull=True, issued_at__lte=now - PENDING_GRACE, notified_at=None)
    for certificate_id in stuck.values_list("pk", flat=True):
        send_when_possible(issue_certificate_task, certificate_id=certificate_id)
        report.queued += 1
    return report


# --- Personal data (policy in certificates/apps.py) ------------------------------------------------------------------
def export_for_holder(user: User) -> list[dict]:
    """The person's own certificates (reached through their enrolments) for their personal-data download."""
    from people.personal_data import row

    return [row(certificate) for certificate in Certificate.objects.filter(enrolment__user=user).order_by("pk")]


def erase_for_holder(user: User) -> None:
    """A certificate prints the holder's name, so the person's certificates go, PDFs included; their completions stay
    on the enrolments for the counts. Certificates they revoked as staff stay (the link then names nobody)."""
    for certificate in Certificate.objects.filter(enrolment__user=user):
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.delete()
