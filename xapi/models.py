from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatementOutbox(models.Model):
    """One xAPI statement recorded with a learning record and waiting for, or done with, delivery to the LRS.
    Personal data: what a learner did, with their user id as the statement's actor; deleted with the user.

    `key` names the learning event (e.g. "module-completed:enrolment-3:module-7"), so recording the same event twice
    keeps one row; the statement (with its id) is built once and resent unchanged, so the LRS stores it once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        REJECTED = "rejected", _("Refused by the LRS")

    key = models.CharField(max_length=200, unique=True)
    statement_id = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    verb = models.CharField(max_length=40)
    activity_name = models.CharField(max_length=255)
    statement = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # A delivery run claims rows until this time; if it dies, the claim lapses and another run sends them again
    # (harmless: same statement id).
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "id"], name="xapi_outbox_status_id")]

    def __str__(self) -> str:
        return f"{self.verb} {self.activity_name} ({self.get_status_display()})"
