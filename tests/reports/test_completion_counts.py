"""The maintained completion counts (reports.models.CompletionCount) against a live scan of the enrolments: after a
randomised mix of every kind of write that moves an enrolment between cells, every cell is equal, before and after
the deltas are folded in, and on later days (overdue is read for the day). The reconcile finds and repairs drift."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import connection

import pytest

from courses import services as course_services
from courses.models import Enrolment
from people import personal_data, roles
from people import services as people_services
from people.models import Assignment, Profile
from reports import selectors, services
from reports.filters import Enrolments, GroupBy, ReportFilters
from reports.models import CompletionCount, CompletionDelta, CompletionTotal
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory
from tests.reports.conftest import TODAY, make_person

pytestmark = pytest.mark.django_db
EVERYONE = selectors.ReportScope(everyone=True)


def _stored_cells() -> dict[tuple, int]:
    return {tuple(row[:5]): row[5] for row in CompletionCount.objects.values_list(*services.COUNT_KEY, "n")}


def _assert_totals_are_the_cells_summed_over_due_dates() -> None:
    sums: dict[tuple, int] = {}
    for key, n in _stored_cells().items():
        sums[key[:4]] = sums.get(key[:4], 0) + n
    totals = CompletionTotal.objects.values_list("department_id", "course_id", "required", "status", "n")
    assert {tuple(row[:4]): row[4] for row in totals} == {key: n for key, n in sums.items() if n}


def _report(rows: list[dict], department_key: str) -> dict[tuple, tuple]:
    return {
        (row[department_key] or 0, row["course_id"]): (
            row["enrolled"],
            row["completed"],
            row["overdue"],
            row["in_progress"],
        )
        for row in rows
        if row["enrolled"]
    }


def _assert_report_matches_live_scan(*, day, departments) -> None:
    """The department × course report read from the counts equals the live scan's, cell by cell, for every filter
    the counts answer."""
    tree = selectors.department_tree()
    for filters in [
        ReportFilters(group_by=GroupBy.DEPARTMENT),
        ReportFilters(group_by=GroupBy.COURSE, enrolments=Enrolments.ALL),
        *[ReportFilters(group_by=GroupBy.DEPARTMENT, department=d) for d in departments],
    ]:
        assert selectors.counts_can_answer(scope=EVERYONE, filters=filters)
        counted = selectors.counted_completion(filters=filters, today=day, tree=tree)
        live = selectors.live_completion(
            scope=EVERYONE, filters=filters, today=day, tree=tree, group_field="user__profile__department_id"
        )
        assert _report(counted, "department_id") == _report(live, "user__profile__department_id"), filters


def test_a_randomised_mix_of_writes_leaves_every_cell_equal_to_the_live_scan():
    rng = random.Random(2101)
    admin = UserFactory(email="root@tarnwick.example", is_superuser=True, is_staff=True)
    ops = people_services.create_department(name="Operations", code="OPS")
    departments = [
        ops,
        people_services.create_department(name="Control room", code="CTRL", parent=ops),
        people_services.create_department(name="Customer Service", code="CS"),
    ]
    courses = [make_course_with_modules(2, title=title) for title in ("Crisis response", "Every function")]
    people = [
        make_person(f"p{n}@tarnwick.example", department=rng.choice([*departments, None]), role=roles.LEARNERS)
        for n in range(10)
    ]
    due_dates = [None, TODAY - timedelta(days=5), TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=3)]
    done = {"erase": 0}

    def one_write() -> str:
        person = rng.choice(people)
        course, modules = rng.choice(courses)
        kind = rng.choice(
            ["enrol", "visit", "complete", "complete", "cycle", "require", "active", "move", "profile", "assign"]
            + ["withdraw", "unpublish", "erase"]
        )
        if kind == "enrol":
            course_services.enrol_user(
                user=person, course=course, required=rng.random() < 0.7, due_on=rng.choice(due_dates)
            )
        elif kind in ("visit", "complete"):
            if Enrolment.objects.filter(user=person, course=course, is_current=True).exists() and person.is_active:
                module = rng.choice([m for m in modules if m.live] or modules)
                if module.live:
                    record = (
                        course_services.record_module_visit
                        if kind == "visit"
                        else (course_services.record_module_completion)
                    )
                    record(user=person, module=module)
        elif kind == "cycle":
            course_services.start_new_cycle(user=person, course=course, due_on=rng.choice(due_dates))
        elif kind == "require":
            course_services.set_enrolment_requirement(
                user=person, course=course, required=rng.random() < 0.5, due_on=rng.choice(due_dates)
            )
        elif kind == "active":
            people_services.set_people_active(users=[person], active=not person.is_active, actor=admin)
            person.refresh_from_db()
        elif kind == "move":
            people_services.move_people_to_department(users=[person], department=rng.choice(departments), actor=admin)
        elif kind == "profile":
            people_services.update_profile(user=person, department=rng.choice([*departments, None]))
        elif kind == "assign":
            people_services.create_assignment(
                course=course,
                actor=admin,
                departments=[rng.choice(departments)],
                due_rule="fixed",
                due_on=rng.choice(due_dates[1:]),
                assigned_on=TODAY - timedelta(days=10),
            )
        elif kind == "withdraw":
            assignment = Assignment.objects.filter(withdrawn_at=None).order_by("?").first()
            if assignment is not None:
                people_services.withdraw_assignment(assignment=assignment, actor=admin)
        elif kind == "unpublish":
            module = rng.choice(modules)
            if module.live and sum(m.live for m in modules) > 1:
                module.unpublish()
            else:
                module.save_revision().publish()
            for m in modules:
                m.refresh_from_db()
            course_services.refresh_course_enrolments(course=course)
        elif kind == "erase" and done["erase"] < 2:
            done["erase"] += 1
            personal_data.erase_person(user=person, actor=admin)
            Profile.objects.filter(user=person).delete()
            person.refresh_from_db()
        return kind

    kinds = set()
    for step in range(1, 121):
        kinds.add(one_write())
        if step % 40 == 0:
            # Read before folding (counts + pending deltas), then fold and compare every stored cell.
            _assert_report_matches_live_scan(day=TODAY, departments=departments)
            services.fold_completion_deltas(today=TODAY)
            assert not CompletionDelta.objects.exists()
            assert _stored_cells() == selectors.live_completion_cells(today=TODAY)
            _assert_totals_are_the_cells_summed_over_due_dates()
            _assert_report_matches_live_scan(day=TODAY, departments=departments)
    assert kinds >= {"enrol", "complete", "cycle", "require", "active", "move", "assign", "withdraw", "unpublish"}
    assert CompletionCount.objects.filter(n__gt=0).count() >= 5  # the mix left something to count
    # Overdue is exact for later days too: a due date today or in three days becomes overdue when the day passes.
    for later in (TODAY + timedelta(days=1), TODAY + timedelta(days=4)):
        _assert_report_matches_live_scan(day=later, departments=departments)
        services.fold_completion_deltas(today=later)
        assert _stored_cells() == selectors.live_completion_cells(today=later)
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
    assert "Completion counts drifted: 2 of 1 cells were wrong by 6 enrolments" in caplog.text
    assert _stored_cells() == selectors.live_completion_cells(today=TODAY)
    assert services.reconcile_completion_counts(today=TODAY).wrong_cells == 0


def test_the_department_report_reads_the_counts_and_other_filters_the_live_scan(django_assert_num_queries):
    course, _modules = make_course_with_modules(1, title="Crisis response")
    ops = people_services.create_department(name="Operations", code="OPS")
    person = make_person("p@tarnwick.example", department=ops)
    course_services.enrol_user(user=person, course=course, required=True, due_on=TODAY - timedelta(days=1))
    filters = ReportFilters(group_by=GroupBy.DEPARTMENT)
    with django_assert_num_queries(3) as captured:  # departments, the counts, the course titles
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
    assert not selectors.counts_can_answer(scope=manager_scope, filters=filters)


def test_a_progress_step_inside_a_cell_adds_no_delta():
    course, modules = make_course_with_modules(3, title="Crisis response")
    person = make_person("p@tarnwick.example")
    course_services.record_module_completion(user=person, module=modules[0])  # enrols, starts: two cell moves
    services.fold_completion_deltas(today=TODAY)
    course_services.record_module_completion(user=person, module=modules[1])  # 33 % → 67 %: the same cell
    assert CompletionDelta.objects.count() == 0
    course_services.record_module_completion(user=person, module=modules[2])  # completed: one move
    assert sorted(CompletionDelta.objects.values_list("n", flat=True)) == [-1, 1]
    assert connection.vendor in ("postgresql", "sqlite")
