"""The maintained completion counts (reports.models.CompletionCount) against a live scan of the enrolments: after a
randomised mix of every kind of write that moves an enrolment between cells, every cell is equal, before and after
the deltas are folded in, and on later days (overdue is read for the day). The reconcile finds and repairs drift."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import connection

import pytest

from bench.write_mix import KINDS, WriteMix
from courses import services as course_services
from people import roles
from people import services as people_services
from people.models import Cohort, CohortMembership, Profile, User
from people.selectors import live_team_summary, team_subquery
from reports import selectors, services
from reports.filters import Enrolments, GroupBy, ReportFilters, Status
from reports.models import (
    CohortCompletionCount,
    CohortCompletionDelta,
    CohortCompletionTotal,
    CompletionCount,
    CompletionDelta,
    CompletionTotal,
    TeamCompletionCount,
    TeamCompletionDelta,
    TeamCompletionTotal,
)
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory
from tests.reports.conftest import TODAY, make_person

pytestmark = pytest.mark.django_db
EVERYONE = selectors.ReportScope(everyone=True)


def _stored_cells(family=services.DEPARTMENT_COUNTS) -> dict[tuple, int]:
    return services.stored_completion_cells(family)


def _assert_every_cell_equals_the_live_scan(day) -> None:
    assert _stored_cells() == selectors.live_completion_cells(today=day, group="department")
    assert _stored_cells(services.COHORT_COUNTS) == selectors.live_completion_cells(today=day, group="cohort")
    assert _stored_cells(services.TEAM_COUNTS) == selectors.live_completion_cells(today=day, group="team")
    assert services.stored_headcounts() == selectors.live_headcounts()


def _assert_totals_are_the_cells_summed_over_due_dates() -> None:
    for family, model in (
        (services.DEPARTMENT_COUNTS, CompletionTotal),
        (services.COHORT_COUNTS, CohortCompletionTotal),
        (services.TEAM_COUNTS, TeamCompletionTotal),
    ):
        sums: dict[tuple, int] = {}
        for key, n in _stored_cells(family).items():
            sums[key[:-1]] = sums.get(key[:-1], 0) + n
        totals = model.objects.values_list(*family.groups, "course_id", "required", "status", "n")
        assert {tuple(row[:-1]): row[-1] for row in totals} == {key: n for key, n in sums.items() if n}


def _report(rows: list[dict], group_key: str) -> dict[tuple, tuple]:
    return {
        (row[group_key] or 0, row["course_id"]): (row["enrolled"], row["completed"], row["overdue"], row["in_progress"])
        for row in rows
        if row["enrolled"]
    }


def _assert_report_matches_live_scan(*, day, departments, courses=(), managers=()) -> None:
    """The department × course and cohort × course reports read from the counts equal the live scan's, cell by cell,
    for every filter the counts answer; and so do the reports of each of `managers` (their reporting line, from the
    team counts)."""
    tree = selectors.department_tree()
    cases = [
        (ReportFilters(group_by=GroupBy.DEPARTMENT), "user__profile__department_id"),
        (ReportFilters(group_by=GroupBy.COURSE, enrolments=Enrolments.ALL), "user__profile__department_id"),
        *[
            (ReportFilters(group_by=GroupBy.DEPARTMENT, department=d), "user__profile__department_id")
            for d in departments
        ],
        (ReportFilters(group_by=GroupBy.COHORT), "user__cohort_memberships__cohort_id"),
        (ReportFilters(group_by=GroupBy.COHORT, enrolments=Enrolments.ALL), "user__cohort_memberships__cohort_id"),
        *[(ReportFilters(group_by=GroupBy.COHORT, course=c), "user__cohort_memberships__cohort_id") for c in courses],
    ]
    _assert_learner_status_counts_match(scope=EVERYONE, day=day, tree=tree)
    for filters, group_field in cases:
        assert selectors.counts_can_answer(scope=EVERYONE, filters=filters)
        by_cohort = filters.group_by == GroupBy.COHORT
        counted = selectors.counted_completion(filters=filters, today=day, tree=tree, by_cohort=by_cohort)
        live = selectors.live_completion(scope=EVERYONE, filters=filters, today=day, tree=tree, group_field=group_field)
        assert _report(counted, "group_id") == _report(live, group_field), filters
    for manager in managers:
        scope = selectors.ReportScope(everyone=False, manager_id=manager)
        for filters in (
            ReportFilters(group_by=GroupBy.DEPARTMENT),
            ReportFilters(group_by=GroupBy.COURSE, enrolments=Enrolments.ALL),
            *[ReportFilters(group_by=GroupBy.DEPARTMENT, department=d) for d in departments[:2]],
        ):
            assert selectors.counts_can_answer(scope=scope, filters=filters)
            counted = selectors.counted_completion(filters=filters, today=day, tree=tree, scope=scope)
            field = "user__profile__department_id"
            live = selectors.live_completion(scope=scope, filters=filters, today=day, tree=tree, group_field=field)
            assert _report(counted, "group_id") == _report(live, field), (manager, filters)
        _assert_learner_status_counts_match(scope=scope, day=day, tree=tree)
        # The people the manager's reports cover, from the team headcount, against a count of their line.
        in_line = Profile.objects.filter(user__is_active=True, user_id__in=team_subquery(manager_id=manager))
        assert selectors.active_people(scope=scope) == in_line.count()
        # My team's summary band, from the same counts, against its live count (the line, and direct reports only).
        user = User.objects.get(pk=manager)
        for direct_only in (False, True):
            counted = selectors.counted_team_summary(manager_id=manager, today=day, direct_only=direct_only)
            assert counted == live_team_summary(manager=user, today=day, direct_only=direct_only), (
                manager,
                direct_only,
            )


def _assert_learner_status_counts_match(*, scope, day, tree) -> None:
    """Learner status's number of rows (its paginator's count) read from the counts equals a count of its rows, for
    every status filter; a search is left to the live count."""
    statuses = ("", Status.COMPLETED, Status.OVERDUE, Status.IN_PROGRESS, Status.NOT_STARTED)
    for filters in [ReportFilters(status=status) for status in statuses] + [ReportFilters(enrolments=Enrolments.ALL)]:
        counted = selectors.counted_enrolments(scope=scope, filters=filters, today=day, tree=tree)
        listed = selectors.learner_statuses(scope=scope, filters=filters, today=day, tree=tree).count()
        assert counted == listed, (scope, filters)
    searched = ReportFilters(search="p1")
    assert selectors.counted_enrolments(scope=scope, filters=searched, today=day, tree=tree) is None


def test_a_randomised_mix_of_writes_leaves_every_cell_equal_to_the_live_scan():
    """The small version of the benchmark's 10,000 randomised writes (bench/write_mix.py): 200 writes of every kind
    among 12 people, checked cell by cell after every 50, before and after folding, and on later days."""
    rng = random.Random(2101)
    admin = UserFactory(email="root@tarnwick.example", is_superuser=True, is_staff=True)
    ops = people_services.create_department(name="Operations", code="OPS")
    departments = [
        ops,
        people_services.create_department(name="Control room", code="CTRL", parent=ops),
        people_services.create_department(name="Customer Service", code="CS"),
    ]
    cohorts = [people_services.save_cohort(cohort=Cohort(code=f"C{n}", name=f"Cohort {n}")) for n in range(3)]
    courses = [make_course_with_modules(2, title=title) for title in ("Crisis response", "Every function")]
    people: list[int] = []
    for n in range(12):  # a tree three deep to start with; the mix then moves people between managers
        manager = people[(n - 1) // 3] if n else None
        person = make_person(
            f"p{n}@tarnwick.example",
            department=rng.choice([*departments, None]),
            manager=None if manager is None else User.objects.get(pk=manager),
            role=roles.LEARNERS,
        )
        people.append(person.pk)
    mix = WriteMix(
        people=people, courses=courses, departments=departments, cohorts=cohorts, admin=admin, today=TODAY, rng=rng
    )
    for _round in range(4):
        mix.run(50)
        # Read before folding (counts + pending deltas), then fold and compare every stored cell.
        managers = people[:4]
        report_courses = [c for c, _m in courses]
        _assert_report_matches_live_scan(day=TODAY, departments=departments, courses=report_courses, managers=managers)
        services.fold_completion_deltas(today=TODAY)
        assert not CompletionDelta.objects.exists() and not CohortCompletionDelta.objects.exists()
        assert not TeamCompletionDelta.objects.exists()
        _assert_every_cell_equals_the_live_scan(TODAY)
        _assert_totals_are_the_cells_summed_over_due_dates()
        _assert_report_matches_live_scan(day=TODAY, departments=departments, managers=managers)
    assert set(mix.done) == set(KINDS), mix.done
    # A cohort deleted with its memberships (one statement deleting several rows, some of the same person's).
    CohortMembership.objects.bulk_create(
        [CohortMembership(cohort=cohorts[0], user_id=pk) for pk in people], ignore_conflicts=True
    )
    cohorts[0].delete()
    _assert_report_matches_live_scan(day=TODAY, departments=departments, managers=people[:4])
    assert CompletionCount.objects.filter(n__gt=0).count() >= 5  # the mix left something to count
    assert TeamCompletionCount.objects.filter(manager_id__gt=0, n__gt=0).exists()
    assert CohortCompletionCount.objects.filter(cohort_id__gt=0, n__gt=0).exists()
    # Overdue is exact for later days too: a due date today or in three days becomes overdue when the day passes.
    for later in (TODAY + timedelta(days=1), TODAY + timedelta(days=4)):
        _assert_report_matches_live_scan(day=later, departments=departments, managers=people[:4])
        services.fold_completion_deltas(today=later)
        _assert_every_cell_equals_the_live_scan(later)
    assert services.reconcile_completion_counts(today=TODAY + timedelta(days=4)).wrong_cells == 0


def test_the_reconcile_reports_and_repairs_a_count_patched_by_hand(caplog):
    course, modules = make_course_with_modules(1, title="Crisis response")
    ops = people_services.create_department(name="Operations", code="OPS")
    for n in range(3):
        person = make_person(f"p{n}@tarnwick.example", department=ops)
        course_services.enrol_user(user=person, course=course, required=True, due_on=TODAY)
    services.fold_completion_deltas(today=TODAY)
    cell = CompletionCount.objects.get(course_id=course.pk, department_id=ops.pk)
    assert cell.n == 3
    CompletionCount.objects.filter(pk=cell.pk).update(n=7)  # drift, as a bug or a hand edit would leave
    CompletionCount.objects.create(department_id=999, course_id=course.pk, required=True, status=0, due_on=TODAY, n=2)
    drift = services.reconcile_completion_counts(today=TODAY)
    assert (drift.wrong_cells, drift.off_by) == (2, 6)
    _assert_totals_are_the_cells_summed_over_due_dates()
    assert "Completion counts by department drifted: 2 of 1 cells were wrong by 6 enrolments" in caplog.text
    _assert_every_cell_equals_the_live_scan(TODAY)
    assert services.reconcile_completion_counts(today=TODAY).wrong_cells == 0


def test_the_department_report_reads_the_counts_and_other_filters_the_live_scan(django_assert_num_queries):
    course, _modules = make_course_with_modules(1, title="Crisis response")
    ops = people_services.create_department(name="Operations", code="OPS")
    person = make_person("p@tarnwick.example", department=ops)
    course_services.enrol_user(user=person, course=course, required=True, due_on=TODAY - timedelta(days=1))
    filters = ReportFilters(group_by=GroupBy.DEPARTMENT)
    with django_assert_num_queries(2) as captured:  # departments, the counts with the course titles
        [row] = selectors.completion_by_group(scope=EVERYONE, filters=filters, today=TODAY)
    assert "reports_completioncount" in captured.captured_queries[1]["sql"]
    assert (row.group, row.enrolled, row.overdue) == ("Operations", 1, 1)
    by_audience = ReportFilters(group_by=GroupBy.DEPARTMENT, audience="staff")
    assert not selectors.counts_can_answer(scope=EVERYONE, filters=by_audience)
    with django_assert_num_queries(3) as captured:
        [row] = selectors.completion_by_group(scope=EVERYONE, filters=by_audience, today=TODAY)
    assert "reports_completioncount" not in captured.captured_queries[1]["sql"]
    assert (row.group, row.enrolled, row.overdue) == ("Operations", 1, 1)
    manager_scope = selectors.ReportScope(everyone=False, manager_id=person.pk)
    assert selectors.counts_can_answer(scope=manager_scope, filters=filters)  # the team counts
    assert not selectors.counts_can_answer(scope=manager_scope, filters=ReportFilters(group_by=GroupBy.COHORT))
    with django_assert_num_queries(2) as captured:
        assert selectors.completion_by_group(scope=manager_scope, filters=filters, today=TODAY) == []
    assert "reports_teamcompletioncount" in captured.captured_queries[1]["sql"]


def test_a_progress_step_inside_a_cell_adds_no_delta():
    course, modules = make_course_with_modules(3, title="Crisis response")
    person = make_person("p@tarnwick.example")
    course_services.record_module_completion(user=person, module=modules[0])  # enrols, starts: two cell moves
    services.fold_completion_deltas(today=TODAY)
    course_services.record_module_completion(user=person, module=modules[1])  # 33 % → 67 %: the same cell
    assert CompletionDelta.objects.count() == 0
    course_services.record_module_completion(user=person, module=modules[2])  # completed: one move
    assert sorted(CompletionDelta.objects.values_list("n", flat=True)) == [-1, 1]
    assert sorted(CohortCompletionDelta.objects.values_list("n", flat=True)) == [-1, 1]
    assert sorted(TeamCompletionDelta.objects.values_list("n", flat=True)) == [-1, 1]
    assert connection.vendor in ("postgresql", "sqlite")
