"""Goals and return: business objectives tied to the courses they rely on, the metric each is measured by (values
per week or month, with their history of corrections), the tokens sources post values with, each department's hourly
cost for the "I", and learners' personal goals with their reviews (docs/goals.md)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Bounds every value and date is checked against, whatever the path (form, CSV, JSON): wide enough for any real
# metric, narrow enough that 10^20 or year 9999 is a clear error instead of an overflow.
MAX_ABS_VALUE = Decimal("1000000000000")  # 10^12
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)


class Direction(models.TextChoices):
    LOWER = "lower", _("Lower is better")
    HIGHER = "higher", _("Higher is better")


class Frequency(models.TextChoices):
    WEEKLY = "week", _("Weekly")
    MONTHLY = "month", _("Monthly")


def period_start(day: datetime.date, frequency: str) -> datetime.date:
    """The first day of the period `day` falls in: the Monday of its week, or the 1st of its month."""
    if frequency == Frequency.MONTHLY:
        return day.replace(day=1)
    return day - datetime.timedelta(days=day.weekday())


def period_end(start: datetime.date, frequency: str) -> datetime.date:
    if frequency == Frequency.MONTHLY:
        following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)
    return start + datetime.timedelta(days=6)


class Objective(models.Model):
    """One business objective of a department or a cohort, measured by one metric. No personal data."""

    title = models.CharField(
        _("objective"), max_length=200, help_text=_("In plain words, e.g. “Fewer repeat calls about refunds”.")
    )
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The team the objective belongs to (its people and those of the departments inside it)."),
    )
    cohort = models.ForeignKey(
        "people.Cohort",
        verbose_name=_("cohort"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Or a cohort instead of a department."),
    )
    metric = models.CharField(
        _("metric"), max_length=200, help_text=_("What is counted, e.g. “refund-status calls per week”.")
    )
    unit = models.CharField(_("unit"), max_length=30, help_text=_("e.g. calls, minutes, days, replies."))
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices, default=Direction.LOWER)
    frequency = models.CharField(_("values per"), max_length=5, choices=Frequency.choices, default=Frequency.WEEKLY)
    baseline_value = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4)
    baseline_from = models.DateField(_("baseline from"))
    baseline_to = models.DateField(_("baseline to"))
    target_value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    review_on = models.DateField(_("review date"), help_text=_("When the objective and personal goals are reviewed."))
    courses = models.ManyToManyField(
        "courses.CoursePage",
        verbose_name=_("courses it relies on"),
        blank=True,
        related_name="+",
        help_text=_("Their completion by the objective's people is marked on the report's chart."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=(Q(department__isnull=False) & Q(cohort__isnull=True))
                | (Q(department__isnull=True) & Q(cohort__isnull=False)),
                name="objective_department_or_cohort",
            ),
        ]
        # goals/migrations/0002 hands these to the roles; goals/access.py decides whose objectives a manager reaches.
        permissions = [
            ("manage_all_objectives", _("Can manage every team's objectives")),
            ("view_goals_report", _("Can see the goals and return report")),
            ("manage_metric_sources", _("Can create and revoke metric source tokens")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def team_label(self) -> str:
        return str(self.cohort or self.department or "")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if bool(self.department_id) == bool(self.cohort_id):
            errors["department"] = _("Choose a department or a cohort (one of them).")
        for name in ("baseline_value", "target_value"):
            message = value_problem(getattr(self, name))
            if message:
                errors[name] = message
        for name in ("baseline_from", "baseline_to", "review_on"):
            message = date_problem(getattr(self, name))
            if message:
                errors[name] = message
        if not errors and self.baseline_from and self.baseline_to and self.baseline_to < self.baseline_from:
            errors["baseline_to"] = _("The baseline period ends before it starts.")
        if errors:
            raise ValidationError(errors)


def value_problem(value) -> str:
    """Why `value` cannot be a metric value ('' when it can)."""
    if value is None:
        return ""
    if not isinstance(value, Decimal) or not value.is_finite():
        return _("Give a number.")
    if abs(value) >= MAX_ABS_VALUE:
        return _("The number is too large: use less than 1,000,000,000,000.")
    return ""


def date_problem(day) -> str:
    if day is None:
        return ""
    if not EARLIEST <= day <= LATEST:
        return _("Give a date from 1 January 2000 to 31 December 2099.")
    return ""


class MetricSource(models.Model):
    """A system that posts metric values (a social listening tool, a contact-centre export job): its token is shown
    once when made and only its SHA-256 hash is kept. No personal data."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("objectives it may post to"), related_name="sources", blank=True
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token starts with"), max_length=12, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("metric source")
        verbose_name_plural = _("metric sources")

    def __str__(self) -> str:
        return self.name


class MetricValue(models.Model):
    """The metric's value for one period of one objective. Posting the same period again updates it; each change is
    kept as a MetricValueRevision. No personal data (who entered it is kept on the revision)."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("period starts"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    source = models.CharField(_("source"), max_length=120)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["objective", "period_start"]
        verbose_name = _("metric value")
        verbose_name_plural = _("metric values")
        constraints = [
            models.UniqueConstraint(fields=["objective", "period_start"], name="metric_value_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.objective_id} {self.period_start}: {self.value}"


class MetricValueRevision(models.Model):
    """One write of a metric value: what it was before (empty for the first), what it became, from which source and
    by whom. Corrections never lose the earlier figure."""

    metric_value = models.ForeignKey(MetricValue, on_delete=models.CASCADE, related_name="revisions")
    previous = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=4)
    source = models.CharField(max_length=120)
    note = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["metric_value", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.metric_value_id}: {self.previous} → {self.value}"


class MetricImport(models.Model):
    """One uploaded CSV of metric values between preview and confirmation, then its outcome (as PeopleImport)."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="+")
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


class HourlyCost(models.Model):
    """What an hour of a department's people costs, set by HR, for the money side of the "I". No personal data."""

    department = models.OneToOneField(
        "people.Department", verbose_name=_("department"), on_delete=models.CASCADE, related_name="+"
    )
    amount = models.DecimalField(_("hourly cost (£)"), max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["department__name"]
        verbose_name = _("hourly cost")
        verbose_name_plural = _("hourly costs")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="hourly_cost_not_negative")]

    def __str__(self) -> str:
        return f"{self.department}: £{self.amount}"

    def clean(self) -> None:
        super().clean()
        if self.amount is not None and (not self.amount.is_finite() or not 0 <= self.amount < 100000):
            raise ValidationError({"amount": _("Give an amount from £0 to £99,999.")})


class PersonalGoal(models.Model):
    """A learner's own social media goal towards their team's objective. Personal data, private to its author: their
    manager sees that it exists and when it was last reviewed, and its text only when `shared_with_manager`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_goals")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="personal_goals")
    text = models.TextField(_("your goal"), max_length=1000)
    shared_with_manager = models.BooleanField(_("share the text with my manager"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["objective", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "objective"], name="personal_goal_one_per_objective")]

    def __str__(self) -> str:
        return f"Personal goal of {self.user_id} for objective {self.objective_id}"


class GoalReview(models.Model):
    """A manager and a learner reviewed the learner's goal together on `reviewed_on`. Personal data."""

    goal = models.ForeignKey(PersonalGoal, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["goal", "-reviewed_on"]
        constraints = [models.UniqueConstraint(fields=["goal", "reviewed_on"], name="goal_review_one_per_day")]

    def __str__(self) -> str:
        return f"Review of goal {self.goal_id} on {self.reviewed_on}"
