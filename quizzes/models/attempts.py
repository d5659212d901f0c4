"""Learners' attempts at quiz pages and the decisions they make in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class QuizKind(models.TextChoices):
    SCENARIO = "scenario", _("Scenario")
    KNOWLEDGE_CHECK = "knowledge_check", _("Knowledge check")


class QuizVersion(models.Model):
    """What attempts need of one revision of a quiz page (the scenario's steps, the knowledge check's settings),
    kept when the first attempt on that revision starts, so later edits leave those attempts as they were.
    No personal data."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "revision"], name="quiz_version_unique_revision")]

    def __str__(self) -> str:
        return f"{self.content.get('title', self.page_id)} (revision {self.revision_id})"


class Attempt(models.Model):
    """One learner's attempt at one quiz page: where they are, their score and, once finished, whether they passed.
    Personal data (learning record). For knowledge checks `questions` holds the attempt's own copy of its questions;
    `position` counts the decisions made, so the next decision has that sequence number."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="quiz_attempts")
    version = models.ForeignKey(QuizVersion, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(max_length=20, choices=QuizKind.choices)
    number = models.PositiveSmallIntegerField(default=1)
    questions = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    current_key = models.CharField(max_length=40, blank=True)
    variables = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=9, decimal_places=3, default=0)
    maximum = models.DecimalField(max_digits=9, decimal_places=3, default=0)
    passed = models.BooleanField(null=True, blank=True)
    ending_key = models.CharField(max_length=40, blank=True)
    outcome = models.CharField(max_length=10, blank=True)
    started_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "page", "number"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page", "number"], name="attempt_unique_number"),
            # Two tabs starting at once: the second insert fails and becomes a lookup of the first.
            models.UniqueConstraint(
                fields=["user", "page"], condition=Q(submitted_at__isnull=True), name="attempt_one_open_per_page"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, passed__isnull=True)
                | Q(submitted_at__isnull=False, passed__isnull=False),
                name="attempt_passed_once_submitted",
            ),
        ]
        indexes = [models.Index(fields=["page", "submitted_at"])]

    def __str__(self) -> str:
        return f"Attempt {self.number} by {self.user_id} at {self.page_id}"

    @property
    def is_finished(self) -> bool:
        return self.submitted_at is not None

    @property
    def revision_id(self) -> int | None:
        return self.version.revision_id

    @property
    def percent(self) -> int:
        if not self.maximum or self.maximum <= 0:
            return 0
        return max(0, min(100, round(100 * self.score / self.maximum)))


class Decision(models.Model):
    """One answer in an attempt: the step (or question) answered, the choice (or response), what it scored and the
    variables after it. Personal data (learning record). Unique per (attempt, sequence), so a replayed submit is
    recorded once."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="decisions")
    sequence = models.PositiveSmallIntegerField()
    step_key = models.CharField(max_length=40)
    choice_id = models.CharField(max_length=64, blank=True)
    response = models.JSONField(null=True, blank=True)
    score = models.DecimalField(max_digits=9, decimal_places=3, default=0)
    correct = models.BooleanField(null=True, blank=True)
    variables = models.JSONField(default=dict, blank=True)
    led_to = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["attempt", "sequence"]
        constraints = [models.UniqueConstraint(fields=["attempt", "sequence"], name="decision_unique_sequence")]

    def __str__(self) -> str:
        return f"Decision {self.sequence} of attempt {self.attempt_id}"
