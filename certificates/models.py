from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.storage import PrivateStorage

# Crockford's base32 without I, L, O, U: no letters to confuse when someone types a code from paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 5, 4  # 20 characters, 100 random bits: guessing one is hopeless


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP_LENGTH] for i in range(0, len(raw), CODE_GROUP_LENGTH))


def normalise_code(text: str) -> str:
    """The code as stored, from what a person typed: any case, with or without dashes or spaces."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(raw[i : i + CODE_GROUP_LENGTH] for i in range(0, len(raw), CODE_GROUP_LENGTH))


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Certificate(models.Model):
    """The certificate of one completed enrolment cycle: what it says (holder, course, dates, issuer), its
    verification code and its PDF. Personal data: the holder's name as printed and the PDF; deleted with the
    enrolment, and so with the learner. A row without `issued_at` is pending: its PDF is still to be made."""

    enrolment = models.OneToOneField("courses.Enrolment", on_delete=models.CASCADE, related_name="certificate")
    code = models.CharField(max_length=24, unique=True, editable=False, default=new_code)
    holder_name = models.CharField(_("holder"), max_length=255)
    course_title = models.CharField(_("course"), max_length=255)
    organisation_name = models.CharField(_("issued by"), max_length=120)
    completed_at = models.DateTimeField(_("completed"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    pdf = models.FileField(upload_to="certificates/", storage=PrivateStorage(), blank=True)
    # Claimed in the same transaction that sends the "certificate ready" email, so a rerun sends none.
    notified_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_reason = models.TextField(_("reason for revoking"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-requested_at"]
        permissions = [("revoke_certificate", "Can revoke certificates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""), name="certificate_revoked_has_reason"
            ),
            models.CheckConstraint(condition=Q(issued_at__isnull=True) | ~Q(pdf=""), name="certificate_issued_has_pdf"),
        ]
        indexes = [models.Index(fields=["issued_at", "revoked_at"], name="certificate_pending_idx")]

    def __str__(self) -> str:
        return f"{self.course_title} – {self.holder_name} ({self.code})"

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at:
            return CertificateStatus.REVOKED
        if not self.issued_at:
            return CertificateStatus.PENDING
        if self.expires_at and self.expires_at <= now:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    def status_label(self) -> str:
        return CertificateStatus(self.status()).label

    status_label.short_description = _("status")
