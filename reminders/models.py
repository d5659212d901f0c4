"""Reminder emails: each person's notification preferences and the record of every reminder email claimed or sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationPreference(models.Model):
    """One person's choice of emails. Personal data. `optional_emails` is theirs to change (reminders about optional
    courses and refreshers, the manager digest); `required_reminders` only HR changes (reminders about required
    training), and `changed_by` records who last did. No row means both are on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("person"),
    )
    optional_emails = models.BooleanField(
        _("optional emails"),
        default=True,
        help_text=_("Reminders about optional courses and refreshers, and the weekly team digest for managers."),
    )
    required_reminders = models.BooleanField(
        _("required-training reminders"),
        default=True,
        help_text=_("Reminders about required training. Only HR can turn them off."),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("required-training setting last changed by"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class ReminderSent(models.Model):
    """One reminder email to one person for one period (ISO week): the learner's weekly list of due courses or a
    manager's team digest, with the items it listed. Personal data (what a person was reminded of). The row is
    claimed before the email goes out and `delivered_at` set after it, so a rerun never sends a second email."""

    class Kind(models.TextChoices):
        LEARNER = "learner", _("Learner reminder")
        MANAGER = "manager", _("Manager digest")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent_to")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    period = models.CharField(max_length=10)  # ISO week, "2026-W48"
    # {"enrolments": [{"id": 12, "status": "due_soon"|"overdue"}], "refreshers": [3, 4]}
    items = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            # One email per person, kind and week: concurrent or repeated runs find this row instead of sending.
            models.UniqueConstraint(fields=["user", "kind", "period"], name="reminder_sent_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user_id} in {self.period}"
