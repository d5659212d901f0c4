"""Each report once: its filters, its selector and its export columns. The admin views show a report; an export
made at once and one made later by a task (reports/services.py) read the very same rows from here, so the file
always holds what the screen shows."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wagtail.coreutils import multigetattr

from analytics.exports import cell
from reports import selectors
from reports.filters import (
    CompletionFilterSet,
    CompletionsOverTimeFilterSet,
    LearnerStatusFilterSet,
    MasteryFilterSet,
    OverdueFilterSet,
    QuestionResultsFilterSet,
    QuizResultsFilterSet,
    ReportFilters,
    ScenarioChoicesFilterSet,
    Status,
    parse_filters,
)

if TYPE_CHECKING:
    from django.http import QueryDict

    from people.models import User


@dataclass
class ReportRequest:
    """Who asks, what they may see, which filters, and the day the report is for."""

    user: User
    scope: selectors.ReportScope
    filters: ReportFilters
    today: date

    @cached_property
    def tree(self) -> selectors.DepartmentTree:
        return selectors.department_tree()


def report_request(*, report: Report, user: User, data: QueryDict, today: date) -> ReportRequest:
    return ReportRequest(
        user=user,
        scope=selectors.report_scope(user=user),
        filters=parse_filters(report.filterset_class, data),
        today=today,
    )


class Report:
    """A report: `select` runs its selector, `rows` turns the result into the objects a screen lists, and
    `export_rows` into plain cells in the order of `columns` (accessor on a row, heading)."""

    slug = ""
    title = ""
    description = ""
    filterset_class = None
    columns: list[tuple[str, Any]] = []

    @property
    def headings(self) -> list[str]:
        return [str(heading) for _, heading in self.columns]

    def select(self, request: ReportRequest) -> Any:
        raise NotImplementedError

    def rows(self, selected: Any, request: ReportRequest) -> Iterable:
        return selected

    def count(self, selected: Any) -> int:
        return selected.count() if isinstance(selected, QuerySet) else len(selected)

    def counted(self, request: ReportRequest) -> int | None:
        """How many rows `select` gives, from the maintained counts, or None where they cannot say (then `count`)."""
        return None

    def export_rows(self, selected: Any, request: ReportRequest) -> Iterator[tuple]:
        accessors = [accessor for accessor, _ in self.columns]
        if isinstance(selected, QuerySet):
            selected = selected.iterator(chunk_size=2000)
        for row in self.rows(selected, request):
            yield tuple(cell(multigetattr(row, accessor)) for accessor in accessors)


class CompletionReport(Report):
    slug = "completion"
    title = _("Completion rates")
    description = _("Completion of current enrolment cycles by department, cohort or audience, and course.")
    filterset_class = CompletionFilterSet
    columns = [
        ("group", _("Group")),
        ("course", _("Course")),
        ("enrolled", _("Enrolled")),
        ("completed", _("Completed")),
        ("rate", _("Completion rate (%)")),
        ("in_progress", _("In progress")),
        ("not_started", _("Not started")),
        ("overdue", _("Overdue")),
    ]

    def select(self, request):
        return selectors.completion_by_group(scope=request.scope, filters=request.filters, today=request.today)


class LearnerStatusReport(Report):
    slug = "learners"
    title = _("Learner status")
    description = _("Each learner's current courses: status, progress, due date and completion.")
    filterset_class = LearnerStatusFilterSet
    columns = [
        ("learner", _("Learner")),
        ("email", _("Email")),
        ("department", _("Department")),
        ("manager", _("Manager")),
        ("course", _("Course")),
        ("status_label", _("Status")),
        ("progress_percent", _("Progress (%)")),
        ("required", _("Required")),
        ("enrolled_on", _("Enrolled on")),
        ("due_on", _("Due on")),
        ("completed_on", _("Completed on")),
    ]

    def select(self, request):
        return selectors.learner_statuses(
            scope=request.scope, filters=request.filters, today=request.today, tree=request.tree
        )

    def rows(self, selected, request):
        return selectors.learner_rows(selected, tree=request.tree, today=request.today)

    def counted(self, request):
        return selectors.counted_enrolments(
            scope=request.scope, filters=request.filters, today=request.today, tree=request.tree
        )


class OverdueReport(LearnerStatusReport):
    slug = "overdue"
    title = _("Overdue")
    description = _("Current enrolments past their due date and not completed, longest overdue first.")
    filterset_class = OverdueFilterSet
    columns = [
        ("learner", _("Learner")),
        ("email", _("Email")),
        ("department", _("Department")),
        ("manager", _("Manager")),
        ("course", _("Course")),
        ("due_on", _("Due on")),
        ("days_overdue", _("Days overdue")),
        ("progress_percent", _("Progress (%)")),
    ]

    def select(self, request):
        return selectors.overdue_enrolments(
            scope=request.scope, filters=request.filters, today=request.today, tree=request.tree
        )

    def counted(self, request):
        # The report's date range is of due dates; the counts cannot filter by those (`counts_can_answer` says so).
        filters = dataclasses.replace(request.filters, status=Status.OVERDUE)
        return selectors.counted_enrolments(
            scope=request.scope, filters=filters, today=request.today, tree=request.tree
        )


class ModuleDetailReport(Report):
    """Learner × module rows of the learner-status report's enrolments: an export only, with no screen of its own."""

    slug = "module-detail"
    title = _("Learner status by module")
    filterset_class = LearnerStatusFilterSet
    columns = [
        ("learner", _("Learner")),
        ("email", _("Email")),
        ("department", _("Department")),
        ("course", _("Course")),
        ("module", _("Module")),
        ("required", _("Required module")),
        ("state", _("Status")),
        ("started", _("Started")),
        ("completed", _("Completed")),
    ]

    def select(self, request):
        filters = request.filters
        enrolments = selectors.current_enrolments(scope=request.scope, filters=filters, tree=request.tree)
        if filters.status:
            enrolments = enrolments.filter(selectors.status_q(filters.status, request.today))
        return selectors.search_learners(enrolments, filters.search)

    def count(self, selected):
        return selectors.module_detail_count(enrolments=selected)

    def export_rows(self, selected, request):
        return selectors.learner_module_rows(enrolments=selected, tree=request.tree)


class CompletionsOverTimeReport(Report):
    slug = "completions-over-time"
    title = _("Completions per week")
    description = _(
        "Courses completed each week (weeks start on Monday). A recertification's earlier cycles count in the week "
        "they were completed."
    )
    filterset_class = CompletionsOverTimeFilterSet
    columns = [("week_start", _("Week starting")), ("completions", _("Completions"))]

    def select(self, request):
        return selectors.completions_per_week(scope=request.scope, filters=request.filters, today=request.today)


class QuizResultsReport(Report):
    slug = "quiz-results"
    title = _("Quiz results")
    description = _(
        "Learners who finished each quiz, how many passed and the distribution of their best scores. Groups of "
        "fewer than the minimum size are merged into “Other” or not shown, to keep practice private."
    )
    filterset_class = QuizResultsFilterSet
    columns = [
        ("quiz", _("Quiz")),
        ("group", _("Group")),
        ("learners", _("Learners")),
        ("passed", _("Passed")),
        ("pass_rate", _("Pass rate (%)")),
        ("average", _("Average best score (%)")),
        *[(f"buckets.{i}", label) for i, label in enumerate(selectors.BUCKET_LABELS)],
        ("note", _("Note")),
    ]

    def select(self, request):
        return selectors.quiz_results(scope=request.scope, filters=request.filters)

    def export_rows(self, selected, request):
        for row in selected:
            # A held-back row has no numbers at all, not zeros.
            values = [
                row.quiz,
                row.group,
                None if row.suppressed else row.learners,
                row.passed,
                row.pass_rate,
                row.average,
                *[row.bucket(i) for i in range(len(selectors.BUCKETS))],
                row.note,
            ]
            yield tuple(cell(v) for v in values)


class ScenarioChoicesReport(Report):
    slug = "scenario-choices"
    title = _("Scenario choices")
    description = _(
        "At each step of a scenario, the share of learners who took each choice, from their first finished attempt."
    )
    filterset_class = ScenarioChoicesFilterSet
    columns = [
        ("step_number", _("Step")),
        ("step", _("Situation")),
        ("choice", _("Choice")),
        ("group", _("Group")),
        ("at_step", _("Learners at this step")),
        ("chose", _("Took this choice")),
        ("share", _("Share (%)")),
        ("note", _("Note")),
    ]

    def select(self, request):
        return selectors.scenario_choices(scope=request.scope, filters=request.filters)

    def rows(self, selected, request):
        return selected.rows

    def count(self, selected):
        return len(selected.rows)


class QuestionResultsReport(ScenarioChoicesReport):
    slug = "question-results"
    title = _("Knowledge-check questions")
    description = _(
        "For each question of a knowledge check, how many learners answered it in their first finished attempt and "
        "the share who got it right."
    )
    filterset_class = QuestionResultsFilterSet
    columns = [
        ("number", _("Number")),
        ("question", _("Question")),
        ("group", _("Group")),
        ("answered", _("Answered")),
        ("correct", _("Correct")),
        ("share", _("Correct (%)")),
        ("note", _("Note")),
    ]

    def select(self, request):
        return selectors.question_results(scope=request.scope, filters=request.filters)


class MasteryReport(Report):
    slug = "mastery"
    title = _("Knowledge-check mastery")
    description = _(
        "Beside completion: each learner's finished attempts and best score at each knowledge check, whether they "
        "passed, and whether they passed at the first attempt; above, each department's share passed first time."
    )
    filterset_class = MasteryFilterSet
    columns = [
        ("learner", _("Learner")),
        ("email", _("Email")),
        ("department", _("Department")),
        ("check", _("Knowledge check")),
        ("attempts", _("Attempts")),
        ("best_percent", _("Best score (%)")),
        ("passed_label", _("Passed")),
        ("first_time_label", _("Passed first time")),
    ]

    def select(self, request):
        return selectors.mastery(scope=request.scope, filters=request.filters, tree=request.tree)


COMPLETION = CompletionReport()
LEARNERS = LearnerStatusReport()
OVERDUE = OverdueReport()
MODULE_DETAIL = ModuleDetailReport()
COMPLETIONS_OVER_TIME = CompletionsOverTimeReport()
QUIZ_RESULTS = QuizResultsReport()
SCENARIO_CHOICES = ScenarioChoicesReport()
QUESTION_RESULTS = QuestionResultsReport()
MASTERY = MasteryReport()

REPORTS: dict[str, Report] = {
    r.slug: r
    for r in (
        COMPLETION,
        LEARNERS,
        OVERDUE,
        MODULE_DETAIL,
        COMPLETIONS_OVER_TIME,
        QUIZ_RESULTS,
        SCENARIO_CHOICES,
        QUESTION_RESULTS,
        MASTERY,
    )
}
