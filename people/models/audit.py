from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    """One action taken by HR (or by a person on their own data): assignments, imports, exports, erasures, and changes
    the privilege model refused (people/privileges.py). Personal data: the actor and the subject are people. Summaries
    never name a person, so an erased person leaves no name behind here; the subject link then points at the
    anonymised account."""

    class Action(models.TextChoices):
        ASSIGNMENT_CREATED = "assignment_created", _("Assignment created")
        ASSIGNMENT_CHANGED = "assignment_changed", _("Assignment changed")
        ASSIGNMENT_WITHDRAWN = "assignment_withdrawn", _("Assignment withdrawn")
        PEOPLE_IMPORTED = "people_imported", _("People imported")
        PERSON_CHANGED = "person_changed", _("Person changed")
        PERSONAL_DATA_EXPORTED = "personal_data_exported", _("Personal data exported")
        PERSON_ERASED = "person_erased", _("Person erased")
        EMAIL_CHANGED = "email_changed", _("Email address changed")
        CHANGE_REFUSED = "change_refused", _("Change refused")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(_("summary"), max_length=500)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.summary}"


class PeopleImport(models.Model):
    """One uploaded people CSV between preview and confirmation, then its outcome. Personal data: the uploaded rows,
    which are cleared as soon as the import is applied or discarded."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file_name = models.CharField(max_length=255)
    content = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
