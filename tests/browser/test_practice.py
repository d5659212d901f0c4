"""Practice pages in a real browser, each checked with axe: a locked module, practice notes and the next module's
reflection, a refresher, the dashboard card and a facilitator's session page."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import pytest

from courses.models import ReleaseMode
from practice import services
from practice.models import CohortSession, RefresherDue
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.courses import make_course_with_modules, make_module
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
from tests.practice.conftest import make_cohort

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_learner_keeps_notes_sees_them_in_the_next_module_and_a_locked_module(page, learner):
    course, _ = make_course_with_modules(0, release_mode=ReleaseMode.INTERVAL, release_interval_days=1)
    first = make_module(
        course, title="Listening", body=[{"type": "practice_task", "value": {"prompt": "Find three posts.", "days": 1}}]
    )
    second = make_module(course, title="Replying")
    log_in(page, learner)
    page.goto(first.url)
    page.get_by_label("Your notes").fill("Two delays and a lost bag.")
    page.get_by_label("I have done this task").check()
    page.get_by_role("button", name="Save my notes").click()
    page.get_by_text("Only you can see them.").wait_for()
    assert_accessible(page)
    page.goto(second.url)
    page.get_by_text("This module has not opened yet").wait_for()
    assert_accessible(page)
    page.goto(course.url)
    page.get_by_text("Opens on").first.wait_for()
    assert_accessible(page)
    from courses import services as course_services
    from courses.models import Enrolment

    course_services.set_release_start(
        enrolment=Enrolment.objects.get(user=learner), starts_on=timezone.localdate() - timedelta(days=1)
    )
    page.goto(second.url)
    page.get_by_text("Two delays and a lost bag.").wait_for()
    assert_accessible(page)


def test_refresher_from_the_dashboard(page, learner):
    course, modules = make_course_with_modules(1)
    questions = import_gift("\n\n".join(f"::Q{i}::Statement {i} is true.{{TRUE}}" for i in range(3)))
    make_knowledge_check(modules[0], blocks=question_blocks(questions))
    from courses import services as course_services

    enrolment = course_services.enrol_user(user=learner, course=course)
    RefresherDue.objects.create(
        user=learner, enrolment=enrolment, course=course, after_days=3, due_on=timezone.localdate()
    )
    log_in(page, learner)
    page.goto("/learning/")
    page.get_by_text("A 3-minute refresher is ready").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Start the refresher").click()
    assert_accessible(page)
    for n in range(3):
        page.locator(f"#answer-{n}-true").check()
    page.get_by_role("button", name="Check my answers").click()
    page.get_by_text("You got 3 of 3 right.").wait_for()
    assert_accessible(page)


def test_facilitator_session_page(page, trainer):
    _course, modules = make_course_with_modules(1)
    scenario = make_scenario(
        modules[0], steps=[step("H1", choice("Reply now", "END"), choice("Wait", "END")), ending("END")]
    )
    members = [UserFactory(email=f"m{i}@tarnwick.example") for i in range(5)]
    cohort = make_cohort(members, facilitator=trainer)
    from quizzes import services as quiz_services

    for user in members:
        attempt = quiz_services.start_attempt(user=user, page=scenario)
        quiz_services.choose_in_scenario(
            user=user, attempt_id=attempt.pk, sequence=0, choice_id=scenario.spec()["nodes"][0]["choices"][0]["id"]
        )
    session = services.save_cohort_session(
        session=CohortSession(
            cohort=cohort,
            module=modules[0],
            starts_at=timezone.now() + timedelta(days=1),
            place="Room 4",
            facilitator=trainer,
        )
    )
    log_in(page, trainer)
    page.goto(f"/practice/sessions/{session.pk}/")
    page.get_by_text("5 members have finished it.").wait_for()
    assert_accessible(page)
