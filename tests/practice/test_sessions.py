"""Cohort schedules and sessions: pacing per cohort, the facilitator's anonymous aggregate, and HR's engagement report."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from courses import services as course_services
from courses.models import Enrolment, ReleaseMode
from practice import services
from practice.models import CohortSchedule, CohortSession
from quizzes import services as quiz_services
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory
from tests.factories.quizzes import choice, ending, make_scenario, step
from tests.practice.conftest import make_cohort

pytestmark = pytest.mark.django_db


def test_cohort_schedule_sets_the_release_start_of_unfinished_enrolments(members):
    course, modules = make_course_with_modules(2, release_mode=ReleaseMode.INTERVAL, release_interval_days=7)
    cohort = make_cohort(members)
    for user in members:
        course_services.enrol_user(user=user, course=course, due_on=timezone.localdate())
    starts = timezone.localdate() - timedelta(days=3)
    schedule, warnings = services.save_cohort_schedule(
        schedule=CohortSchedule(cohort=cohort, course=course, starts_on=starts)
    )
    assert set(Enrolment.objects.values_list("release_starts_on", flat=True)) == {starts}
    assert warnings == [
        f"6 members are due before the last module opens on {(starts + timedelta(days=7)):%d %b %Y}. Move their "
        "assignment's due date or start the cohort earlier."
    ]


@pytest.fixture
def session_setup(members, trainer):
    course, modules = make_course_with_modules(1)
    scenario = make_scenario(
        modules[0],
        title="Evening disruption",
        steps=[
            step("H1", choice("Post a holding message", "END"), choice("Wait for the morning", "END")),
            ending("END"),
        ],
    )
    cohort = make_cohort(members, facilitator=trainer)
    session = services.save_cohort_session(
        session=CohortSession(
            cohort=cohort,
            module=modules[0],
            starts_at=timezone.now() + timedelta(days=2),
            place="Room 4",
            facilitator=trainer,
        )
    )
    return scenario, session


def play(user, scenario, index):
    attempt = quiz_services.start_attempt(user=user, page=scenario)
    choice_id = scenario.spec()["nodes"][0]["choices"][index]["id"]
    quiz_services.choose_in_scenario(user=user, attempt_id=attempt.pk, sequence=0, choice_id=choice_id)


def test_facilitator_sees_shares_without_names(client, members, trainer, session_setup):
    scenario, session = session_setup
    for i, user in enumerate(members[:5]):
        play(user, scenario, 0 if i < 4 else 1)
    client.force_login(trainer)
    text = client.get(reverse("practice:session", args=[session.pk])).content.decode()
    assert "5 members have finished it." in text
    assert "Post a holding message" in text and "80%" in text and "20%" in text
    for user in members:
        assert user.email not in text and user.last_name not in text


def test_fewer_than_the_minimum_is_not_broken_down(client, members, trainer, session_setup):
    scenario, session = session_setup
    for user in members[:4]:
        play(user, scenario, 0)
    client.force_login(trainer)
    text = client.get(reverse("practice:session", args=[session.pk])).content.decode()
    assert "4 members have finished it: not shown until 5 have, to keep practice private." in text
    assert "80%" not in text and "100%" not in text


def test_members_see_the_aggregate_only_after_they_finish(client, members, session_setup):
    scenario, session = session_setup
    for user in members[:5]:
        play(user, scenario, 0)
    client.force_login(members[5])
    text = client.get(reverse("practice:session", args=[session.pk])).content.decode()
    assert "Finish the scenario to see how your cohort chose." in text
    play(members[5], scenario, 1)
    text = client.get(reverse("practice:session", args=[session.pk])).content.decode()
    assert "6 members have finished it." in text


@pytest.mark.parametrize("role,status", [("learner", 404), ("manager", 404), ("hr", 200), ("trainer", 200)])
def test_session_page_permissions(request, client, session_setup, role, status):
    _scenario, session = session_setup
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("practice:session", args=[session.pk])).status_code == status


def test_a_session_needs_a_place_or_a_link(members, trainer):
    from django.core.exceptions import ValidationError

    _course, modules = make_course_with_modules(1)
    with pytest.raises(ValidationError) as error:
        services.save_cohort_session(
            session=CohortSession(cohort=make_cohort(members), module=modules[0], starts_at=timezone.now())
        )
    assert error.value.message_dict == {"place": ["Give a place or a link for the session."]}


def test_engagement_report_counts_by_cohort_and_exports_csv(client, hr, members):
    course, modules = make_course_with_modules(2)
    make_cohort(members)
    for user in members:
        course_services.complete_module_manually(user=user, module=modules[0])
    client.force_login(hr)
    page = client.get("/admin/practice/engagement/?group_by=cohort")
    assert page.status_code == 200
    assert "Active learners in the week of" in page.content.decode()
    response = client.get("/admin/practice/engagement/?group_by=cohort&export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    completed = [r for r in rows if r["Measure"] == "Completed the module" and r["Week or module"] == "Module 1"]
    assert completed == [
        {"Measure": "Completed the module", "Group": "Cohort LEAD", "Week or module": "Module 1", "Learners": "6"}
    ]


def test_small_departments_are_merged_and_hidden(client, hr, learner):
    course, modules = make_course_with_modules(1)
    course_services.complete_module_manually(user=learner, module=modules[0])
    client.force_login(hr)
    response = client.get("/admin/practice/engagement/?export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {r["Group"] for r in rows} == {"Other"}
    assert {r["Learners"] for r in rows} == {""}


def test_a_group_that_would_give_away_a_hidden_one_by_subtraction_joins_other(client, hr):
    """Departments of 6, 5 and 1 (minimum 5). Showing 6 and 5 and hiding the 1 would let anyone subtract them from
    the whole: the smallest shown department joins "Other" (5 + 1 = 6 learners), which can then be shown."""
    from people.models import Department, Profile

    course, modules = make_course_with_modules(1)
    sizes = {("Depot", "DEPOT"): 6, ("Control", "CTRL"): 5, ("Lost property", "LOST"): 1}
    for (name, code), size in sizes.items():
        department = Department.objects.create(name=name, code=code)
        for i in range(size):
            user = UserFactory(email=f"{code.lower()}{i}@tarnwick.example")
            Profile.objects.update_or_create(user=user, defaults={"department": department})
            course_services.complete_module_manually(user=user, module=modules[0])
    client.force_login(hr)
    response = client.get("/admin/practice/engagement/?export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    completed = {r["Group"]: r["Learners"] for r in rows if r["Measure"] == "Completed the module"}
    assert completed == {"Depot": "6", "Other": "6"}
    page = client.get("/admin/practice/engagement/").content.decode()
    assert 'aria-labelledby="engagement-active-title engagement-active-desc"' in page


@pytest.mark.parametrize("role", ["learner", "manager", "trainer"])
def test_engagement_report_is_for_hr_only(request, client, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get("/admin/practice/engagement/").status_code in (302, 403)


def test_a_trainer_chooses_a_facilitator_among_staff_without_seeing_everyone(client, trainer, hr, learner, members):
    # The facilitator box once opened the people chooser, which only HR may use: a 403 inside the trainer's form.
    client.force_login(trainer)
    for url in ("/admin/cohortsession/new/", "/admin/cohortsession/"):
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        options = re.search(r'<select name="facilitator".*?</select>', content, re.S).group(0)
        assert f'value="{trainer.pk}"' in options and f'value="{hr.pk}"' in options
        assert f'value="{learner.pk}"' not in options and str(learner) not in content
        assert "/admin/people/choose/" not in content


@pytest.fixture
def held_session(members, trainer):
    _course, modules = make_course_with_modules(1)
    return services.save_cohort_session(
        session=CohortSession(
            cohort=make_cohort(members, facilitator=trainer),
            module=modules[0],
            starts_at=timezone.now() - timedelta(hours=2),
            minutes=60,
            place="Hollin depot",
            facilitator=trainer,
        )
    )


def test_the_register_records_exactly_who_was_there_and_can_be_taken_again(held_session, members, learner):
    from practice.exceptions import PracticeError
    from practice.models import SessionAttendance

    assert held_session.register_taken_at is None
    services.save_cohort_session(session=held_session, register_taken=True, attendees=members[:3])
    assert held_session.register_taken_at is not None
    services.save_cohort_session(session=held_session, register_taken=True, attendees=members[2:4])
    assert set(SessionAttendance.objects.values_list("user_id", flat=True)) == {members[2].pk, members[3].pk}
    for attendees, register, message in (
        ([learner], True, "Only the cohort's members"),
        (members[:1], None, "Tick “Register taken”"),
        (members[:1], False, "Tick “Register taken”"),
    ):
        with pytest.raises(PracticeError, match=message):
            services.save_cohort_session(session=held_session, register_taken=register, attendees=attendees)
    assert SessionAttendance.objects.count() == 2  # nothing half-written
    held_session.starts_at = timezone.now() + timedelta(days=1)
    with pytest.raises(PracticeError, match="once the session has started"):
        services.save_cohort_session(session=held_session, register_taken=True, attendees=[])
    held_session.refresh_from_db()
    services.save_cohort_session(session=held_session, register_taken=False)
    held_session.refresh_from_db()
    assert held_session.register_taken_at is None and not SessionAttendance.objects.exists()


def test_the_facilitator_takes_the_register_in_the_admin(client, trainer, held_session, members, learner):
    from practice.models import SessionAttendance

    other_trainer = UserFactory(email="other.trainer@tarnwick.example")
    other_trainer.groups.add(*trainer.groups.all())
    client.force_login(other_trainer)  # not leading this session: no register, no names
    page = client.get(f"/admin/cohortsession/edit/{held_session.pk}/").content.decode()
    assert "Register taken" not in page and str(members[0]) not in page
    client.force_login(trainer)
    url = f"/admin/cohortsession/edit/{held_session.pk}/"
    page = client.get(url).content.decode()
    assert "Register taken" in page and f'value="{members[0].pk}"' in page and f'value="{learner.pk}"' not in page
    form = {
        "cohort": held_session.cohort_id,
        "module": held_session.module_id,
        "starts_at": timezone.localtime(held_session.starts_at).strftime("%Y-%m-%d %H:%M"),
        "minutes": 60,
        "place": "Hollin depot",
        "link": "",
        "facilitator": trainer.pk,
        "attendees": [members[0].pk, members[1].pk],
    }
    response = client.post(url, form)  # attendees without "Register taken": refused, nothing saved
    assert response.status_code == 200 and "Tick “Register taken” to save who attended." in response.content.decode()
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = client.post(url, {**form, "starts_at": future, "register_taken": "on"})
    assert "The register can be taken once the session has started." in response.content.decode()
    assert not SessionAttendance.objects.exists()
    response = client.post(url, {**form, "register_taken": "on"})
    assert response.status_code == 302
    assert set(SessionAttendance.objects.values_list("user_id", flat=True)) == {members[0].pk, members[1].pk}
    page = client.get(url).content.decode()
    assert re.search(rf'value="{members[0].pk}"[^>]*checked', page) and re.search(
        r'name="register_taken"[^>]*checked', page
    )
