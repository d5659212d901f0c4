from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from people.models.organisation import Audience, Cohort, Department

MAX_DUE_DAYS = 3650
# The one limit on a number of days: being the tighter bound, it replaces Django's own 32767 for a small integer, so
# 10^20 gets this message alone (QA saw both limits, which disagree).
MAX_DAYS_VALIDATOR = MaxValueValidator(MAX_DUE_DAYS, message=_("Give at most %(limit_value)s days."))
# The dates HR may give for a hire or an assignment: a typo such as 31/12/9999 or 01/01/0001 was saved, and then
# showed learners "Overdue: 31 January 0001" or overflowed when a due date was worked out from it (a 500).
EARLIEST_DATE = date(1900, 1, 1)
FUTURE_HIRE_DAYS = 366


def date_out_of_range(value: date | None, *, field: str) -> str:
    """Why `value` cannot be a hire date (`field="hire_date"`: 1900 to a year ahead) or an assignment date
    (`field="assigned_on"`: 1900 to today), or "" when it can. The one rule for the people form, the CSV import and
    the assignment form."""
    if value is None:
        return ""
    today = timezone.localdate()
    latest = today + timedelta(days=FUTURE_HIRE_DAYS) if field == "hire_date" else today
    if EARLIEST_DATE <= value <= latest:
        return ""
    return str(
        _("Choose a date from %(min)s to %(max)s.")
        % {"min": EARLIEST_DATE.strftime("%d %b %Y"), "max": latest.strftime("%d %b %Y")}
    )


def _days_after(start: date, days: int) -> date:
    """`start` plus `days`, at most the last date there is (a due date is never an overflow)."""
    try:
        return start + timedelta(days=days)
    except OverflowError:
        return date.max


class DueRule(models.TextChoices):
    NONE = "none", _("No due date")
    FIXED = "fixed", _("On a fixed date")
    AFTER_ASSIGNMENT = "after_assignment", _("Days after the person is assigned")
    AFTER_HIRE = "after_hire", _("Days after the person's hire date")


class Assignment(ClusterableModel):
    """HR's decision that a course is required (or recommended) for departments (with their sub-departments),
    cohorts, audiences and single people, with a due rule. No personal data itself (the people it names directly
    are AssignmentPerson rows). A withdrawn assignment stays, with everything it did, for the record."""

    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="assignments"
    )
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Optional assignments recommend the course without a deadline.")
    )
    departments = ParentalManyToManyField(
        Department,
        verbose_name=_("departments"),
        blank=True,
        related_name="assignments",
        help_text=_("Everyone in these departments and their sub-departments."),
    )
    cohorts = ParentalManyToManyField(Cohort, verbose_name=_("cohorts"), blank=True, related_name="assignments")
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    due_rule = models.CharField(_("due date"), max_length=20, choices=DueRule.choices, default=DueRule.NONE)
    due_on = models.DateField(_("due on"), null=True, blank=True, help_text=_("For a fixed due date."))
    due_days = models.PositiveSmallIntegerField(
        _("days to complete"),
        null=True,
        blank=True,
        validators=[MAX_DAYS_VALIDATOR],
        help_text=_("For a due date relative to assignment or hire."),
    )
    assigned_on = models.DateField(_("assigned on"), default=timezone.localdate)
    grace_days = models.PositiveSmallIntegerField(
        _("grace period for joiners (days)"),
        default=14,
        validators=[MAX_DAYS_VALIDATOR],
        help_text=_(
            "With a fixed due date: someone who joins after that date has passed is due this many days after they "
            "join, never overdue on their first day."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-assigned_on", "-pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["withdrawn_at"])]

    def __str__(self) -> str:
        return _("%(course)s → %(targets)s") % {"course": self.course.title, "targets": self.targets_label}

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def targets_label(self) -> str:
        parts = [d.name for d in self.departments.all()]
        parts += [c.name for c in self.cohorts.all()]
        labels = dict(Audience.choices)
        parts += [str(labels.get(a, a)) for a in self.audiences or []]
        people = self.direct_people.count() if self.pk else 0
        if people:
            parts.append(str(_("%(n)d named people") % {"n": people}))
        return ", ".join(parts) or str(_("nobody"))

    @property
    def due_label(self) -> str:
        if self.due_rule == DueRule.FIXED and self.due_on:
            return str(_("by %(date)s") % {"date": self.due_on.strftime("%d %b %Y")})
        if self.due_rule == DueRule.AFTER_ASSIGNMENT:
            return str(_("%(n)d days after assignment") % {"n": self.due_days or 0})
        if self.due_rule == DueRule.AFTER_HIRE:
            return str(_("%(n)d days after hire") % {"n": self.due_days or 0})
        return str(_("no due date"))

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.due_rule == DueRule.FIXED and not self.due_on:
            errors["due_on"] = _("Choose the date the course is due.")
        elif self.due_rule == DueRule.FIXED and self.due_on > timezone.localdate() + timedelta(days=MAX_DUE_DAYS):
            # QA: 31 Dec 9999 was accepted and reached learners' due dates; relative rules stop at the same bound.
            errors["due_on"] = _("Choose a due date at most %(n)d days from today.") % {"n": MAX_DUE_DAYS}
        if self.assigned_on and self.assigned_on < EARLIEST_DATE:
            errors["assigned_on"] = date_out_of_range(self.assigned_on, field="assigned_on")
        if self.due_rule in (DueRule.AFTER_ASSIGNMENT, DueRule.AFTER_HIRE) and not self.due_days:
            # the upper bound is MAX_DAYS_VALIDATOR on the field: checking it here too showed it twice
            errors["due_days"] = _("Give the number of days people have to complete the course.")
        unknown = [a for a in self.audiences or [] if a not in Audience.values]
        if unknown:
            errors["audiences"] = _("Unknown audience: %(values)s.") % {"values": ", ".join(map(str, unknown))}
        if errors:
            raise ValidationError(errors)

    def due_date_for(self, *, assigned_on: date, hire_date: date | None) -> date | None:
        """The due date of one person reached by this assignment on `assigned_on`. For someone reached after the
        assignment's own date (a joiner), a fixed date that has already passed becomes `assigned_on` plus the grace
        period; the first members keep the date HR chose."""
        if self.due_rule == DueRule.FIXED:
            if self.due_on and self.due_on < assigned_on and self.assigned_on and assigned_on > self.assigned_on:
                return _days_after(assigned_on, self.grace_days or 0)
            return self.due_on
        if self.due_rule == DueRule.AFTER_ASSIGNMENT and self.due_days:
            return _days_after(assigned_on, self.due_days)
        if self.due_rule == DueRule.AFTER_HIRE and self.due_days:
            # Without a hire date on record, the clock starts when the person is assigned.
            return _days_after(hire_date or assigned_on, self.due_days)
        return None


class AssignmentPerson(models.Model):
    """One person named directly as a target of an assignment. Personal data (names a person)."""

    assignment = ParentalKey(Assignment, on_delete=models.CASCADE, related_name="direct_people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("named person")
        constraints = [models.UniqueConstraint(fields=["assignment", "user"], name="assignment_person_unique")]

    def __str__(self) -> str:
        return str(self.user)


class AssignmentMembership(models.Model):
    """One person reached by one assignment: since when, their due date, and when it stopped applying to them
    (they moved, left the cohort, or the assignment was withdrawn). Personal data (learning record). Rows are never
    deleted, so the history survives withdrawals and moves."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignment_memberships")
    assigned_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    enrolment = models.ForeignKey(
        "courses.Enrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assignment", "user"]
        constraints = [
            # At most one open row per person and assignment; ended rows pile up as history.
            models.UniqueConstraint(
                fields=["assignment", "user"], condition=Q(ended_at=None), name="assignment_membership_one_open"
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} ← assignment {self.assignment_id}"


class Reminder(models.Model):
    """One reminder a manager sent one team member about one course. Personal data (who reminded whom, when)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_received")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reminders_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "course", "created_at"])]

    def __str__(self) -> str:
        return f"Reminder to {self.person_id} about {self.course_id}"
