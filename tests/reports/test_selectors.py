"""Completion rates, statuses and completions over time on the hand-built organisation of conftest.py: people in
sub-departments count in their department's tree, deactivated people and earlier recertification cycles never count,
and the query counts stay fixed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from people.models import Profile, User
from reports import selectors
from reports.filters import Enrolments, GroupBy, ReportFilters, Status
from tests.reports.conftest import DUE_PAST, TODAY

pytestmark = pytest.mark.django_db

EVERYONE = selectors.ReportScope(everyone=True)


def _rates(rows):
    return {(row.group, row.course): (row.enrolled, row.completed, row.rate, row.overdue) for row in rows}


def test_completion_by_department_counts_current_cycles_of_active_people_only(org):
    rows = selectors.completion_by_group(
        scope=EVERYONE, filters=ReportFilters(group_by=GroupBy.DEPARTMENT), today=TODAY
    )
    assert _rates(rows) == {
        # Tomasz's completed first cycle does not count, Olga (deactivated) does not count at all.
        ("Operations / Control room", "Crisis response"): (2, 0, 0, 1),
        ("Operations / Depots", "Crisis response"): (1, 1, 100, 0),
        ("Customer Service", "Crisis response"): (1, 0, 0, 0),
        ("Customer Service", "Every function is on social"): (1, 1, 100, 0),
    }


def test_by_course_only_gives_one_rate_per_course(org):
    rows = selectors.completion_by_group(scope=EVERYONE, filters=ReportFilters(group_by=GroupBy.COURSE), today=TODAY)
    assert _rates(rows) == {
        ("", "Crisis response"): (4, 1, 25, 1),
        ("", "Every function is on social"): (1, 1, 100, 0),
    }
    crisis = rows[0]
    assert (crisis.in_progress, crisis.not_started) == (0, 2)  # Kwame is overdue, not "in progress"


def test_top_level_departments_roll_up_their_sub_departments(org):
    rows = selectors.completion_by_group(
        scope=EVERYONE, filters=ReportFilters(group_by=GroupBy.TOP_DEPARTMENT, course=org["crisis"]), today=TODAY
    )
    assert _rates(rows) == {
        ("Operations", "Crisis response"): (3, 1, 33, 1),
        ("Customer Service", "Crisis response"): (1, 0, 0, 0),
    }


def test_a_department_filter_takes_in_its_sub_departments(org):
    rows = selectors.completion_by_group(
        scope=EVERYONE, filters=ReportFilters(group_by=GroupBy.DEPARTMENT, department=org["ops"]), today=TODAY
    )
    assert sorted(row.group for row in rows) == ["Operations / Control room", "Operations / Depots"]


def test_self_enrolments_count_only_when_asked_for(org):
    filters = ReportFilters(group_by=GroupBy.COURSE, course=org["social"], enrolments=Enrolments.ALL)
    [row] = selectors.completion_by_group(scope=EVERYONE, filters=filters, today=TODAY)
    assert (row.enrolled, row.completed, row.in_progress) == (2, 1, 1)


def test_deactivated_people_are_left_out_even_with_every_enrolment(org):
    filters = ReportFilters(group_by=GroupBy.COURSE, course=org["crisis"], enrolments=Enrolments.ALL)
    [row] = selectors.completion_by_group(scope=EVERYONE, filters=filters, today=TODAY)
    assert row.enrolled == 4


def test_cohort_and_audience_groupings(org):
    by_cohort = selectors.completion_by_group(
        scope=EVERYONE, filters=ReportFilters(group_by=GroupBy.COHORT, course=org["crisis"]), today=TODAY
    )
    assert _rates(by_cohort) == {
        ("Leaders", "Crisis response"): (2, 1, 50, 0),  # Tomasz and Lena; Aisha has no enrolment
        ("No cohort", "Crisis response"): (2, 0, 0, 1),
    }
    by_audience = selectors.completion_by_group(
        scope=EVERYONE, filters=ReportFilters(group_by=GroupBy.AUDIENCE, course=org["crisis"]), today=TODAY
    )
    assert _rates(by_audience) == {("Staff", "Crisis response"): (4, 1, 25, 1)}


def test_a_cohort_filter_does_not_count_anyone_twice(org):
    filters = ReportFilters(group_by=GroupBy.COURSE, cohort=org["leads"])
    assert _rates(selectors.completion_by_group(scope=EVERYONE, filters=filters, today=TODAY)) == {
        ("", "Crisis response"): (2, 1, 50, 0)
    }


def test_a_manager_scope_covers_direct_and_indirect_reports_only(org):
    scope = selectors.report_scope(user=org["aisha"])
    assert scope == selectors.ReportScope(everyone=False, manager_id=org["aisha"].pk)
    covered = set(scope.limit(Profile.objects.all()).values_list("user_id", flat=True))
    assert covered == {org["tomasz"].pk, org["kwame"].pk, org["olga"].pk, org["lena"].pk}
    rows = selectors.completion_by_group(scope=scope, filters=ReportFilters(group_by=GroupBy.COURSE), today=TODAY)
    assert _rates(rows) == {("", "Crisis response"): (3, 1, 33, 1)}


def test_hr_sees_everyone_and_a_learner_no_one(org, learner):
    assert selectors.report_scope(user=org["hr"]).everyone
    nobody = selectors.report_scope(user=learner)
    assert nobody.nobody and not selectors.scope_has_people(scope=nobody)
    assert selectors.completion_by_group(scope=nobody, filters=ReportFilters(), today=TODAY) == []


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.COMPLETED, {"lena", "jordan"}),
        (Status.OVERDUE, {"kwame"}),
        (Status.NOT_STARTED, {"tomasz", "jordan"}),
        (Status.IN_PROGRESS, set()),
    ],
)
def test_status_filter(org, status, expected):
    tree = selectors.department_tree()
    rows = selectors.learner_statuses(scope=EVERYONE, filters=ReportFilters(status=status), today=TODAY, tree=tree)
    assert {row["user__email"].split("@")[0] for row in rows} == expected
    assert {row["status"] for row in rows} <= {status}


def test_the_overdue_list_says_by_how_many_days(org):
    tree = selectors.department_tree()
    rows = list(
        selectors.learner_rows(
            selectors.overdue_enrolments(scope=EVERYONE, filters=ReportFilters(), today=TODAY, tree=tree),
            tree=tree,
            today=TODAY,
        )
    )
    assert [(row.learner, row.course, row.days_overdue, row.department, row.manager) for row in rows] == [
        ("Kwame Test", "Crisis response", (TODAY - DUE_PAST).days, "Operations / Control room", "Tomasz Test")
    ]


def test_a_due_date_range_on_the_overdue_list(org):
    tree = selectors.department_tree()
    before = ReportFilters(date_to=DUE_PAST - timedelta(days=1))
    assert not selectors.overdue_enrolments(scope=EVERYONE, filters=before, today=TODAY, tree=tree).exists()
    on = ReportFilters(date_from=DUE_PAST, date_to=DUE_PAST)
    assert selectors.overdue_enrolments(scope=EVERYONE, filters=on, today=TODAY, tree=tree).count() == 1


def test_search_finds_learners_by_name_or_email(org):
    tree = selectors.department_tree()
    rows = selectors.learner_statuses(scope=EVERYONE, filters=ReportFilters(search="kwa"), today=TODAY, tree=tree)
    assert {row["user__email"] for row in rows} == {"kwame@tarnwick.example"}


def test_completions_per_week_fill_every_week_and_count_each_cycle(org):
    weeks = selectors.completions_per_week(scope=EVERYONE, filters=ReportFilters(), today=TODAY)
    assert len(weeks) == selectors.DEFAULT_WEEKS
    assert weeks[-1].week_start == TODAY - timedelta(days=TODAY.weekday())
    # Lena, Jordan's social course and Tomasz's first cycle were all completed today; Olga is deactivated.
    assert sum(week.completions for week in weeks) == 3 and weeks[-1].completions == 3


def test_completion_report_query_count_does_not_grow_with_people(org, django_assert_num_queries):
    filters = ReportFilters(group_by=GroupBy.DEPARTMENT, department=org["ops"])
    # departments (one query for the tree), the maintained counts with the course titles
    with django_assert_num_queries(2):
        selectors.completion_by_group(scope=EVERYONE, filters=filters, today=TODAY)
    # the same two, plus the cohort names
    with django_assert_num_queries(3):
        selectors.completion_by_group(scope=EVERYONE, filters=ReportFilters(group_by=GroupBy.COHORT), today=TODAY)


def test_a_managers_report_takes_as_many_queries_as_hrs_whatever_the_depth_of_her_tree(org, django_assert_num_queries):
    # her permissions (two), then the same two as HR's: her reporting line is joined to the team counts
    aisha = User.objects.get(pk=org["aisha"].pk)  # a fresh instance: no permissions cached yet
    with django_assert_num_queries(2 + 2):
        scope = selectors.report_scope(user=aisha)
        selectors.completion_by_group(scope=scope, filters=ReportFilters(), today=TODAY)


def test_erasing_a_person_takes_them_out_of_the_counts_like_any_leaver_and_keeps_their_anonymised_rows(org):
    # Reports count the people who work here now (docs/reports.md, docs/people.md): an erased person, like anyone
    # deactivated, no longer counts; their learning records stay, anonymised, with their department.
    from courses.models import Enrolment
    from people.personal_data import erase_person

    filters = ReportFilters(group_by=GroupBy.COURSE)
    before = _rates(selectors.completion_by_group(scope=EVERYONE, filters=filters, today=TODAY))
    assert before[("", "Crisis response")] == (4, 1, 25, 1)
    erase_person(user=org["kwame"], actor=org["hr"])
    after = _rates(selectors.completion_by_group(scope=EVERYONE, filters=filters, today=TODAY))
    assert after[("", "Crisis response")] == (3, 1, 33, 0)  # Kwame was the one overdue
    assert Enrolment.objects.filter(user=org["kwame"], course=org["crisis"]).exists()
    assert Profile.objects.get(user=org["kwame"]).department_id is not None
