"""Reads for the HR and manager reports. Every selector takes the viewer's `ReportScope` (HR: everyone; a manager:
the people who report to them) and the parsed `ReportFilters`, and counts only current enrolment cycles of active
people. Query counts are fixed: they never grow with the number of learners, enrolments or attempts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Case, CharField, Count, DateField, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, TruncMinute, TruncWeek
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wagtail.models import Page

from analytics import privacy
from courses.models import Enrolment, ModulePage, ModuleProgress, ProgressState
from goals import access as goals_access
from goals import report as goals_report
from goals import selectors as goals_selectors
from people.models import Audience, CohortMembership, Department, Profile
from people.selectors import TeamSummary, team_subquery
from quizzes.models import Attempt, Decision, QuizKind, QuizVersion
from reports.filters import REPORT_RANGE_MAX_DAYS, GroupBy, ReportFilters, Status
from reports.models import COHORT_COUNTS, DEPARTMENT_COUNTS, TEAM_COUNTS, TeamHeadcount

if TYPE_CHECKING:
    from people.models import User

NO_DEPARTMENT = "—"


# --- Who the viewer may see ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportScope:
    """The people a viewer's reports cover: everyone (HR), a manager's reporting line (everyone below `manager_id`,
    joined from the reporting lines in SQL: never a list of ids), or nobody."""

    everyone: bool
    manager_id: int | None = None

    @property
    def nobody(self) -> bool:
        return not self.everyone and self.manager_id is None

    def limit(self, queryset: QuerySet, field_name: str = "user_id") -> QuerySet:
        if self.everyone:
            return queryset
        if self.manager_id is None:
            return queryset.none()
        return queryset.filter(**{f"{field_name}__in": team_subquery(manager_id=self.manager_id)})


def can_view_reports(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.has_perm("reports.view_all_reports") or user.has_perm("reports.view_team_reports"))
    )


def report_scope(*, user: User) -> ReportScope:
    """HR (`reports.view_all_reports`): everyone. Managers (`reports.view_team_reports`): the people who report to
    them directly or through others (people's own "My team" chain, joined as a subquery). Anyone else: nobody. No
    queries beyond the permission check."""
    if user.has_perm("reports.view_all_reports"):
        return ReportScope(everyone=True)
    if user.has_perm("reports.view_team_reports"):
        return ReportScope(everyone=False, manager_id=user.pk)
    return ReportScope(everyone=False)


def scope_has_people(*, scope: ReportScope) -> bool:
    """Whether the scope can cover anyone: everyone, or a manager with someone reporting to them. At most one
    query."""
    if scope.everyone:
        return True
    return scope.manager_id is not None and Profile.objects.filter(manager_id=scope.manager_id).exists()


def active_people(*, scope: ReportScope) -> int:
    """How many active people the scope covers. One query: for a manager, the maintained team headcount of every
    manager in their reporting line (a few rows, however large the line); for everyone, a count."""
    if scope.everyone or scope.manager_id is None:
        return scope.limit(Profile.objects.filter(user__is_active=True)).count()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(sum(n), 0) FROM {TeamHeadcount._meta.db_table} cells WHERE {IN_REPORTING_LINE}",  # noqa: S608 - constants
            [scope.manager_id, scope.manager_id],
        )
        return int(cursor.fetchone()[0])


def live_headcounts() -> dict[int, int]:
    """{manager id (0: none): active people with a profile reporting directly to them} from a live count: the team
    headcount's reference. One query."""
    rows = (
        Profile.objects.filter(user__is_active=True)
        .values(key=Coalesce("manager_id", 0))
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("key", "n")
    )
    return dict(rows)


# --- Departments -----------------------------------------------------------------------------------------------------
@dataclass
class DepartmentTree:
    """Every department's name and parent, from one query, to label and roll up rows without more queries."""

    names: dict[int, str]
    parents: dict[int, int | None]
    _children: dict[int | None, list[int]] = field(default_factory=dict)

    def path(self, pk: int | None) -> str:
        if pk is None or pk not in self.names:
            return NO_DEPARTMENT
        names, seen = [], set()
        while pk is not None and pk in self.names and pk not in seen:
            seen.add(pk)
            names.append(self.names[pk])
            pk = self.parents[pk]
        return " / ".join(reversed(names))

    def top(self, pk: int | None) -> int | None:
        seen = set()
        while pk is not None and self.parents.get(pk) is not None and pk not in seen:
            seen.add(pk)
            pk = self.parents[pk]
        return pk

    def subtree(self, pk: int) -> set[int]:
        if not self._children:
            for child, parent in self.parents.items():
                self._children.setdefault(parent, []).append(child)
        found, frontier = {pk}, [pk]
        while frontier:
            below = [c for p in frontier for c in self._children.get(p, []) if c not in found]
            found.update(below)
            frontier = below
        return found


def department_tree() -> DepartmentTree:
    """One query."""
    rows = list(Department.objects.order_by().values_list("pk", "name", "parent_id"))
    return DepartmentTree(names={pk: name for pk, name, _ in rows}, parents={pk: parent for pk, _, parent in rows})


# --- Enrolments and their status -------------------------------------------------------------------------------------
def status_expression(today: date) -> Case:
    """An enrolment's status as the reports name it; overdue wins over not started and in progress."""
    return Case(
        When(completed_at__isnull=False, then=Value(Status.COMPLETED)),
        When(due_on__lt=today, then=Value(Status.OVERDUE)),
        When(Q(progress_percent__gt=0) | Q(started_at__isnull=False), then=Value(Status.IN_PROGRESS)),
        default=Value(Status.NOT_STARTED),
        output_field=CharField(),
    )


def status_q(status: str, today: date) -> Q:
    done = Q(completed_at__isnull=False)
    late = Q(completed_at__isnull=True, due_on__lt=today)
    started = Q(progress_percent__gt=0) | Q(started_at__isnull=False)
    return {
        Status.COMPLETED: done,
        Status.OVERDUE: late,
        Status.IN_PROGRESS: ~done & ~late & started,
        Status.NOT_STARTED: ~done & ~late & ~started,
    }.get(status, Q())


def _people_filters(queryset: QuerySet, *, filters: ReportFilters, tree: DepartmentTree, prefix: str = "") -> QuerySet:
    """Department (with its sub-departments), cohort and audience filters on a queryset with a `user` relation."""
    if filters.department is not None:
        queryset = queryset.filter(
            **{f"{prefix}user__profile__department_id__in": sorted(tree.subtree(filters.department.pk))}
        )
    if filters.cohort is not None:
        # A subquery, not a join: a join to memberships would repeat rows and inflate the counts.
        queryset = queryset.filter(
            **{f"{prefix}user_id__in": CohortMembership.objects.filter(cohort=filters.cohort).values("user_id")}
        )
    if filters.audience:
        queryset = queryset.filter(**{f"{prefix}user__profile__audience": filters.audience})
    return queryset


def current_enrolments(
    *, scope: ReportScope, filters: ReportFilters, tree: DepartmentTree, date_field: str = "enrolled_at"
) -> QuerySet[Enrolment]:
    """Current cycles of active people in the viewer's scope, filtered. Earlier (recertified) cycles never count."""
    queryset = Enrolment.objects.filter(is_current=True, user__is_active=True)
    if filters.required_only:
        queryset = queryset.filter(required=True)
    queryset = scope.limit(queryset)
    if filters.course is not None:
        queryset = queryset.filter(course_id=filters.course.pk)
    queryset = _people_filters(queryset, filters=filters, tree=tree)
    # Times are compared by their local date; `due_on` is a date already.
    lookup = date_field if date_field == "due_on" else f"{date_field}__date"
    if filters.date_from:
        queryset = queryset.filter(**{f"{lookup}__gte": filters.date_from})
    if filters.date_to:
        queryset = queryset.filter(**{f"{lookup}__lte": filters.date_to})
    return queryset


def _page_titles(ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(ids))
    return dict(Page.objects.filter(pk__in=ids).values_list("pk", "title")) if ids else {}


def percent(part: int, whole: int) -> int:
    """`part` of `whole` as a whole percentage, halves rounded up (4 of 11 is 36)."""
    return (200 * part + whole) // (2 * whole) if whole else 0


# --- Completion rates ------------------------------------------------------------------------------------------------
@dataclass
class CompletionRow:
    group: str
    course: str
    course_id: int
    enrolled: int
    completed: int
    in_progress: int
    not_started: int
    overdue: int

    @property
    def rate(self) -> int:
        return percent(self.completed, self.enrolled)

    @property
    def label(self) -> str:
        return f"{self.group} · {self.course}" if self.group else self.course


GROUP_FIELDS = {
    GroupBy.DEPARTMENT: "user__profile__department_id",
    GroupBy.TOP_DEPARTMENT: "user__profile__department_id",
    GroupBy.COHORT: "user__cohort_memberships__cohort_id",
    GroupBy.AUDIENCE: "user__profile__audience",
}


def completion_by_group(*, scope: ReportScope, filters: ReportFilters, today: date) -> list[CompletionRow]:
    """Completion rates by group (department, top-level department, cohort, audience or none) × course. Two queries
    from the maintained counts (departments, the counts with the course titles), three from the live scan
    (departments, one GROUP BY, course titles), one more when grouping by cohort (cohort names), whatever the
    headcount. People in several cohorts count in each; people in none are "No cohort"."""
    tree = department_tree()
    group_by = filters.group_by or GroupBy.DEPARTMENT
    keys = {"course_key": "course_id"}
    if group_by in GROUP_FIELDS:
        keys["group_key"] = GROUP_FIELDS[group_by]
    titles: dict[int, str] | None = None
    if counts_can_answer(scope=scope, filters=filters):
        by_cohort = group_by == GroupBy.COHORT
        rows = counted_completion(filters=filters, today=today, tree=tree, by_cohort=by_cohort, scope=scope)
        keys["group_key"] = "group_id"
        titles = {row["course_id"]: row["course_title"] for row in rows}  # read with the counts
    else:
        rows = live_completion(scope=scope, filters=filters, today=today, tree=tree, group_field=keys.get("group_key"))
    group_label = _group_labeller(group_by, tree, [row.get(keys.get("group_key", "")) for row in rows])
    totals: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in rows:
        label = group_label(row[keys["group_key"]]) if group_by in GROUP_FIELDS else ""
        counts = totals[(label, row["course_id"])]
        counts[0] += row["enrolled"]
        counts[1] += row["completed"]
        counts[2] += row["overdue"]
        counts[3] += row["in_progress"]
    if titles is None:
        titles = _page_titles(course_id for _, course_id in totals)
    result = [
        CompletionRow(
            group=label,
            course=titles.get(course_id, ""),
            course_id=course_id,
            enrolled=enrolled,
            completed=completed,
            in_progress=in_progress,
            not_started=enrolled - completed - overdue - in_progress,
            overdue=overdue,
        )
        for (label, course_id), (enrolled, completed, overdue, in_progress) in totals.items()
    ]
    result.sort(key=lambda r: (r.group == NO_DEPARTMENT, r.group.lower(), r.course.lower()))
    return result


def live_completion(
    *, scope: ReportScope, filters: ReportFilters, today: date, tree: DepartmentTree, group_field: str | None
) -> list[dict]:
    """The completion counts by course (and `group_field`) from a scan of the enrolments: answers every filter and
    scope. One query."""
    done = Q(completed_at__isnull=False)
    late = Q(completed_at__isnull=True, due_on__lt=today)
    started = Q(progress_percent__gt=0) | Q(started_at__isnull=False)
    fields = ["course_id"] + ([group_field] if group_field else [])
    return list(
        current_enrolments(scope=scope, filters=filters, tree=tree)
        .values(*fields)
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=done),
            overdue=Count("pk", filter=late),
            in_progress=Count("pk", filter=~done & ~late & started),
        )
        .order_by()
    )


def counts_can_answer(*, scope: ReportScope, filters: ReportFilters) -> bool:
    """Whether the maintained counts hold the answer: everyone's or a manager's reporting line's enrolments (the
    department counts, or the team counts summed over the managers in the line), grouped by department, top-level
    department or course, filtered at most by course, required/all and department; or everyone's grouped by cohort
    (the cohort counts), filtered at most by course and required/all. A cohort or audience filter, audience
    grouping, date ranges and a manager's cohort grouping need the live scan."""
    group_by = filters.group_by or GroupBy.DEPARTMENT
    return (
        not scope.nobody
        and filters.cohort is None
        and not filters.audience
        and filters.date_from is None
        and filters.date_to is None
        and (
            group_by in (GroupBy.DEPARTMENT, GroupBy.TOP_DEPARTMENT, GroupBy.COURSE)
            or (group_by == GroupBy.COHORT and filters.department is None and scope.everyone)
        )
    )


# The totals (and the deltas not folded yet) give every cell's count whatever its due date; only the cells due
# before today are read per date, for "overdue": a few thousand rows however spread the due dates are.
COUNTED_SQL = """
SELECT counted.*, page.title FROM (
SELECT {group} AS group_id, course_id,
       sum(CASE WHEN late = 0 THEN n ELSE 0 END) AS enrolled,
       sum(CASE WHEN late = 0 AND status = 2 THEN n ELSE 0 END) AS completed,
       sum(CASE WHEN late = 1 THEN n ELSE 0 END) AS overdue,
       sum(CASE WHEN status = 1 THEN (1 - 2 * late) * n ELSE 0 END) AS in_progress
FROM (SELECT {columns}, course_id, required, status, n, 0 AS late FROM {totals}
      UNION ALL
      SELECT {columns}, course_id, required, status, n, 0 AS late FROM {deltas}
      UNION ALL
      SELECT {columns}, course_id, required, status, n, 1 AS late FROM {counts}
      WHERE due_on < %s AND status <> 2
      UNION ALL
      SELECT {columns}, course_id, required, status, n, 1 AS late FROM {deltas}
      WHERE due_on < %s AND status <> 2) cells
WHERE {where}
GROUP BY {group}, course_id) counted
LEFT JOIN {pages} page ON page.id = counted.course_id
WHERE counted.enrolled <> 0
"""

# A manager's reporting line in the team counts: the cells of the people who report to them directly, and of those
# whose manager reports to them (a primary-key probe in the reporting lines per cell). A scalar subquery, not EXISTS:
# PostgreSQL would hash an EXISTS over every line below a CEO (100,000 rows) instead of probing a few thousand cells.
# (people.ReportingLine's table, named as the counts' triggers name people's tables.)
IN_REPORTING_LINE = (
    "(manager_id = %s OR (SELECT r.depth FROM people_reportingline r WHERE r.ancestor_id = %s "
    "AND r.descendant_id = cells.manager_id) IS NOT NULL)"
)


def counted_completion(
    *,
    filters: ReportFilters,
    today: date,
    tree: DepartmentTree,
    by_cohort: bool = False,
    scope: ReportScope | None = None,
) -> list[dict]:
    """The completion counts by department (or cohort) × course read from the maintained counts (the totals, the
    cells due before `today`, plus the deltas not yet folded in): a few thousand rows instead of every enrolment.
    For a manager's `scope`, the team counts of every manager in their reporting line. One query, the course titles
    read with it; the rows are those of `live_completion` grouped by department or cohort, as `group_id` (people in
    none under 0), with `course_title`."""
    family = COHORT_COUNTS if by_cohort else DEPARTMENT_COUNTS
    where, params = ["1 = 1"], [today, today]
    if scope is not None and not scope.everyone:
        family = TEAM_COUNTS
        where.append(IN_REPORTING_LINE)
        params.extend([scope.manager_id, scope.manager_id])
    if filters.required_only:
        where.append("required = %s")
        params.append(True)
    if filters.course is not None:
        where.append("course_id = %s")
        params.append(filters.course.pk)
    if filters.department is not None and not by_cohort:
        ids = sorted(tree.subtree(filters.department.pk))
        where.append(f"department_id IN ({', '.join(['%s'] * len(ids))})")
        params.extend(ids)
    group = COHORT_COUNTS.group if by_cohort else DEPARTMENT_COUNTS.group
    with connection.cursor() as cursor:
        sql = COUNTED_SQL.format(
            where=" AND ".join(where),
            group=group,
            columns=family.group,
            totals=family.totals,
            counts=family.counts,
            deltas=family.deltas,
            pages=Page._meta.db_table,
        )
        cursor.execute(sql, params)
        return [
            {
                "group_id": group_id,
                "course_id": course_id,
                "course_title": title or "",
                "enrolled": enrolled,
                "completed": completed,
                "overdue": overdue,
                "in_progress": in_progress,
            }
            for group_id, course_id, enrolled, completed, overdue, in_progress, title in cursor.fetchall()
        ]


# My team's summary band from the team counts: the required cells of the managers in the reporting line (or only the
# manager's own cells: their direct reports), the totals and unfolded deltas for every cell, the cells due before
# today for "overdue"; and the people from the team headcount.
TEAM_SUMMARY_SQL = """
SELECT COALESCE(sum(CASE WHEN late = 0 THEN n ELSE 0 END), 0),
       COALESCE(sum(CASE WHEN late = 0 AND status = 2 THEN n ELSE 0 END), 0),
       COALESCE(sum(CASE WHEN late = 1 THEN n ELSE 0 END), 0),
       (SELECT COALESCE(sum(n), 0) FROM {headcount} cells WHERE {scope})
FROM (SELECT manager_id, status, n, 0 AS late FROM {totals} WHERE required
      UNION ALL
      SELECT manager_id, status, n, 0 AS late FROM {deltas} WHERE required
      UNION ALL
      SELECT manager_id, status, n, 1 AS late FROM {counts} WHERE required AND due_on < %s AND status <> 2
      UNION ALL
      SELECT manager_id, status, n, 1 AS late FROM {deltas} WHERE required AND due_on < %s AND status <> 2) cells
WHERE {scope}
"""


def counted_team_summary(*, manager_id: int, today: date, direct_only: bool = False) -> TeamSummary:
    """My team's summary band (people.selectors.TeamSummary) read from the maintained team counts and headcount:
    a few rows per manager in the line whatever the team's size, equal to `people.selectors.live_team_summary`.
    One query; registered with `people.hooks` by this app's config."""
    scope, scope_params = ("manager_id = %s", [manager_id]) if direct_only else (IN_REPORTING_LINE, [manager_id] * 2)
    sql = TEAM_SUMMARY_SQL.format(
        scope=scope,
        headcount=TeamHeadcount._meta.db_table,
        totals=TEAM_COUNTS.totals,
        deltas=TEAM_COUNTS.deltas,
        counts=TEAM_COUNTS.counts,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*scope_params, today, today, *scope_params])
        required, completed, overdue, people = cursor.fetchone()
    return TeamSummary(people=int(people), required=int(required), completed=int(completed), overdue=int(overdue))


CELL_GROUPS = {
    "department": ("user__profile__department_id",),
    "cohort": ("user__cohort_memberships__cohort_id",),
    "team": ("user__profile__manager_id", "user__profile__department_id"),
}


def live_completion_cells(*, today: date, group: str = "department") -> dict[tuple, int]:
    """Every cell of the maintained counts by `group` ("department", "cohort" or "team"), as folded on `today`, from a
    live scan: {(department or cohort id, or manager and department ids, 0 for none; course id, required, status,
    due-date bucket): enrolments}, current
    cycles of active people (in each of their cohorts), due dates before `today` in one bucket. One query; the
    reconcile's reference."""
    from reports.models import NO_DUE_DATE, PAST_DUE_DATE, CountedStatus

    no_due = date.fromisoformat(NO_DUE_DATE)
    past = date.fromisoformat(PAST_DUE_DATE)
    status = Case(
        When(completed_at__isnull=False, then=Value(CountedStatus.COMPLETED)),
        When(Q(progress_percent__gt=0) | Q(started_at__isnull=False), then=Value(CountedStatus.STARTED)),
        default=Value(CountedStatus.NOT_STARTED),
        output_field=IntegerField(),
    )
    due = Case(
        When(Q(completed_at__isnull=False) | Q(due_on__isnull=True), then=Value(no_due)),
        When(due_on__lt=today, then=Value(past)),
        default=F("due_on"),
        output_field=DateField(),
    )
    groups = {f"cell_group{i}": Coalesce(path, 0) for i, path in enumerate(CELL_GROUPS[group])}
    rows = (
        Enrolment.objects.filter(is_current=True, user__is_active=True)
        .values("course_id", "required", **groups, cell_status=status, cell_due=due)
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*groups, "course_id", "required", "cell_status", "cell_due", "n")
    )
    return {(*g, c, bool(r), s, b): n for *g, c, r, s, b, n in rows}


def _group_labeller(group_by: str, tree: DepartmentTree, keys: list | None):
    if group_by == GroupBy.DEPARTMENT:
        return tree.path
    if group_by == GroupBy.TOP_DEPARTMENT:
        return lambda pk: tree.path(tree.top(pk))
    if group_by == GroupBy.AUDIENCE:
        labels = dict(Audience.choices)
        return lambda value: str(labels.get(value, value or NO_DEPARTMENT))
    if group_by == GroupBy.COHORT:
        from people.models import Cohort

        ids = sorted({k for k in keys or [] if k is not None})
        names = dict(Cohort.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
        return lambda pk: names.get(pk, str(_("No cohort")))
    return lambda value: ""


# --- Each learner's status -------------------------------------------------------------------------------------------
LEARNER_FIELDS = (
    "pk",
    "user_id",
    "user__first_name",
    "user__last_name",
    "user__email",
    "user__profile__department_id",
    "user__profile__manager__first_name",
    "user__profile__manager__last_name",
    "user__profile__manager__email",
    "course_id",
    "course__title",
    "status",
    "progress_percent",
    "required",
    "enrolled_at",
    "due_on",
    "completed_at",
)


def search_learners(queryset: QuerySet, text: str) -> QuerySet:
    """Enrolments of people whose name or email contains every word of `text`."""
    for word in text.split()[:5]:
        queryset = queryset.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word) | Q(user__email__icontains=word)
        )
    return queryset


def learner_statuses(
    *, scope: ReportScope, filters: ReportFilters, today: date, tree: DepartmentTree, date_field: str = "enrolled_at"
) -> QuerySet:
    """Each learner's current enrolments (one dict per enrolment) with their status, in name order. One query (plus
    a count when paginated); the department paths come from `tree`."""
    queryset = current_enrolments(scope=scope, filters=filters, tree=tree, date_field=date_field).annotate(
        status=status_expression(today)
    )
    if filters.status:
        queryset = queryset.filter(status_q(filters.status, today))
    queryset = search_learners(queryset, filters.search)
    return queryset.values(*LEARNER_FIELDS).order_by(
        "user__last_name", "user__first_name", "user__email", "course__title", "pk"
    )


def counted_enrolments(*, scope: ReportScope, filters: ReportFilters, today: date, tree: DepartmentTree) -> int | None:
    """How many rows `learner_statuses` (or, with the overdue status, `overdue_enrolments`) lists, read from the
    maintained counts when they hold the answer (no search, and only filters `counts_can_answer` takes, plus the
    status), else None: a paginator then need not count every enrolment of a large reporting line. One query."""
    if filters.search.strip() or not counts_can_answer(scope=scope, filters=filters):
        return None
    rows = counted_completion(filters=filters, today=today, tree=tree, scope=scope)
    column = {
        Status.COMPLETED: "completed",
        Status.OVERDUE: "overdue",
        Status.IN_PROGRESS: "in_progress",
    }.get(filters.status)
    if column is not None:
        return sum(row[column] for row in rows)
    if filters.status == Status.NOT_STARTED:
        return sum(row["enrolled"] - row["completed"] - row["overdue"] - row["in_progress"] for row in rows)
    return sum(row["enrolled"] for row in rows)


def overdue_enrolments(*, scope: ReportScope, filters: ReportFilters, today: date, tree: DepartmentTree) -> QuerySet:
    """Unfinished current enrolments past their due date, longest overdue first."""
    queryset = current_enrolments(scope=scope, filters=filters, tree=tree, date_field="due_on").annotate(
        status=Value(Status.OVERDUE, output_field=CharField())
    )
    queryset = search_learners(queryset.filter(status_q(Status.OVERDUE, today)), filters.search)
    return queryset.values(*LEARNER_FIELDS).order_by("due_on", "user__last_name", "user__first_name", "pk")


def _name(first: str | None, last: str | None, email: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or (email or "")


@dataclass
class LearnerRow:
    enrolment_id: int
    user_id: int
    learner: str
    email: str
    department: str
    manager: str
    course: str
    course_id: int
    status: str
    progress_percent: int
    required: bool
    enrolled_on: date | None
    due_on: date | None
    completed_on: date | None
    today: date

    @property
    def status_label(self) -> str:
        return str(Status.LABELS.get(self.status, self.status))

    @property
    def days_overdue(self) -> int | None:
        if self.status != Status.OVERDUE or self.due_on is None:
            return None
        return (self.today - self.due_on).days


def learner_rows(values: Iterable[dict], *, tree: DepartmentTree, today: date) -> Iterator[LearnerRow]:
    """Rows of `learner_statuses`/`overdue_enrolments` ready to show or export. No queries."""
    for v in values:
        yield LearnerRow(
            enrolment_id=v["pk"],
            user_id=v["user_id"],
            learner=_name(v["user__first_name"], v["user__last_name"], v["user__email"]),
            email=v["user__email"],
            department=tree.path(v["user__profile__department_id"]),
            manager=_name(
                v["user__profile__manager__first_name"],
                v["user__profile__manager__last_name"],
                v["user__profile__manager__email"],
            ),
            course=v["course__title"],
            course_id=v["course_id"],
            status=v["status"],
            progress_percent=v["progress_percent"],
            required=v["required"],
            enrolled_on=timezone.localdate(v["enrolled_at"]) if v["enrolled_at"] else None,
            due_on=v["due_on"],
            completed_on=timezone.localdate(v["completed_at"]) if v["completed_at"] else None,
            today=today,
        )


# --- Learner × module detail (exports) -------------------------------------------------------------------------------
MODULE_DETAIL_CHUNK = 2000
STATE_LABELS = {state.value: str(state.label) for state in ProgressState}


def live_modules_by_course(course_ids: Iterable[int]) -> dict[int, list[tuple[int, str, bool]]]:
    """(id, title, required) of each course's live modules in course order. Two queries."""
    courses = dict(Page.objects.filter(pk__in=sorted(set(course_ids))).values_list("path", "pk"))
    modules: dict[int, list[tuple[int, str, bool]]] = {pk: [] for pk in courses.values()}
    if not courses:
        return modules
    steplen = ModulePage.steplen
    children = Q()
    for path in courses:
        children |= Q(path__startswith=path, depth=len(path) // steplen + 1)
    for pk, title, required, path in (
        ModulePage.objects.live().filter(children).order_by("path").values_list("pk", "title", "required", "path")
    ):
        course_id = courses.get(path[:-steplen])
        if course_id is not None:
            modules[course_id].append((pk, title, required))
    return modules


def module_detail_count(*, enrolments: QuerySet) -> int:
    """How many learner × module rows `learner_module_rows` gives: enrolments per course × live modules. Three
    queries."""
    per_course = dict(enrolments.order_by().values("course_id").annotate(n=Count("pk")).values_list("course_id", "n"))
    modules = live_modules_by_course(per_course)
    return sum(n * len(modules.get(course_id, [])) for course_id, n in per_course.items())


def _local_minute(field_name: str) -> Cast:
    """A time as "YYYY-MM-DD HH:MM" local-time text, made by the database: converting millions of datetimes in
    Python would cost more than the rest of an export."""
    return Cast(TruncMinute(field_name, tzinfo=timezone.get_current_timezone()), CharField())


def learner_module_rows(*, enrolments: QuerySet, tree: DepartmentTree) -> Iterator[tuple]:
    """One row per learner × live module of their current enrolments (learner, email, department, course, module,
    required, status, started, completed), modules not yet opened included, cells ready for a spreadsheet. Streams:
    the enrolments come through a server-side cursor and their progress in chunks of MODULE_DETAIL_CHUNK enrolments,
    so memory stays flat. Queries: three for the modules, one for the enrolments, one per chunk."""
    from analytics.exports import cell

    modules = live_modules_by_course(enrolments.order_by().values_list("course_id", flat=True).distinct())
    by_course = {
        course_id: [(module_id, cell(title), cell(required)) for module_id, title, required in course_modules]
        for course_id, course_modules in modules.items()
    }
    labels = {state: cell(label) for state, label in STATE_LABELS.items()}
    not_opened = (labels[ProgressState.NOT_STARTED], "", "")
    rows = enrolments.values_list(
        "pk",
        "course_id",
        "course__title",
        "user__first_name",
        "user__last_name",
        "user__email",
        "user__profile__department_id",
    ).order_by("user__last_name", "user__first_name", "user__email", "course__title", "pk")
    department_labels: dict[int | None, str] = {}
    course_labels: dict[int, str] = {}

    def flush(batch: list[tuple]) -> Iterator[tuple]:
        progress: dict[int, dict[int, tuple]] = defaultdict(dict)
        for enrolment_id, module_id, state, started, completed in (
            ModuleProgress.objects.filter(enrolment_id__in=[row[0] for row in batch])
            .annotate(started=_local_minute("started_at"), completed=_local_minute("completed_at"))
            .values_list("enrolment_id", "module_id", "state", "started", "completed")
        ):
            progress[enrolment_id][module_id] = (
                labels.get(state, not_opened[0]),
                started[:16] if started else "",
                completed[:16] if completed else "",
            )
        for enrolment_id, course_id, course_title, first, last, email, department_id in batch:
            if department_id not in department_labels:
                department_labels[department_id] = cell(tree.path(department_id))
            if course_id not in course_labels:
                course_labels[course_id] = cell(course_title)
            prefix = (
                cell(_name(first, last, email)),
                cell(email),
                department_labels[department_id],
                course_labels[course_id],
            )
            done = progress.get(enrolment_id, {})
            for module_id, title, required in by_course.get(course_id, ()):
                yield (*prefix, title, required, *done.get(module_id, not_opened))

    chunk: list[tuple] = []
    for row in rows.iterator(chunk_size=MODULE_DETAIL_CHUNK):
        chunk.append(row)
        if len(chunk) >= MODULE_DETAIL_CHUNK:
            yield from flush(chunk)
            chunk = []
    if chunk:
        yield from flush(chunk)


# --- Completions over time -------------------------------------------------------------------------------------------
DEFAULT_WEEKS = 12


@dataclass
class WeekRow:
    week_start: date
    completions: int

    @property
    def label(self) -> str:
        return self.week_start.strftime("%d %b %Y")


def completions_per_week(*, scope: ReportScope, filters: ReportFilters, today: date) -> list[WeekRow]:
    """Courses completed per week (weeks start on Monday, local time), every week of the range shown, by default
    the last 12. Completions of earlier cycles count in the week they happened. Two queries (departments, one
    GROUP BY)."""
    tree = department_tree()
    end = filters.date_to or today
    start = filters.date_from or (end - timedelta(days=end.weekday()) - timedelta(weeks=DEFAULT_WEEKS - 1))
    if start > end:
        start, end = end, start
    # The filter form refuses wider ranges; a saved export job's parameters are bounded here as well.
    start = max(start, end - timedelta(days=REPORT_RANGE_MAX_DAYS))
    queryset = Enrolment.objects.filter(completed_at__isnull=False, user__is_active=True)
    if filters.required_only:
        queryset = queryset.filter(required=True)
    queryset = scope.limit(queryset)
    if filters.course is not None:
        queryset = queryset.filter(course_id=filters.course.pk)
    queryset = _people_filters(queryset, filters=filters, tree=tree)
    queryset = queryset.filter(completed_at__date__gte=start, completed_at__date__lte=end)
    counts: dict[date, int] = {}
    for row in queryset.annotate(week=TruncWeek("completed_at")).values("week").annotate(n=Count("pk")).order_by():
        week = row["week"]
        week_start = week.date() if isinstance(week, datetime) else week
        counts[week_start] = counts.get(week_start, 0) + row["n"]
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(WeekRow(week_start=monday, completions=counts.get(monday, 0)))
        monday += timedelta(weeks=1)
    return weeks


# --- Quizzes: the learners, their groups and their attempts ----------------------------------------------------------
BUCKETS = [(0, 19), (20, 39), (40, 59), (60, 79), (80, 100)]
BUCKET_LABELS = [f"{low}–{high}%" for low, high in BUCKETS]


def quiz_labels(pages: list[Page]) -> dict[int, str]:
    """“Course › Module › Quiz” for quiz pages, from one query for their ancestors."""
    if not pages:
        return {}
    steplen = Page.steplen
    wanted = {p.path[: -steplen * 2] for p in pages} | {p.path[:-steplen] for p in pages}
    titles = dict(Page.objects.filter(path__in=sorted(wanted)).values_list("path", "title"))
    return {
        p.pk: " › ".join(t for t in (titles.get(p.path[: -steplen * 2]), titles.get(p.path[:-steplen]), p.title) if t)
        for p in pages
    }


def _quiz_pages(filters: ReportFilters, *, kinds: tuple[str, ...]) -> list[Page]:
    from quizzes.models import KnowledgeCheckPage, ScenarioPage

    models = {QuizKind.SCENARIO: ScenarioPage, QuizKind.KNOWLEDGE_CHECK: KnowledgeCheckPage}
    pages = Page.objects.type(*[models[k] for k in kinds]).order_by("path")
    if filters.quiz is not None:
        pages = pages.filter(pk=filters.quiz.pk)
    elif filters.course is not None:
        pages = pages.descendant_of(filters.course)
    return list(pages)


def _finished_attempts(scope: ReportScope, page_ids: list[int]) -> QuerySet[Attempt]:
    return scope.limit(Attempt.objects.filter(page_id__in=page_ids, submitted_at__isnull=False, user__is_active=True))


def learner_groups(
    *, user_ids: QuerySet | Iterable[int], group_by: str, tree: DepartmentTree | None = None
) -> list[privacy.LearnerGroup]:
    """The learners in `user_ids` by department or by cohort (people in several cohorts are in each), before the
    small-group rule; people in none are left for `_protect_with` to place. One query."""
    if group_by == GroupBy.DEPARTMENT:
        tree = tree or department_tree()
        by_department: dict[int | None, set[int]] = defaultdict(set)
        for user_id, department_id in Profile.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "department_id"
        ):
            by_department[department_id].add(user_id)
        return [
            privacy.LearnerGroup(key=f"department:{pk}", label=tree.path(pk), members=ids)
            for pk, ids in by_department.items()
            if pk is not None
        ]
    if group_by == GroupBy.COHORT:
        cohorts: dict[int, tuple[str, set[int]]] = {}
        for user_id, cohort_id, name in CohortMembership.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "cohort_id", "cohort__name"
        ):
            cohorts.setdefault(cohort_id, (name, set()))[1].add(user_id)
        return [
            privacy.LearnerGroup(key=f"cohort:{pk}", label=name, members=ids) for pk, (name, ids) in cohorts.items()
        ]
    return []


def _protect_with(
    memberships: list[privacy.LearnerGroup] | None, learners: set[int], group_by: str
) -> privacy.ProtectedGroups:
    """The small-group rule over the learners of one quiz, in the groups of `memberships` (from `learner_groups`);
    learners in no department or no cohort form a group of their own. No queries."""
    if group_by not in (GroupBy.DEPARTMENT, GroupBy.COHORT):
        return privacy.protect_groups(
            [privacy.LearnerGroup(key="everyone", label=str(_("All learners")), members=set(learners))]
        )
    candidates = [
        privacy.LearnerGroup(key=g.key, label=g.label, members=g.members & learners) for g in memberships or []
    ]
    placed = set().union(*(g.members for g in candidates)) if candidates else set()
    if learners - placed:
        label = NO_DEPARTMENT if group_by == GroupBy.DEPARTMENT else str(_("No cohort"))
        candidates.append(privacy.LearnerGroup(key=f"{group_by}:none", label=label, members=learners - placed))
    return privacy.protect_groups(candidates)


@dataclass
class QuizRow:
    quiz: str
    quiz_id: int
    group: str
    learners: int
    passed: int | None = None
    average: int | None = None
    buckets: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def pass_rate(self) -> int | None:
        return None if self.passed is None else percent(self.passed, self.learners)

    @property
    def suppressed(self) -> bool:
        return self.passed is None

    def bucket(self, index: int) -> int | None:
        return self.buckets[index] if self.buckets else None


def _attempt_percent(score, maximum) -> int:
    if not maximum or maximum <= 0:
        return 0
    return max(0, min(100, round(100 * float(score) / float(maximum))))


def quiz_results(*, scope: ReportScope, filters: ReportFilters) -> list[QuizRow]:
    """Per quiz and group: learners who finished it, how many passed, their average and the distribution of each
    learner's best score. Groups under the minimum size are merged or held back (analytics/privacy.py). Five queries
    (quiz pages, their labels, departments, attempts, group memberships), whatever the number of attempts."""
    pages = _quiz_pages(filters, kinds=(QuizKind.SCENARIO, QuizKind.KNOWLEDGE_CHECK))
    labels = quiz_labels(pages)
    group_by = filters.group_by or GroupBy.EVERYONE
    tree = department_tree() if group_by == GroupBy.DEPARTMENT else None
    attempts = _finished_attempts(scope, [p.pk for p in pages])
    best: dict[int, dict[int, list]] = defaultdict(dict)
    for page_id, user_id, score, maximum, passed in attempts.values_list(
        "page_id", "user_id", "score", "maximum", "passed"
    ):
        mark = _attempt_percent(score, maximum)
        current = best[page_id].get(user_id)
        if current is None:
            best[page_id][user_id] = [mark, bool(passed)]
        else:
            current[0] = max(current[0], mark)
            current[1] = current[1] or bool(passed)
    memberships = None
    if group_by != GroupBy.EVERYONE and best:
        memberships = learner_groups(user_ids=attempts.values("user_id"), group_by=group_by, tree=tree)
    rows: list[QuizRow] = []
    for page in pages:
        learners = best.get(page.pk, {})
        if not learners:
            continue
        protected = _protect_with(memberships, set(learners), group_by)
        for group in protected.groups:
            if group.suppressed:
                rows.append(
                    QuizRow(
                        quiz=labels[page.pk],
                        quiz_id=page.pk,
                        group=group.label,
                        learners=0,
                        note=privacy.too_small_notice(),
                    )
                )
                continue
            marks = [learners[uid][0] for uid in group.members]
            rows.append(
                QuizRow(
                    quiz=labels[page.pk],
                    quiz_id=page.pk,
                    group=group.label,
                    learners=len(marks),
                    passed=sum(1 for uid in group.members if learners[uid][1]),
                    average=round(sum(marks) / len(marks)),
                    buckets=[sum(1 for m in marks if low <= m <= high) for low, high in BUCKETS],
                    note=protected.merge_notice if group.is_other else "",
                )
            )
    return rows


def _first_attempts(scope: ReportScope, page_ids: list[int], *, with_questions: bool = False) -> dict[int, tuple]:
    """{attempt id: (page id, user id, version id, questions)} of each learner's first finished attempt at each
    page; `questions` (the attempt's copy of its knowledge-check questions) only when asked for. One query."""
    fields = ["pk", "page_id", "user_id", "number", "version_id"] + (["questions"] if with_questions else [])
    first: dict[tuple[int, int], tuple] = {}
    for row in _finished_attempts(scope, page_ids).order_by().values_list(*fields):
        key = (row[1], row[2])
        if key not in first or row[3] < first[key][3]:
            first[key] = row
    return {row[0]: (row[1], row[2], row[4], row[5] if with_questions else None) for row in first.values()}


# --- Scenario choices ------------------------------------------------------------------------------------------------
@dataclass
class ChoiceRow:
    step_number: int
    step: str
    choice: str
    group: str
    at_step: int | None
    chose: int | None
    note: str = ""

    @property
    def share(self) -> int | None:
        return None if self.chose is None or not self.at_step else percent(self.chose, self.at_step)

    @property
    def suppressed(self) -> bool:
        return self.chose is None


@dataclass
class PracticeReport:
    """Rows of a practice report for one quiz, with the notices the screen shows above them."""

    quiz: Page | None
    quiz_label: str
    rows: list
    merge_notice: str = ""
    held_back_notice: str = ""
    learners: int = 0


def _step_labels(versions: Iterable[dict]) -> tuple[dict[str, tuple[int, str]], dict[tuple[str, str], str]]:
    steps: dict[str, tuple[int, str]] = {}
    choices: dict[tuple[str, str], str] = {}
    for content in versions:
        number = 0
        for node in content.get("nodes", []):
            if node.get("kind") != "step":
                continue
            number += 1
            situation = Truncator(strip_tags(node.get("situation") or "")).chars(90)
            label = f"{node.get('clock')} — {situation}" if node.get("clock") else situation
            steps.setdefault(node["key"], (number, label or node["key"]))
            for choice in node.get("choices", []):
                choices.setdefault((node["key"], choice.get("id", "")), Truncator(choice.get("text", "")).chars(120))
    return steps, choices


def scenario_choices(*, scope: ReportScope, filters: ReportFilters) -> PracticeReport:
    """For one scenario (the first if none is chosen): at each step, the share of each group's learners who took
    each choice, from each learner's first finished attempt. Groups and steps with fewer learners than the minimum
    are merged or held back (analytics/privacy.py). Seven queries whatever the number of attempts."""
    pages = _quiz_pages(filters, kinds=(QuizKind.SCENARIO,))[:1]
    if not pages:
        return PracticeReport(quiz=None, quiz_label="", rows=[])
    page = pages[0]
    label = quiz_labels([page])[page.pk]
    group_by = filters.group_by or GroupBy.DEPARTMENT
    first = _first_attempts(scope, [page.pk])
    if not first:
        return PracticeReport(quiz=page, quiz_label=label, rows=[])
    learner_of = {pk: user_id for pk, (_p, user_id, _v, _q) in first.items()}
    versions = QuizVersion.objects.filter(pk__in=sorted({v for _p, _u, v, _q in first.values()})).order_by("-pk")
    steps, choice_texts = _step_labels(v.content for v in versions)
    taken: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    decisions = scope.limit(
        Decision.objects.filter(attempt__page_id=page.pk, attempt__submitted_at__isnull=False), "attempt__user_id"
    )
    for attempt_id, step_key, choice_id in decisions.values_list("attempt_id", "step_key", "choice_id"):
        user_id = learner_of.get(attempt_id)
        if user_id is not None:
            taken[step_key][choice_id].add(user_id)
    learners = set(learner_of.values())
    tree = department_tree() if group_by == GroupBy.DEPARTMENT else None
    memberships = (
        learner_groups(user_ids=sorted(learners), group_by=group_by, tree=tree)
        if group_by != GroupBy.EVERYONE
        else None
    )
    protected = _protect_with(memberships, learners, group_by)
    rows: list[ChoiceRow] = []
    ordered_steps = sorted(taken, key=lambda key: (steps.get(key, (999, key))[0], key))
    for step_key in ordered_steps:
        number, step_label = steps.get(step_key, (0, step_key))
        all_choices = sorted(
            {c for (s, c) in choice_texts if s == step_key} | set(taken[step_key]),
            key=lambda c: list(choice_texts).index((step_key, c)) if (step_key, c) in choice_texts else 999,
        )
        for group in protected.groups:
            at_step = set().union(*taken[step_key].values()) & group.members
            hidden = group.suppressed or not privacy.enough(len(at_step))
            for choice_id in all_choices:
                rows.append(
                    ChoiceRow(
                        step_number=number,
                        step=step_label,
                        choice=choice_texts.get((step_key, choice_id), choice_id),
                        group=group.label,
                        at_step=None if hidden else len(at_step),
                        chose=None if hidden else len(taken[step_key][choice_id] & group.members),
                        note=privacy.too_small_notice() if hidden else "",
                    )
                )
    held = protected.held_back
    return PracticeReport(
        quiz=page,
        quiz_label=label,
        rows=rows,
        merge_notice=protected.merge_notice,
        held_back_notice=privacy.too_small_notice() if held else "",
        learners=len(learners),
    )


# --- Knowledge-check questions ---------------------------------------------------------------------------------------
@dataclass
class QuestionRow:
    number: int
    question: str
    group: str
    answered: int | None
    correct: int | None
    note: str = ""

    @property
    def share(self) -> int | None:
        return None if self.correct is None or not self.answered else percent(self.correct, self.answered)

    @property
    def suppressed(self) -> bool:
        return self.correct is None


def question_results(*, scope: ReportScope, filters: ReportFilters) -> PracticeReport:
    """For one knowledge check (the first if none is chosen): per question and group, how many learners answered
    it in their first finished attempt and the share who got it right. The small-group rule applies per group and
    per question. Seven queries whatever the number of attempts."""
    pages = _quiz_pages(filters, kinds=(QuizKind.KNOWLEDGE_CHECK,))[:1]
    if not pages:
        return PracticeReport(quiz=None, quiz_label="", rows=[])
    page = pages[0]
    label = quiz_labels([page])[page.pk]
    group_by = filters.group_by or GroupBy.EVERYONE
    first = _first_attempts(scope, [page.pk], with_questions=True)
    if not first:
        return PracticeReport(quiz=page, quiz_label=label, rows=[])
    titles: dict[int, str] = {}
    order: list[int] = []
    answered: dict[int, dict[int, bool]] = defaultdict(dict)
    decisions = scope.limit(
        Decision.objects.filter(attempt__page_id=page.pk, attempt__submitted_at__isnull=False), "attempt__user_id"
    )
    for attempt_id, sequence, correct in decisions.values_list("attempt_id", "sequence", "correct"):
        if attempt_id not in first:
            continue
        copies = first[attempt_id][3] or []
        if not 0 <= sequence < len(copies):
            continue
        copy = copies[sequence]
        question_id = copy.get("question_id")
        if question_id not in titles:
            titles[question_id] = Truncator(strip_tags(copy.get("title") or copy.get("text") or "")).chars(120)
            order.append(question_id)
        answered[question_id][first[attempt_id][1]] = bool(correct)
    learners = {user_id for _p, user_id, _v, _q in first.values()}
    tree = department_tree() if group_by == GroupBy.DEPARTMENT else None
    memberships = (
        learner_groups(user_ids=sorted(learners), group_by=group_by, tree=tree)
        if group_by != GroupBy.EVERYONE
        else None
    )
    protected = _protect_with(memberships, learners, group_by)
    rows = []
    for number, question_id in enumerate(sorted(order, key=lambda q: titles[q].lower()), start=1):
        for group in protected.groups:
            results = {uid: ok for uid, ok in answered[question_id].items() if uid in group.members}
            hidden = group.suppressed or not privacy.enough(len(results))
            rows.append(
                QuestionRow(
                    number=number,
                    question=titles[question_id],
                    group=group.label,
                    answered=None if hidden else len(results),
                    correct=None if hidden else sum(results.values()),
                    note=privacy.too_small_notice() if hidden else "",
                )
            )
    return PracticeReport(
        quiz=page,
        quiz_label=label,
        rows=rows,
        merge_notice=protected.merge_notice,
        held_back_notice=privacy.too_small_notice() if protected.held_back else "",
        learners=len(learners),
    )


# --- Weekly digest ---------------------------------------------------------------------------------------------------
DIGEST_OVERDUE_LIMIT = 20


@dataclass
class DigestSummary:
    courses: list[CompletionRow]
    completed_this_week: int
    overdue: list[LearnerRow]
    overdue_total: int
    people: int


def digest_summary(*, scope: ReportScope, today: date) -> DigestSummary:
    """What the weekly digest says about the recipient's scope: each course's completion, completions in the last
    seven days and the people overdue (the first 20 and how many in all). Eight queries."""
    filters = ReportFilters(group_by=GroupBy.COURSE)
    tree = department_tree()
    courses = completion_by_group(scope=scope, filters=filters, today=today)
    week_ago = timezone.now() - timedelta(days=7)
    completed = scope.limit(
        Enrolment.objects.filter(completed_at__gte=week_ago, user__is_active=True, required=True)
    ).count()
    overdue = overdue_enrolments(scope=scope, filters=ReportFilters(), today=today, tree=tree)
    people = active_people(scope=scope)
    return DigestSummary(
        courses=courses,
        completed_this_week=completed,
        overdue=list(learner_rows(overdue[:DIGEST_OVERDUE_LIMIT], tree=tree, today=today)),
        overdue_total=overdue.count(),
        people=people,
    )


def digest_goals(*, user: User) -> list[str]:
    """One line per objective the recipient sees in the goals and return report (goals/access.py), for the digest.
    A fixed number of queries (goals/selectors.py)."""
    if not user.has_perm("goals.view_goals_report"):
        return []
    reports = goals_selectors.objective_reports(objectives=goals_access.visible_objectives(user))
    return [goals_report.digest_line(data) for data in reports]


# --- Knowledge-check mastery -----------------------------------------------------------------------------------------
@dataclass
class MasteryRow:
    """One learner at one knowledge check: finished attempts, best score and whether the first attempt passed."""

    learner: str
    email: str
    department: str
    check: str
    check_id: int
    attempts: int
    best_percent: int
    passed: bool
    passed_first_time: bool

    @property
    def passed_label(self) -> str:
        return _("Yes") if self.passed else _("No")

    @property
    def first_time_label(self) -> str:
        return _("Yes") if self.passed_first_time else _("No")


@dataclass
class DepartmentMastery:
    """Per department: learners × checks attempted, and how many of those passed at the first attempt."""

    department: str
    taken: int
    first_time: int

    @property
    def share(self) -> int:
        return percent(self.first_time, self.taken)


def mastery(*, scope: ReportScope, filters: ReportFilters, tree: DepartmentTree) -> list[MasteryRow]:
    """Each learner's finished attempts, best score and first-attempt pass at each knowledge check (every cycle),
    for the learners the viewer may see, by course, knowledge check and department (with sub-departments). Three
    queries (checks, their labels, attempts with their learners) after the department tree."""
    pages = _quiz_pages(filters, kinds=(QuizKind.KNOWLEDGE_CHECK,))
    labels = quiz_labels(pages)
    attempts = _people_filters(_finished_attempts(scope, [p.pk for p in pages]), filters=filters, tree=tree)
    per: dict[tuple[int, int], dict] = {}
    for user_id, page_id, score, maximum, passed, first, last, email, department_id in attempts.order_by(
        "user__last_name", "user__first_name", "user_id", "page__path", "number"
    ).values_list(
        "user_id",
        "page_id",
        "score",
        "maximum",
        "passed",
        "user__first_name",
        "user__last_name",
        "user__email",
        "user__profile__department_id",
    ):
        entry = per.setdefault(
            (user_id, page_id),
            {
                "learner": f"{first} {last}".strip() or email,
                "email": email,
                "department": tree.path(department_id),
                "attempts": 0,
                "best": 0,
                "passed": False,
                "first": bool(passed),  # attempts come in order of their number
            },
        )
        entry["attempts"] += 1
        entry["best"] = max(entry["best"], _attempt_percent(score, maximum))
        entry["passed"] = entry["passed"] or bool(passed)
    return [
        MasteryRow(
            learner=entry["learner"],
            email=entry["email"],
            department=entry["department"],
            check=labels[page_id],
            check_id=page_id,
            attempts=entry["attempts"],
            best_percent=entry["best"],
            passed=entry["passed"],
            passed_first_time=entry["first"],
        )
        for (_user_id, page_id), entry in per.items()
    ]


def mastery_by_department(rows: Iterable[MasteryRow]) -> list[DepartmentMastery]:
    """The share of learners × checks passed at the first attempt, per department (no queries). Not held back for
    small departments: the report shows every row it sums by name (docs/reports.md, "Practice stays private")."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        totals[row.department][0] += 1
        totals[row.department][1] += row.passed_first_time
    return [DepartmentMastery(department=name, taken=t, first_time=f) for name, (t, f) in sorted(totals.items())]
