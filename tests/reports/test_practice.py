"""Practice stays safe: score and choice analytics only for groups of at least REPORTS_MIN_GROUP_SIZE learners,
smaller groups merged into "Other", an "Other" still too small held back, and no group left whose hidden learners a
subtraction from the total would reveal."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

import pytest

from analytics import privacy
from people import roles
from people import services as people_services
from people.models import Cohort, CohortMembership
from quizzes import scenarios
from quizzes import services as quiz_services
from reports import selectors
from reports.filters import GroupBy, ReportFilters
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory
from tests.factories.quizzes import (
    choice,
    ending,
    import_gift,
    make_knowledge_check,
    make_scenario,
    question_blocks,
    step,
)
from tests.reports.conftest import fixed_clock

pytestmark = pytest.mark.django_db

EVERYONE = selectors.ReportScope(everyone=True)
HELD_BACK = "Fewer than 5 learners: not shown, to keep practice private."


def group(label: str, *members: int) -> privacy.LearnerGroup:
    return privacy.LearnerGroup(key=label, label=label, members=set(members))


# --- The rule on its own ---------------------------------------------------------------------------------------------
def test_groups_of_five_or_more_are_shown_as_they_are():
    result = privacy.protect_groups([group("A", *range(5)), group("B", *range(10, 16))])
    assert [(g.label, g.size, g.suppressed) for g in result.groups] == [("A", 5, False), ("B", 6, False)]
    assert result.merge_notice == ""


def test_small_groups_are_merged_into_other_and_named_in_a_notice():
    result = privacy.protect_groups([group("A", 1, 2), group("B", 3, 4), group("C", 5)])
    assert [(g.label, g.size, g.suppressed) for g in result.groups] == [("Other", 5, False)]
    assert result.merge_notice == "Groups with fewer than 5 learners are merged into “Other”: A, B, C."


def test_an_other_still_too_small_is_held_back():
    result = privacy.protect_groups([group("A", 1, 2), group("B", 3)])
    assert [(g.label, g.suppressed) for g in result.groups] == [("Other", True)]
    assert result.shown == []
    assert privacy.too_small_notice() == HELD_BACK


def test_a_big_group_joins_other_when_the_rest_could_be_worked_out_by_subtraction():
    # Everyone (13) minus the department of 10 would be the 3 people of the small one.
    result = privacy.protect_groups([group("Big", *range(10)), group("Small", 10, 11, 12)])
    assert [(g.label, g.size, g.suppressed) for g in result.groups] == [("Other", 13, False)]
    assert result.held_back is None


def test_overlapping_cohorts_keep_a_big_cohort_when_nothing_can_be_subtracted():
    # The two squad members are leaders too: showing the leaders reveals nothing about the squad alone.
    result = privacy.protect_groups([group("Leaders", *range(6)), group("Squad", 0, 1)])
    assert [(g.label, g.size, g.suppressed) for g in result.groups] == [("Leaders", 6, False), ("Other", 2, True)]


def test_overlapping_groups_whose_complement_is_small_are_merged():
    # A and B each leave out two people of the eight: both go into "Other".
    result = privacy.protect_groups([group("A", *range(6)), group("B", *range(2, 8))])
    assert [(g.label, g.size) for g in result.groups] == [("Other", 8)]


def test_the_minimum_is_a_setting(settings):
    settings.REPORTS_MIN_GROUP_SIZE = 3
    result = privacy.protect_groups([group("A", 1, 2, 3), group("B", 4, 5, 6)])
    assert [(g.label, g.suppressed) for g in result.groups] == [("A", False), ("B", False)]
    assert privacy.too_small_notice() == "Fewer than 3 learners: not shown, to keep practice private."


# --- On real attempts ------------------------------------------------------------------------------------------------
PATHS = {
    # Control room: six learners; four take the good path, two ignore the post (one tries again and gets it right).
    "c1": "aa", "c2": "aa", "c3": "aa", "c4": "aa", "c5": "b", "c6": "b",
    # Depots: five learners reply, then argue.
    "d1": "ab", "d2": "ab", "d3": "ab", "d4": "ab", "d5": "ab",
    # Customer service: two learners.
    "s1": "aa", "s2": "b",
}  # fmt: skip


def _play(user, page, letters):
    attempt = quiz_services.start_attempt(user=user, page=page)
    for letter in letters:
        node = scenarios.nodes_by_key(attempt.version.content)[attempt.current_key]
        choice_id = node["choices"][ord(letter) - ord("a")]["id"]
        attempt = quiz_services.choose_in_scenario(
            user=user, attempt_id=attempt.pk, sequence=attempt.position, choice_id=choice_id
        ).attempt
    return attempt


def _answer(user, page, answers):
    attempt = quiz_services.start_attempt(user=user, page=page)
    for sequence, raw in enumerate(answers):
        quiz_services.answer_question(user=user, attempt_id=attempt.pk, sequence=sequence, raw=raw)


@pytest.fixture(scope="module")
def practice(django_db_setup, django_db_blocker):
    """Thirteen learners in three departments and two cohorts, with a scenario and a knowledge check taken; built
    once per module inside a transaction rolled back at the end, on the reports' clock."""
    with django_db_blocker.unblock(), transaction.atomic(), fixed_clock():
        ops = people_services.create_department(name="Operations", code="OPS")
        departments = {
            "c": people_services.create_department(name="Control room", code="CTRL", parent=ops),
            "d": people_services.create_department(name="Depots", code="DEP", parent=ops),
            "s": people_services.create_department(name="Customer Service", code="CS"),
        }
        manager = UserFactory(email="boss@tarnwick.example", first_name="Boss", last_name="Test")
        manager.groups.add(Group.objects.get(name=roles.MANAGERS))
        _course, (module,) = make_course_with_modules(1, title="Crisis response")
        page = make_scenario(
            module,
            title="The angry post",
            pass_mark=4,
            steps=[
                step("S1", choice("Reply in public", "S2", score=2), choice("Ignore it", "BAD"), clock="09:00"),
                step("S2", choice("Apologise and fix it", "GOOD", score=2), choice("Argue", "BAD"), clock="09:05"),
                ending("GOOD", "good"),
                ending("BAD", "poor"),
            ],
        )
        questions = import_gift(
            "::Q1 Public:: Everything posted on social media can be seen by customers. {T}\n\n"
            "::Q2 Delete:: Deleting a post removes every copy of it. {F}\n"
        )
        check = make_knowledge_check(module, blocks=question_blocks(questions), pass_mark=100, shuffle_questions=False)
        leads = Cohort(code="LEAD", name="Leaders")
        squad = Cohort(code="SQUAD", name="Squad")
        people_services.save_cohort(cohort=leads)
        people_services.save_cohort(cohort=squad)
        people = {}
        for name, letters in PATHS.items():
            user = UserFactory(email=f"{name}@tarnwick.example", first_name=name.upper(), last_name="Test")
            people_services.update_profile(
                user=user, department=departments[name[0]], manager=manager if name[0] == "c" else None
            )
            people[name] = user
            _play(user, page, letters)
            _answer(user, check, ["true", "true" if name in ("c1", "c2") else "false"])
        _play(people["c5"], page, "aa")  # a second attempt: only the first counts for choices
        for name in ("c1", "c2", "c3", "c4", "c5", "c6"):
            CohortMembership.objects.create(cohort=leads, user=people[name])
        for name in ("c1", "s1"):
            CohortMembership.objects.create(cohort=squad, user=people[name])
        yield {"page": page, "check": check, "people": people, "manager": manager}
        transaction.set_rollback(True)


def _cells(report):
    return [(row.step_number, row.choice, row.group, row.at_step, row.chose, row.share) for row in report.rows]


def test_choices_by_department_merge_the_small_department_and_the_one_it_would_reveal(practice):
    report = selectors.scenario_choices(
        scope=EVERYONE, filters=ReportFilters(quiz=practice["page"], group_by=GroupBy.DEPARTMENT)
    )
    assert report.merge_notice == (
        "Groups with fewer than 5 learners are merged into “Other”: Customer Service, Operations / Depots."
    )
    assert _cells(report) == [
        (1, "Reply in public", "Operations / Control room", 6, 4, 67),
        (1, "Ignore it", "Operations / Control room", 6, 2, 33),
        (1, "Reply in public", "Other", 7, 6, 86),
        (1, "Ignore it", "Other", 7, 1, 14),
        # Only four Control room learners reached the second step: held back.
        (2, "Apologise and fix it", "Operations / Control room", None, None, None),
        (2, "Argue", "Operations / Control room", None, None, None),
        (2, "Apologise and fix it", "Other", 6, 1, 17),
        (2, "Argue", "Other", 6, 5, 83),
    ]
    assert {row.note for row in report.rows if row.suppressed} == {HELD_BACK}


def test_choices_by_cohort_hide_the_learner_in_no_shown_group(practice):
    report = selectors.scenario_choices(
        scope=EVERYONE, filters=ReportFilters(quiz=practice["page"], group_by=GroupBy.COHORT)
    )
    step_one = [(row.group, row.at_step) for row in report.rows if row.step_number == 1][::2]
    # Leaders (6) would leave S1 alone to subtraction, so they join "Other" with the squad.
    assert step_one == [("No cohort", 6), ("Other", 7)]


def test_a_manager_with_fewer_than_five_learners_sees_no_numbers(practice):
    # a manager of three of the people: the scope is their reporting line, walked in SQL
    lead = UserFactory(email="few.lead@tarnwick.example", first_name="Few", last_name="Lead")
    for person in list(practice["people"].values())[:3]:
        people_services.update_profile(user=person, manager=lead)
    few = selectors.ReportScope(everyone=False, manager_id=lead.pk)
    report = selectors.scenario_choices(scope=few, filters=ReportFilters(quiz=practice["page"], group_by="everyone"))
    assert report.held_back_notice == HELD_BACK
    assert all(row.suppressed for row in report.rows)
    results = selectors.quiz_results(scope=few, filters=ReportFilters(quiz=practice["page"]))
    assert [(row.group, row.learners, row.passed, row.note) for row in results] == [("Other", 0, None, HELD_BACK)]


def test_quiz_results_use_each_learners_best_attempt(practice):
    [row] = selectors.quiz_results(scope=EVERYONE, filters=ReportFilters(quiz=practice["page"]))
    assert (row.group, row.learners, row.passed, row.pass_rate, row.average) == ("All learners", 13, 6, 46, 65)
    assert row.buckets == [2, 0, 5, 0, 6]


def test_question_results_give_the_share_right_per_question(practice):
    report = selectors.question_results(scope=EVERYONE, filters=ReportFilters(quiz=practice["check"]))
    assert [(row.question, row.group, row.answered, row.correct, row.share) for row in report.rows] == [
        ("Q1 Public", "All learners", 13, 13, 100),
        ("Q2 Delete", "All learners", 13, 11, 85),
    ]
    by_department = selectors.question_results(
        scope=EVERYONE, filters=ReportFilters(quiz=practice["check"], group_by=GroupBy.DEPARTMENT)
    )
    assert {row.group for row in by_department.rows} == {"Operations / Control room", "Other"}


def test_practice_selectors_keep_a_fixed_number_of_queries(practice, django_assert_num_queries):
    filters = ReportFilters(quiz=practice["page"], group_by=GroupBy.DEPARTMENT)
    # quiz page, its labels, first attempts, versions, decisions, departments, profiles
    with django_assert_num_queries(7):
        selectors.scenario_choices(scope=EVERYONE, filters=filters)
    # quiz pages, labels, departments, attempts, profiles
    with django_assert_num_queries(5):
        selectors.quiz_results(scope=EVERYONE, filters=ReportFilters(group_by=GroupBy.DEPARTMENT))


def test_the_scenario_report_page_shows_the_notices(client, practice):
    hr = UserFactory(email="hr@tarnwick.example")
    hr.groups.add(Group.objects.get(name=roles.HR))
    client.force_login(hr)
    response = client.get(
        "/admin/learning-reports/scenario-choices/", {"quiz": practice["page"].pk, "group_by": "department"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "merged into “Other”: Customer Service, Operations / Depots." in html
    assert HELD_BACK in html
    assert 'role="img"' in html and "<table" in html
