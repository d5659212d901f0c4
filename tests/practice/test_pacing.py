"""Paced release: module dates across time zones and summer-time changes, locked modules refused, due dates checked."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
from freezegun import freeze_time

from courses import pacing, selectors, services
from courses.exceptions import ModuleLocked
from courses.models import ModuleProgress, ReleaseMode
from quizzes import services as quiz_services
from quizzes.exceptions import QuizLocked
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import choice, ending, make_scenario, step

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def paced_course(n=6, days=7):
    return make_course_with_modules(n, release_mode=ReleaseMode.INTERVAL, release_interval_days=days)


def test_modules_open_at_london_midnight_on_both_sides_of_the_march_change(learner):
    course, modules = paced_course()
    enrolment = services.enrol_user(user=learner, course=course)
    services.set_release_start(enrolment=enrolment, starts_on=date(2025, 3, 24))  # the clocks go forward on the 30th
    first = pacing.opens_at(course, date(2025, 3, 24), 1)
    second = pacing.opens_at(course, date(2025, 3, 24), 2)
    assert first.astimezone(LONDON).hour == second.astimezone(LONDON).hour == 0
    assert first.astimezone(ZoneInfo("UTC")).hour == 0  # GMT
    assert second.astimezone(ZoneInfo("UTC")) == datetime(2025, 3, 30, 23, 0, tzinfo=ZoneInfo("UTC"))  # BST
    with freeze_time("2025-03-30 22:59:00+00:00"):
        assert selectors.module_lock(user=learner, module=modules[1]) is not None
    with freeze_time("2025-03-30 23:00:00+00:00"):
        assert selectors.module_lock(user=learner, module=modules[1]) is None


def test_october_change_does_not_shift_the_opening_hour(learner):
    course, modules = paced_course()
    enrolment = services.enrol_user(user=learner, course=course)
    services.set_release_start(enrolment=enrolment, starts_on=date(2025, 10, 20))  # clocks go back on the 26th
    with freeze_time("2025-10-27 23:59:00+00:00"):
        # 27 October 00:00 BST would be 26 October 23:00 UTC; after the change midnight is 00:00 UTC.
        assert selectors.module_lock(user=learner, module=modules[1]) is None
    with freeze_time("2025-10-26 23:59:00+00:00"):
        assert selectors.module_lock(user=learner, module=modules[1]) is not None


def test_release_follows_a_non_london_time_zone(settings, learner):
    settings.TIME_ZONE = "America/New_York"
    course, modules = paced_course(days=1)
    enrolment = services.enrol_user(user=learner, course=course)
    services.set_release_start(enrolment=enrolment, starts_on=date(2025, 3, 8))  # US clocks go forward on the 9th
    with freeze_time("2025-03-09 04:59:00+00:00"):  # 23:59 EST on the 8th
        assert selectors.module_lock(user=learner, module=modules[1]) is not None
    with freeze_time("2025-03-09 05:00:00+00:00"):  # midnight EST
        assert selectors.module_lock(user=learner, module=modules[1]) is None
    with freeze_time("2025-03-10 03:59:00+00:00"):  # 23:59 EDT on the 9th
        assert selectors.module_lock(user=learner, module=modules[2]) is not None
    with freeze_time("2025-03-10 04:00:00+00:00"):  # midnight EDT, one hour earlier in UTC than the day before
        assert selectors.module_lock(user=learner, module=modules[2]) is None


@freeze_time("2025-05-06 09:00:00+01:00")
def test_completing_a_locked_module_is_refused_with_its_opening_date(learner):
    course, modules = paced_course()
    services.enrol_user(user=learner, course=course)
    services.complete_module_manually(user=learner, module=modules[0])
    with pytest.raises(ModuleLocked) as error:
        services.complete_module_manually(user=learner, module=modules[1])
    assert str(error.value) == "This module opens on Tuesday 13 May 2025."
    assert not ModuleProgress.objects.filter(module=modules[1]).exists()


@freeze_time("2025-05-06 09:00:00+01:00")
def test_locked_module_page_shows_when_it_opens_and_no_body(client, learner):
    course, modules = paced_course()
    services.enrol_user(user=learner, course=course)
    client.force_login(learner)
    response = client.get(modules[2].url)
    text = response.content.decode()
    assert "This module has not opened yet" in text
    assert "It opens on Tuesday 20 May 2025." in text
    assert "Mark as complete" not in text
    assert not ModuleProgress.objects.filter(module=modules[2]).exists()
    course_page = client.get(course.url).content.decode()
    assert "Opens on 13 May 2025" in course_page
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert "Opens next: Module 2, on Tuesday 13 May" in dashboard


@freeze_time("2025-05-06 09:00:00+01:00")
def test_mark_as_complete_on_a_locked_module_shows_the_message(client, learner):
    course, modules = paced_course()
    services.enrol_user(user=learner, course=course)
    client.force_login(learner)
    response = client.post(reverse("courses:module-complete", args=[modules[1].pk]), follow=True)
    assert "This module opens on Tuesday 13 May 2025." in response.content.decode()


@freeze_time("2025-05-06 09:00:00+01:00")
def test_quiz_of_a_locked_module_cannot_be_started(learner):
    course, modules = paced_course()
    services.enrol_user(user=learner, course=course)
    scenario = make_scenario(modules[1], steps=[step("S1", choice("Go", "END", score=1)), ending("END")])
    with pytest.raises(QuizLocked) as error:
        quiz_services.start_attempt(user=learner, page=scenario)
    assert str(error.value) == "This module opens on Tuesday 13 May 2025."


@freeze_time("2025-05-06 09:00:00+01:00")
def test_completed_enrolments_keep_every_module_open(learner):
    course, modules = paced_course(n=2)
    enrolment = services.enrol_user(user=learner, course=course)
    services.set_release_start(enrolment=enrolment, starts_on=date(2025, 4, 1))
    for module in modules:
        services.complete_module_manually(user=learner, module=module)
    services.set_release_start(enrolment=enrolment, starts_on=date(2025, 5, 6))
    assert selectors.module_lock(user=learner, module=modules[1]) is None


def test_a_due_date_before_the_last_release_is_refused():
    course, _ = paced_course(n=6)
    assert services.earliest_due_date(course=course, release_starts_on=date(2025, 5, 1)) == date(2025, 6, 5)
    with pytest.raises(ValidationError) as error:
        services.check_due_date(course=course, release_starts_on=date(2025, 5, 1), due_on=date(2025, 6, 4))
    assert error.value.messages == [
        "“Crisis response” releases its last module on 5 June 2025 for people starting on 1 May 2025: choose a due "
        "date on or after it."
    ]
    services.check_due_date(course=course, release_starts_on=date(2025, 5, 1), due_on=date(2025, 6, 5))


def test_a_course_released_all_at_once_opens_everything(learner):
    course, modules = make_course_with_modules(3)
    assert selectors.module_lock(user=learner, module=modules[2]) is None
    assert services.earliest_due_date(course=course, release_starts_on=date(2025, 5, 1)) == date(2025, 5, 1)


def test_an_assignment_due_before_the_last_release_is_refused(hr, learner):
    from people.models import Assignment
    from people.services import create_assignment

    course, _ = paced_course(n=3)
    with pytest.raises(ValidationError) as error:
        create_assignment(
            course=course, people=[learner], due_rule="fixed", due_on=date(2025, 5, 10), assigned_on=date(2025, 5, 1)
        )
    assert error.value.message_dict == {
        "due_on": [
            "“Crisis response” releases its last module on 15 May 2025 for people starting on 1 May 2025: choose a "
            "due date on or after it."
        ]
    }
    assert not Assignment.objects.exists()
