"""What reports own: export jobs (large exports made in the background) and the markers that make the weekly digest
go out once per person and week. Everything a report shows is read from the other apps."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.storage import PrivateStorage


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportJob(models.Model):
    """One export of a report too large to send at once, made by a Celery task for the person who asked: its report
    and filters, progress and, once done, the file (in the private storage) that only they may download until
    `expires_at`. Personal data: the file holds learners' records; it is deleted when the link expires, and the row
    goes with its requester."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.CharField(_("report"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    params = models.CharField(max_length=2000, blank=True, help_text="The report's filters as a query string.")
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rows_expected = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=PrivateStorage(), upload_to="exports/", blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        default_permissions = ()
        # The reports' own permissions hang on this model: HR see everyone, managers their own reporting line.
        permissions = [
            ("view_all_reports", _("Can see reports on everyone")),
            ("view_team_reports", _("Can see reports on the people who report to them")),
            ("view_item_analysis", _("Can see the item analysis of knowledge checks")),
        ]
        indexes = [models.Index(fields=["requested_by", "created_at"]), models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_format_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_expected:
            return 0
        return min(99, round(100 * self.rows_written / self.rows_expected))

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class DigestSent(models.Model):
    """The weekly digest of one period (ISO week, "2026-W07") for one recipient: claimed before the email goes out,
    `sent_at` set once it has, so a task that runs again sends nothing twice. Personal data: names the recipient."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["recipient", "period"], name="digest_sent_once_per_period")]

    def __str__(self) -> str:
        return f"Digest {self.period} for {self.recipient_id}"


# Keys of the maintained completion counts: an enrolment's status and its due-date bucket. "Overdue" is not stored:
# it is read for any day as the unfinished counts whose due date is before it.
class CountedStatus(models.IntegerChoices):
    NOT_STARTED = 0, _("Not started")
    STARTED = 1, _("Started")
    COMPLETED = 2, _("Completed")


NO_DEPARTMENT_KEY = 0
# Completed enrolments and those without a due date share this bucket: never overdue.
NO_DUE_DATE = "9999-12-31"
# Folding merges the due dates already past into this bucket: overdue on every day from then on.
PAST_DUE_DATE = "0001-01-01"


class CompletionCount(models.Model):
    """How many current enrolment cycles of active people fall in one cell: department (0 for none) × course ×
    required × status × due-date bucket. Maintained, never typed in: database triggers on enrolments, accounts and
    profiles append `CompletionDelta` rows in the same transaction as the write, a job folds them in here, and the
    nightly reconcile compares every cell with a live scan and repairs any drift. No personal data (counts only)."""

    department_id = models.BigIntegerField()
    course_id = models.BigIntegerField()
    required = models.BooleanField()
    status = models.PositiveSmallIntegerField(choices=CountedStatus.choices)
    due_on = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["department_id", "course_id", "required", "status", "due_on"], name="completion_count_cell"
            )
        ]
        indexes = [models.Index(fields=["due_on"], name="completion_count_due_on")]

    def __str__(self) -> str:
        return f"{self.department_id}×{self.course_id} {self.get_status_display()} due {self.due_on}: {self.n}"


class CompletionTotal(models.Model):
    """The `CompletionCount` cells of one department × course × required × status summed over their due dates,
    rebuilt by every fold in the same transaction: the report reads these few thousand rows, and only the cells due
    before today for "overdue". No personal data (counts only)."""

    department_id = models.BigIntegerField()
    course_id = models.BigIntegerField()
    required = models.BooleanField()
    status = models.PositiveSmallIntegerField(choices=CountedStatus.choices)
    n = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["department_id", "course_id", "required", "status"], name="completion_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id}×{self.course_id} {self.get_status_display()}: {self.n}"


class CompletionDelta(models.Model):
    """One change (+1 or −1) to a `CompletionCount` cell, appended by a trigger in the writer's own transaction.
    Writers only ever insert here, so no department's row is a hot spot; readers add the unfolded deltas to the
    counts, and `fold_completion_deltas` moves them into the counts. No personal data."""

    department_id = models.BigIntegerField()
    course_id = models.BigIntegerField()
    required = models.BooleanField()
    status = models.PositiveSmallIntegerField(choices=CountedStatus.choices)
    due_on = models.DateField()
    n = models.IntegerField()

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.department_id}×{self.course_id} {self.n:+d}"


NO_COHORT_KEY = 0


@dataclass(frozen=True)
class CountFamily:
    """One kind of maintained counts: cells keyed by `group` (a department or a cohort, 0 for none; for the team
    counts the manager and the department, written "manager_id, department_id") × course ×
    required × status × due date, their totals over due dates and the deltas the triggers append."""

    name: str
    group: str
    counts: str
    totals: str
    deltas: str

    @property
    def groups(self) -> tuple[str, ...]:
        """The key's leading columns: one (department, cohort) or two (the team counts' manager and department)."""
        return tuple(self.group.split(", "))

    @property
    def key(self) -> tuple[str, ...]:
        return (*self.groups, "course_id", "required", "status", "due_on")


DEPARTMENT_COUNTS = CountFamily(
    "department", "department_id", "reports_completioncount", "reports_completiontotal", "reports_completiondelta"
)
TEAM_COUNTS = CountFamily(
    "team",
    "manager_id, department_id",
    "reports_teamcompletioncount",
    "reports_teamcompletiontotal",
    "reports_teamcompletiondelta",
)
COHORT_COUNTS = CountFamily(
    "cohort",
    "cohort_id",
    "reports_cohortcompletioncount",
    "reports_cohortcompletiontotal",
    "reports_cohortcompletiondelta",
)


class CohortCompletionCount(models.Model):
    """The `CompletionCount` cells by cohort (0 for people in none) instead of department: a person in several
    cohorts counts in each, as in the cohort report. Maintained the same way (triggers on enrolments, accounts and
    cohort memberships append `CohortCompletionDelta` rows; the fold and the nightly reconcile). Counts only."""

    cohort_id = models.BigIntegerField()
    course_id = models.BigIntegerField()
    required = models.BooleanField()
    status = models.PositiveSmallIntegerField(choices=CountedStatus.choices)
    due_on = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["cohort_id", "course_id", "required", "status", "due_on"], name="cohort_completion_count_cell"
            )
        ]
        indexes = [models.Index(fields=["due_on"], name="cohort_completion_due_on")]

    def __str__(self) -> str:
        return f"cohort {self.cohort_id}×{self.course_id} {self.get_status_display()} due {self.due_on}: {self.n}"


class CohortCompletionTotal(models.Model):
    """`CohortCompletionCount` summed over due dates, rebuilt by every fold (as `CompletionTotal`). Counts only."""

    cohort_id = models.BigIntegerField()
    course_id = models.BigIntegerField()
    required = models.BooleanField()
    status = models.PositiveSmallIntegerField(choices=CountedStatus.choices)
    n = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["cohort_id", "course_id", "required", "status"], name="cohort_completion_total"
            )
        ]

    def __str__(self) -> str:
        return f"cohort {self.cohort_id}×{self.course_id} {self.get_status_display()}: {self.n}"


class CohortCompletionDelta(models.Model):
    """One change (+1 or −1) to a `CohortCompletionCount` cell, appended by a trigger in the writer's transaction."""

    cohort_id = models.BigIntegerField()
    course_id = models.BigIntegerField()
    required = models.BooleanField()
    status = models.PositiveSmallIntegerField(choices=CountedStatus.choices)
    due_on = models.DateField()
    n = models.IntegerField()

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"cohort {self.cohort_id}×{self.course_id} {self.n:+d}"


NO_MANAGER_KEY = 0


class TeamCompletionCount(models.Model):
    """The `CompletionCount` cells split by each person's direct manager (0 for none): manager × department × course
    × required × status × due-date bucket. A manager's reports read the cells of every manager in their reporting
    line (themselves and the managers below them, from `people.ReportingLine`), so the CEO's report sums about as
    many rows as a team lead's, not their whole organisation's enrolments. Maintained like the department counts
    (triggers on enrolments, accounts and profiles, the manager included; the fold and the nightly reconcile); a
    change higher up the tree moves no count, as the direct manager stays. Counts only."""

    manager_id = models.BigIntegerField()
    department_id = models.BigIntegerField()
    course_id = models.BigIntegerField()
    required = models.BooleanField()
    status = models.PositiveSmallIntegerField(choices=CountedStatus.choices)
    due_on = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["manager_id", "department_id", "course_id", "required", "status", "due_on"],
                name="team_completion_count_cell",
            )
        ]
        indexes = [models.Index(fields=["due_on"], name="team_completion_due_on")]

    def __str__(self) -> str:
        return f"manager {self.manager_id}, {self.department_id}×{self.course_id} due {self.due_on}: {self.n}"


class TeamCompletionTotal(models.Model):
    """`TeamCompletionCount` summed over due dates, rebuilt by every fold (as `CompletionTotal`). Counts only."""

    manager_id = models.BigIntegerField()
    department_id = models.BigIntegerField()
    course_id = models.BigIntegerField()
    required = models.BooleanField()
    status = models.PositiveSmallIntegerField(choices=CountedStatus.choices)
    n = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["manager_id", "department_id", "course_id", "required", "status"], name="team_completion_total"
            )
        ]

    def __str__(self) -> str:
        return f"manager {self.manager_id}, {self.department_id}×{self.course_id}: {self.n}"


class TeamCompletionDelta(models.Model):
    """One change (+1 or −1) to a `TeamCompletionCount` cell, appended by a trigger in the writer's transaction."""

    manager_id = models.BigIntegerField()
    department_id = models.BigIntegerField()
    course_id = models.BigIntegerField()
    required = models.BooleanField()
    status = models.PositiveSmallIntegerField(choices=CountedStatus.choices)
    due_on = models.DateField()
    n = models.IntegerField()

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"manager {self.manager_id}, {self.department_id}×{self.course_id} {self.n:+d}"


class TeamHeadcount(models.Model):
    """How many active people (with a profile) report directly to `manager_id` (0: to nobody), as ±1 rows the account
    and profile triggers append in the writer's transaction (so no manager's row is hot); the fold sums them into
    one row per manager and the nightly reconcile repairs drift. A manager's reports read the rows of every manager
    in their reporting line for the number of people they cover. Counts only."""

    manager_id = models.BigIntegerField()
    n = models.IntegerField()

    class Meta:
        default_permissions = ()
        indexes = [models.Index(fields=["manager_id"], name="team_headcount_manager")]

    def __str__(self) -> str:
        return f"manager {self.manager_id}: {self.n:+d}"
