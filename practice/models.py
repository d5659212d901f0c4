"""Practice between lessons: cohort pacing and live sessions, learners' private notes on practice tasks, and the
refreshers offered after a course is complete."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CohortSchedule(models.Model):
    """When a cohort starts a paced course: module 1 opens for its members on `starts_on`. No personal data."""

    cohort = models.ForeignKey("people.Cohort", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    starts_on = models.DateField(_("starts on"), help_text=_("Module 1 opens for the cohort's members on this day."))
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("cohort schedule")
        verbose_name_plural = _("cohort schedules")
        constraints = [models.UniqueConstraint(fields=["cohort", "course"], name="cohort_schedule_unique")]

    def __str__(self) -> str:
        return f"{self.cohort} – {self.course} ({self.starts_on:%d %b %Y})"


class CohortSession(models.Model):
    """A live session of a cohort on one module: when, where (a place or a link) and who leads it. Personal data
    only through the facilitator it names."""

    cohort = models.ForeignKey("people.Cohort", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(
        "courses.ModulePage", verbose_name=_("module"), on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=60)
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("A room, or leave empty for online."))
    link = models.URLField(_("link"), blank=True, help_text=_("The video call's address, for online sessions."))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_sessions",
    )
    # Until a register is taken the session counts for no one's learning time (goals' "I"), and the goals report
    # says how many held sessions have none: membership is not attendance.
    register_taken_at = models.DateTimeField(_("register taken at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("cohort session")
        verbose_name_plural = _("cohort sessions")
        # Practice's screens check these, never a role's name; practice/migrations/0002 hands them to the roles.
        permissions = [
            ("view_practice_tasks", _("Can see the practice-task overview")),
            ("view_engagement", _("Can see the engagement report and every cohort session's choices")),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} – {self.module} ({self.starts_at:%d %b %Y %H:%M})"

    def clean(self) -> None:
        super().clean()
        if not self.place.strip() and not self.link:
            raise ValidationError({"place": _("Give a place or a link for the session.")})


class SessionAttendance(models.Model):
    """One member of the cohort marked present at one of its sessions, in the session's register. Personal data
    (a learning record)."""

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_attendance")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="session_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} at session {self.session_id}"


class PracticeNote(models.Model):
    """One learner's notes on one practice task of a module. Personal data, private to its author: trainers see
    only whether it is done, and the text only when `shared_with_trainer` is on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_notes")
    module = models.ForeignKey("courses.ModulePage", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    text = models.TextField(max_length=5000, blank=True)
    shared_with_trainer = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "module", "block_id"], name="practice_note_unique")]

    def __str__(self) -> str:
        return f"Practice note by {self.user_id} on {self.module_id}"


class RefresherDue(models.Model):
    """One refresher offered to a learner a set number of days after completing a course: the questions drawn for it
    (their own copy, as an attempt keeps) and, once answered, when. Personal data (learning record)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="refreshers")
    enrolment = models.ForeignKey("courses.Enrolment", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    after_days = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    questions = models.JSONField(default=list, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    correct = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "after_days"], name="refresher_unique_interval")]
        indexes = [models.Index(fields=["user", "answered_at", "due_on"])]

    def __str__(self) -> str:
        return f"Refresher for {self.user_id} on {self.course_id} after {self.after_days} days"


class RefresherAnswer(models.Model):
    """One answer in a refresher, marked right or wrong. Personal data (learning record, through its refresher)."""

    refresher = models.ForeignKey(RefresherDue, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("quizzes.Question", null=True, on_delete=models.SET_NULL, related_name="+")
    position = models.PositiveSmallIntegerField()
    response = models.JSONField(null=True, blank=True)
    correct = models.BooleanField()
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["refresher", "position"]
        constraints = [
            models.UniqueConstraint(fields=["refresher", "position"], name="refresher_answer_unique"),
            models.CheckConstraint(condition=Q(position__lt=10), name="refresher_answer_position_small"),
        ]

    def __str__(self) -> str:
        return f"Answer {self.position} of refresher {self.refresher_id}"
