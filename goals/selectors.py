"""What goals reads: each objective's series with its baseline and target, the weeks its relying courses passed 50 %
and 90 % completion among its people, the before/after comparison over equal windows, and the learning time ("the
I") those people invested, in hours and money per month. The report for any number of objectives takes a fixed
number of queries (tests/goals/test_report_queries.py); the maths are pure functions below them."""

from __future__ import annotations

import datetime
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, FloatField, Max, Min, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from analytics.privacy import minimum_group_size, too_small_notice
from courses.models import Enrolment, ModuleProgress
from goals.models import Direction, HourlyCost, MetricValue, Objective, PersonalGoal, period_start
from people.models import CohortMembership, Profile, User
from people.selectors import department_parents, departments_within
from practice.models import CohortSession, RefresherAnswer, SessionAttendance
from quizzes.models import Attempt

MAX_WINDOW = 12  # periods on each side of the comparison, at most
MAX_ATTEMPT_SECONDS = 30 * 60  # a quiz left open overnight counts as half an hour, not a night
REFRESHER_READING_SECONDS = 60  # the first question of a refresher is read before it is answered
MAX_REFRESHER_SECONDS = 15 * 60
THRESHOLDS = (50, 90)


# --- Pure maths ----------------------------------------------------------------------------------------------------
class Point(NamedTuple):
    start: datetime.date
    value: float


@dataclass(frozen=True)
class Window:
    first: datetime.date
    last: datetime.date
    mean: float
    periods: int


@dataclass(frozen=True)
class Comparison:
    """The mean of the latest `periods` values since `pivot` against the `periods` just before it."""

    pivot: datetime.date
    before: Window
    after: Window
    change: float
    percent: float | None
    verdict: str  # better, worse or same, in the metric's direction

    @property
    def periods(self) -> int:
        return self.before.periods


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def verdict(change: float, direction: str, *, scale: float = 1.0) -> str:
    """better / worse / same: a change smaller than a thousandth of the scale is no change."""
    if abs(change) <= abs(scale) * 1e-3:
        return "same"
    improved = change < 0 if direction == Direction.LOWER else change > 0
    return "better" if improved else "worse"


def compare_windows(
    points: list[Point], *, pivot: datetime.date, direction: str, max_window: int = MAX_WINDOW
) -> Comparison | None:
    """Equal windows either side of `pivot` (the period the relying courses passed 50 %): the N periods just before
    it and the latest N on or after it, N the most both sides have (at most `max_window`). None when either side is
    empty. `points` sorted by start."""
    split = bisect_left(points, pivot, key=start_of)
    before, after = points[:split], points[split:]
    size = min(len(before), len(after), max_window)
    if size < 1:
        return None
    before, after = before[-size:], after[-size:]
    before_mean, after_mean = mean(p.value for p in before), mean(p.value for p in after)
    change = after_mean - before_mean
    return Comparison(
        pivot=pivot,
        before=Window(before[0].start, before[-1].start, before_mean, size),
        after=Window(after[0].start, after[-1].start, after_mean, size),
        change=change,
        percent=(change / before_mean * 100) if before_mean else None,
        verdict=verdict(change, direction, scale=before_mean or 1.0),
    )


def baseline_observed(points: list[Point], *, first: datetime.date, last: datetime.date) -> float | None:
    """The mean of the values recorded in the baseline period (to set beside the baseline HR entered). `points`
    sorted by start."""
    return mean(
        p.value for p in points[bisect_left(points, first, key=start_of) : bisect_right(points, last, key=start_of)]
    )


def start_of(point: Point) -> datetime.date:
    return point.start


def target_progress(*, baseline: float, target: float, current: float | None) -> float | None:
    """How much of the way from baseline to target `current` has come, in percent (negative: the wrong way)."""
    if current is None or target == baseline:
        return None
    return (current - baseline) / (target - baseline) * 100


def threshold_dates(total: int, completed: list[datetime.date], thresholds=THRESHOLDS) -> dict[int, datetime.date]:
    """The day the share of completed (person, course) pairs first reached each threshold, for those reached.
    `completed` holds the completion days of the `total` pairs that are complete."""
    days = sorted(completed)
    reached: dict[int, datetime.date] = {}
    if total <= 0:
        return reached
    for threshold in thresholds:
        needed = max(1, math.ceil(total * threshold / 100))
        if len(days) >= needed:
            reached[threshold] = days[needed - 1]
    return reached


def month_of(moment) -> datetime.date:
    day = moment.date() if isinstance(moment, datetime.datetime) else moment
    return day.replace(day=1)


# --- Reads -----------------------------------------------------------------------------------------------------------
@dataclass
class MonthInvestment:
    month: datetime.date
    seconds: int = 0
    cost: Decimal = Decimal(0)
    costed_seconds: int = 0

    @property
    def hours(self) -> float:
        return round(self.seconds / 3600, 1)


@dataclass
class Investment:
    """The learning time of an objective's people, per month and in total; money where HR set the hourly cost of
    their department (`uncosted_hours` had none)."""

    months: list[MonthInvestment] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)  # seconds: modules, quizzes, refreshers, sessions
    sessions_without_register: int = 0  # held sessions of their cohorts that count for no one: no register taken

    @property
    def seconds(self) -> int:
        return sum(m.seconds for m in self.months)

    @property
    def hours(self) -> float:
        return round(self.seconds / 3600, 1)

    @property
    def cost(self) -> Decimal:
        return sum((m.cost for m in self.months), Decimal(0)).quantize(Decimal(1))

    @property
    def uncosted_hours(self) -> float:
        return round(sum(m.seconds - m.costed_seconds for m in self.months) / 3600, 1)


@dataclass
class ObjectiveReport:
    objective: Objective
    course_titles: list[str]  # of the courses it relies on
    points: list[Point]
    people: int
    enough_people: bool
    marks: dict[int, datetime.date]  # threshold → the period start it was reached in
    comparison: Comparison | None
    baseline_observed: float | None
    progress: float | None
    investment: Investment | None  # None under the small-group rule
    small_group_notice: str = ""

    @property
    def baseline(self) -> float:
        return float(self.objective.baseline_value)

    @property
    def target(self) -> float:
        return float(self.objective.target_value)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None


def objective_people(
    objectives: list[Objective], *, parents: dict[int, int | None] | None = None
) -> dict[int, set[int]]:
    """Each objective's active people: everyone in its department or below it, or its cohort's members. Three
    queries whatever the number of objectives (two when `parents`, from `department_parents`, is given)."""
    parents = department_parents() if parents is None else parents
    within = {o.pk: departments_within([o.department_id], parents) for o in objectives if o.department_id}
    wanted_departments = set().union(*within.values()) if within else set()
    by_department: dict[int, set[int]] = defaultdict(set)
    if wanted_departments:
        for user_id, department_id in Profile.objects.filter(
            department_id__in=wanted_departments, user__is_active=True
        ).values_list("user_id", "department_id"):
            by_department[department_id].add(user_id)
    cohort_ids = {o.cohort_id for o in objectives if o.cohort_id}
    by_cohort: dict[int, set[int]] = defaultdict(set)
    if cohort_ids:
        for user_id, cohort_id in CohortMembership.objects.filter(
            cohort_id__in=cohort_ids, user__is_active=True
        ).values_list("user_id", "cohort_id"):
            by_cohort[cohort_id].add(user_id)
    people: dict[int, set[int]] = {}
    for objective in objectives:
        if objective.department_id:
            people[objective.pk] = set().union(*(by_department[d] for d in within[objective.pk]))
        else:
            people[objective.pk] = set(by_cohort[objective.cohort_id])
    return people


def people_subquery(objectives: list[Objective], *, parents: dict[int, int | None]) -> QuerySet:
    """The ids of everyone `objective_people` finds for `objectives`, as a subquery to filter with
    (`user_id__in=`): the database joins the people instead of being sent hundreds of ids in each of the report's
    queries (turning them into SQL parameters cost more than reading the rows)."""
    departments = departments_within([o.department_id for o in objectives if o.department_id], parents)
    cohort_ids = {o.cohort_id for o in objectives if o.cohort_id}
    return User.objects.filter(
        Q(pk__in=Profile.objects.filter(department_id__in=departments).values("user_id"))
        | Q(pk__in=CohortMembership.objects.filter(cohort_id__in=cohort_ids).values("user_id")),
        is_active=True,
    ).values("pk")


def investment_by_person(user_ids: set[int] | QuerySet) -> dict[int, dict[tuple[datetime.date, str], int]]:
    """Seconds of learning per person, month and kind: module time (the page beacon's, already capped at real time),
    quiz and scenario attempts (start to submit, at most 30 minutes each), refreshers (first to last answer plus a
    minute of reading, at most 15 minutes) and cohort sessions held (their length, for each person marked present in
    the session's register: membership is not attendance). Four queries. `user_ids` a set or a subquery."""
    found: dict[int, dict[tuple[datetime.date, str], int]] = defaultdict(lambda: defaultdict(int))
    if not isinstance(user_ids, QuerySet) and not user_ids:
        return found
    for user_id, updated_at, seconds in ModuleProgress.objects.filter(
        enrolment__user_id__in=user_ids, time_spent_seconds__gt=0
    ).values_list("enrolment__user_id", "updated_at", "time_spent_seconds"):
        found[user_id][(month_of(updated_at), "modules")] += seconds
    for user_id, started_at, submitted_at in Attempt.objects.filter(
        user_id__in=user_ids, submitted_at__isnull=False
    ).values_list("user_id", "started_at", "submitted_at"):
        seconds = max(0, min(MAX_ATTEMPT_SECONDS, int((submitted_at - started_at).total_seconds())))
        found[user_id][(month_of(submitted_at), "quizzes")] += seconds
    for row in (
        RefresherAnswer.objects.filter(refresher__user_id__in=user_ids)
        .values("refresher_id", "refresher__user_id")
        .annotate(first=Min("answered_at"), last=Max("answered_at"), answers=Count("pk"))
    ):
        span = int((row["last"] - row["first"]).total_seconds()) + REFRESHER_READING_SECONDS
        found[row["refresher__user_id"]][(month_of(row["last"]), "refreshers")] += min(MAX_REFRESHER_SECONDS, span)
    for user_id, starts_at, minutes in SessionAttendance.objects.filter(
        user_id__in=user_ids, session__starts_at__lt=timezone.now(), session__register_taken_at__isnull=False
    ).values_list("user_id", "session__starts_at", "session__minutes"):
        found[user_id][(month_of(starts_at), "sessions")] += minutes * 60
    return found


def sessions_without_register(user_ids: set[int] | QuerySet) -> dict[int, set[int]]:
    """For each person, the held sessions of their cohorts whose register nobody has taken: they count for no one's
    learning time, and the report says how many there are. Two queries. `user_ids` a set or a subquery."""
    memberships: dict[int, set[int]] = defaultdict(set)
    for user_id, cohort_id in CohortMembership.objects.filter(user_id__in=user_ids).values_list("user_id", "cohort_id"):
        memberships[cohort_id].add(user_id)
    found: dict[int, set[int]] = defaultdict(set)
    if memberships:
        for session_id, cohort_id in CohortSession.objects.filter(
            cohort_id__in=memberships, starts_at__lt=timezone.now(), register_taken_at__isnull=True
        ).values_list("pk", "cohort_id"):
            for user_id in memberships[cohort_id]:
                found[user_id].add(session_id)
    return found


def hourly_costs(*, parents: dict[int, int | None] | None = None) -> tuple[dict[int, Decimal], dict[int, int | None]]:
    """HR's hourly cost per department and every department's parent (a department without its own cost takes the
    nearest one above it). Two queries (one when `parents`, from `department_parents`, is given)."""
    parents = department_parents() if parents is None else parents
    return dict(HourlyCost.objects.values_list("department_id", "amount")), parents


def cost_for(department_id: int | None, costs: dict[int, Decimal], parents: dict[int, int | None]) -> Decimal | None:
    seen = set()
    while department_id is not None and department_id not in seen:
        if department_id in costs:
            return costs[department_id]
        seen.add(department_id)
        department_id = parents.get(department_id)
    return None


def objective_reports(*, objectives: QuerySet[Objective] | list[Objective]) -> list[ObjectiveReport]:
    """The report of each objective. A fixed number of queries (about fifteen) whatever the number of objectives,
    values or people."""
    objectives = list(
        objectives.select_related("department", "cohort") if isinstance(objectives, QuerySet) else objectives
    )
    if not objectives:
        return []
    minimum = minimum_group_size()
    ids = [o.pk for o in objectives]
    # As floats from the database: thousands of Decimals made and converted in Python cost more than the query.
    points: dict[int, list[Point]] = defaultdict(list)
    for objective_id, start, value in (
        MetricValue.objects.filter(objective__in=ids)
        .order_by("objective_id", "period_start")
        .values_list("objective_id", "period_start", Cast("value", FloatField()))
    ):
        points[objective_id].append(Point(start, value))
    # The relying courses' ids and titles from the link table: course pages themselves are costly to build.
    relying: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for objective_id, course_id, title in (
        Objective.courses.through.objects.filter(objective_id__in=ids)
        .order_by("coursepage__path")
        .values_list("objective_id", "coursepage_id", "coursepage__title")
    ):
        relying[objective_id].append((course_id, title))
    parents = department_parents()
    people = objective_people(objectives, parents=parents)
    everyone = set().union(*people.values())
    # Everyone as a subquery, not as ids: the rows of people whose group is too small to show are read and unused.
    scope = people_subquery(objectives, parents=parents)
    course_ids = {course_id for courses in relying.values() for course_id, _title in courses}
    enrolments: dict[tuple[int, int], datetime.datetime | None] = {}
    if everyone and course_ids:
        for user_id, course_id, completed_at in Enrolment.objects.filter(
            user_id__in=scope, course_id__in=course_ids, is_current=True
        ).values_list("user_id", "course_id", "completed_at"):
            enrolments[(user_id, course_id)] = completed_at
    shown_people = set().union(*(p for p in people.values() if len(p) >= minimum)) if people else set()
    spent = investment_by_person(scope) if shown_people else {}
    unregistered = sessions_without_register(scope) if shown_people else {}
    costs = hourly_costs(parents=parents)[0] if shown_people else {}
    department_of = (
        dict(Profile.objects.filter(user_id__in=scope).values_list("user_id", "department_id")) if shown_people else {}
    )
    rates: dict[int | None, Decimal | None] = {}  # a department's hourly cost, looked up once
    invested: dict[frozenset[int], Investment] = {}  # objectives of one team share their people's investment
    reports = []
    for objective in objectives:
        members = people[objective.pk]
        series = points[objective.pk]
        courses = relying[objective.pk]
        pairs = [enrolments[(u, c)] for u in members for c, _title in courses if (u, c) in enrolments]
        reached = threshold_dates(len(pairs), [moment.date() for moment in pairs if moment is not None])
        marks = {t: period_start(day, objective.frequency) for t, day in reached.items()}
        comparison = compare_windows(series, pivot=marks[50], direction=objective.direction) if 50 in marks else None
        baseline = float(objective.baseline_value)
        enough = len(members) >= minimum
        reports.append(
            ObjectiveReport(
                objective=objective,
                course_titles=[title for _course, title in courses],
                points=series,
                people=len(members),
                enough_people=enough,
                marks=marks,
                comparison=comparison,
                baseline_observed=baseline_observed(series, first=objective.baseline_from, last=objective.baseline_to),
                progress=target_progress(
                    baseline=baseline,
                    target=float(objective.target_value),
                    current=comparison.after.mean if comparison else (series[-1].value if series else None),
                ),
                investment=_investment(members, spent, unregistered, invested, rates, costs, parents, department_of)
                if enough
                else None,
                small_group_notice="" if enough else too_small_notice(),
            )
        )
    return reports


def _investment(members, spent, unregistered, invested, rates, costs, parents, department_of) -> Investment:
    """The investment of `members`, made once per distinct set of people (`invested` keeps them: a team's objectives
    share one). Seconds are summed per month and hourly rate as integers and turned into money once per month."""
    key = frozenset(members)
    if key in invested:
        return invested[key]
    seconds: dict[datetime.date, int] = defaultdict(int)
    costed: dict[datetime.date, dict[Decimal, int]] = defaultdict(lambda: defaultdict(int))
    by_kind: dict[str, int] = defaultdict(int)
    for user_id in key:
        department_id = department_of.get(user_id)
        if department_id not in rates:
            rates[department_id] = cost_for(department_id, costs, parents)
        rate = rates[department_id]
        for (month, kind), spent_seconds in spent.get(user_id, {}).items():
            seconds[month] += spent_seconds
            by_kind[kind] += spent_seconds
            if rate is not None:
                costed[month][rate] += spent_seconds
    months = []
    for month in sorted(seconds):
        rated = costed.get(month, {})
        months.append(
            MonthInvestment(
                month,
                seconds=seconds[month],
                cost=(sum((rate * s for rate, s in rated.items()), Decimal(0)) / 3600).quantize(Decimal(1)),
                costed_seconds=sum(rated.values()),
            )
        )
    invested[key] = Investment(
        months=months,
        by_kind=dict(by_kind),
        sessions_without_register=len(set().union(*(unregistered.get(user_id, ()) for user_id in key))),
    )
    return invested[key]


# --- Personal goals --------------------------------------------------------------------------------------------------
def goals_of(*, user) -> QuerySet[PersonalGoal]:
    return (
        PersonalGoal.objects.filter(user=user)
        .select_related("objective")
        .annotate(last_reviewed=Max("reviews__reviewed_on"))
        .order_by("objective__title")
    )


def team_goals(*, manager, user_ids: Iterable[int]) -> QuerySet[PersonalGoal]:
    """The goals of the given people (already checked to be the manager's team): whether one exists and when it was
    last reviewed; the text stays in the row, and the template shows it only when shared (goals/access.py)."""
    return (
        PersonalGoal.objects.filter(user_id__in=list(user_ids), user__is_active=True)
        .select_related("objective", "user")
        .annotate(last_reviewed=Max("reviews__reviewed_on"))
        .order_by("user__first_name", "user__last_name", "objective__title")
    )
