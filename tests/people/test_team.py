"""The manager's "My team": direct and indirect reports with their required courses, overdue ones marked, the remind
action (rate-limited, logged, emailed), and a scope no other manager's ids can get round."""

from __future__ import annotations

import re
from datetime import date

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from freezegun import freeze_time

from courses import services as course_services
from people import roles, services
from people.models import DueRule, Profile, Reminder
from tests.factories.people import PASSWORD, UserFactory
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(ops, course_modules):
    """Aisha manages Jordan, who manages Kwame; Helena manages someone else entirely."""
    course, modules = course_modules
    aisha = make_person(
        "aisha@tarnwick.example", department=ops, role=roles.MANAGERS, first_name="Aisha", last_name="Rahman"
    )
    jordan = make_person(
        "jordan@tarnwick.example", department=ops, manager=aisha, first_name="Jordan", last_name="Ellis"
    )
    kwame = make_person(
        "kwame@tarnwick.example", department=ops, manager=jordan, first_name="Kwame", last_name="Mensah"
    )
    helena = make_person("helena@tarnwick.example", role=roles.MANAGERS, first_name="Helena", last_name="Adeyemi")
    priya = make_person("priya@tarnwick.example", manager=helena, first_name="Priya", last_name="Nair")
    services.create_assignment(
        course=course, departments=[ops], due_rule=DueRule.FIXED, due_on=date(2026, 3, 1), assigned_on=date(2026, 2, 1)
    )
    course_services.record_module_completion(user=jordan, module=modules[0])
    return {"aisha": aisha, "jordan": jordan, "kwame": kwame, "helena": helena, "priya": priya, "course": course}


def _login(client, user):
    client.force_login(user)


@freeze_time("2026-03-10")
def test_the_team_page_lists_direct_and_indirect_reports_with_their_courses(client, team):
    _login(client, team["aisha"])
    response = client.get("/team/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jordan Ellis" in html and "Kwame Mensah" in html and "Priya Nair" not in html
    members = response.context["members"]
    assert [(m.user.email, m.level) for m in members] == [("jordan@tarnwick.example", 1), ("kwame@tarnwick.example", 2)]
    jordan_status = members[0].courses[0]
    assert jordan_status.is_overdue and jordan_status.status_label == "Overdue"
    assert jordan_status.enrolment.progress_percent == 50
    assert html.count("team-course--overdue") == 2


@freeze_time("2026-03-10")
def test_the_team_page_filters_direct_reports_and_overdue_people(client, team, course_modules):
    _, modules = course_modules
    for module in modules:
        course_services.record_module_completion(user=team["kwame"], module=module)
    _login(client, team["aisha"])
    direct = client.get("/team/?scope=direct").context["members"]
    assert [m.user for m in direct] == [team["jordan"]]
    overdue = client.get("/team/?show=overdue").context["members"]
    assert [m.user for m in overdue] == [team["jordan"]]


def test_the_team_page_query_count_does_not_grow_with_the_team(client, team, django_assert_num_queries, ops):
    _login(client, team["aisha"])
    client.get("/team/")
    # session, user, has-team check, the count and the page of names (the chain walked in SQL), levels of the page
    # (walked up from its people), profiles, enrolments with courses, reminders, departments, the summary band's
    # figures; then the page furniture: site, organisation settings, permissions (two), Wagtail's user profile (two)
    with django_assert_num_queries(17):
        client.get("/team/")
    for n in range(15):
        make_person(f"extra{n}@tarnwick.example", department=ops, manager=team["jordan"])
    for n in range(3):
        make_person(f"deeper{n}@tarnwick.example", department=ops, manager=team["kwame"])  # a third level
    with django_assert_num_queries(17):
        response = client.get("/team/")
    assert len(response.context["members"]) == 20
    assert {m.level for m in response.context["members"]} == {1, 2, 3}


def _integers(sql: str) -> int:
    return len(re.findall(r"\b\d+\b", sql))


def test_a_ceos_team_page_runs_the_same_statements_as_a_team_leads_with_no_list_of_ids(client, ops):
    """At any size, the CEO's page is the same queries as a team lead's: the reporting chain is a lookup in the
    reporting lines, so no statement carries the team's ids (only the page's, at most TEAM_PAGE_SIZE)."""
    from people.views import TEAM_PAGE_SIZE

    ceo = make_person("ceo@tarnwick.example", role=roles.MANAGERS, first_name="Chief", last_name="Exec")
    leads = [
        make_person(f"lead{n}@tarnwick.example", manager=ceo, role=roles.MANAGERS, department=ops) for n in range(3)
    ]
    people = UserFactory.create_batch(3 * 45, password=None)
    for n, lead in enumerate(leads):
        Profile.objects.filter(user__in=people[n::3]).update(manager=lead, department=ops)
    services.refresh_reporting_lines(user_ids=[p.pk for p in people])
    seen = {}
    for who in (ceo, leads[0]):
        _login(client, who)
        client.get("/team/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/team/")
        assert response.status_code == 200
        seen[who.email] = [q["sql"] for q in queries.captured_queries]
    assert len(seen["ceo@tarnwick.example"]) == len(seen["lead0@tarnwick.example"]) == 17
    assert response.context["total"] == 45
    assert max(_integers(sql) for sql in seen["ceo@tarnwick.example"]) < TEAM_PAGE_SIZE + 10
    _login(client, ceo)
    assert client.get("/team/").context["total"] == 3 + 3 * 45
    assert client.get("/team/?scope=direct").context["total"] == 3


def test_a_person_without_reports_has_no_team_page_and_no_menu_item(client, team):
    _login(client, team["kwame"])
    assert client.get("/team/").status_code == 403
    assert "My team" not in client.get("/learning/").content.decode()
    _login(client, team["aisha"])
    assert 'href="/team/"' in client.get("/learning/").content.decode()


@freeze_time("2026-03-10")
def test_the_person_page_shows_their_courses_and_earlier_completions(client, team):
    _login(client, team["aisha"])
    response = client.get(f"/team/{team['kwame'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kwame Mensah" in html and "Crisis response" not in html  # the course is "When things go wrong"
    assert "When things go wrong" in html and "Remind" in html and "Overdue" in html


@pytest.mark.parametrize("who", ["priya", "helena"])
def test_another_managers_people_answer_404_on_every_team_url(client, team, who):
    _login(client, team["aisha"])
    other = team[who]
    course = team["course"]
    assert client.get(f"/team/{other.pk}/").status_code == 404
    assert client.post(f"/team/{other.pk}/remind/{course.pk}/").status_code == 404
    assert client.get(f"/team/{team['aisha'].pk}/").status_code == 404  # nobody is in their own team
    assert not Reminder.objects.exists()


def test_a_manager_cannot_reach_their_own_manager(client, team):
    _login(client, team["jordan"])
    assert client.get(f"/team/{team['kwame'].pk}/").status_code == 200
    assert client.get(f"/team/{team['aisha'].pk}/").status_code == 404


def test_a_remind_sends_one_email_logs_it_and_refuses_a_second_within_a_day(
    client, team, django_capture_on_commit_callbacks
):
    _login(client, team["aisha"])
    url = reverse("people:remind", args=[team["kwame"].pk, team["course"].pk])
    with freeze_time("2026-03-10 09:00"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Reminder sent to Kwame Mensah about “When things go wrong”." in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kwame@tarnwick.example"] and message.subject == "Reminder: “When things go wrong”"
    assert (
        "It is due on Sunday 1 March 2026." in message.body and "Aisha Rahman sent you this reminder." in message.body
    )
    reminder = Reminder.objects.get()
    assert reminder.sent_by == team["aisha"] and reminder.delivered_at is not None

    # Jordan, Kwame's direct manager, tries a few hours later: one reminder a day per person and course.
    _login(client, team["jordan"])
    with freeze_time("2026-03-10 15:00"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert (
        "Kwame Mensah was reminded about “When things go wrong” less than 24 hours ago. "
        "You can remind them again after 11 Mar 2026, 09:00."
    ) in response.content.decode()
    assert len(mail.outbox) == 1 and Reminder.objects.count() == 1

    with freeze_time("2026-03-11 09:01"), django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(mail.outbox) == 2 and Reminder.objects.count() == 2


def test_a_redelivered_reminder_task_sends_no_second_email(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminder = services.send_course_reminder(sent_by=team["aisha"], person=team["kwame"], course=team["course"])
    assert services.deliver_reminder(reminder=reminder) is False
    assert len(mail.outbox) == 1


def test_nothing_to_remind_about_a_finished_or_unassigned_course(client, team, course_modules):
    _, modules = course_modules
    for module in modules:
        course_services.record_module_completion(user=team["kwame"], module=module)
    _login(client, team["aisha"])
    response = client.post(reverse("people:remind", args=[team["kwame"].pk, team["course"].pk]), follow=True)
    assert "Kwame Mensah has already completed “When things go wrong”." in response.content.decode()
    from tests.factories.courses import make_course

    other = make_course(title="Optional extras")
    response = client.post(reverse("people:remind", args=[team["kwame"].pk, other.pk]), follow=True)
    assert "“Optional extras” is not required for Kwame Mensah." in response.content.decode()
    assert not Reminder.objects.exists()


def test_remind_is_post_only(client, team):
    _login(client, team["aisha"])
    assert client.get(reverse("people:remind", args=[team["kwame"].pk, team["course"].pk])).status_code == 405


ROLES = ["anonymous", roles.LEARNERS, roles.MANAGERS, roles.TRAINERS, roles.HR, roles.ADMINISTRATORS]


@pytest.mark.parametrize("role", ROLES)
def test_team_urls_for_every_role_without_reports(client, team, role):
    """Roles give no team: only having people report to you does. Everyone else sees 403 or 404."""
    url_list = [
        ("get", "/team/", 403),
        ("get", f"/team/{team['kwame'].pk}/", 404),
        ("post", f"/team/{team['kwame'].pk}/remind/{team['course'].pk}/", 404),
    ]
    if role != "anonymous":
        _login(client, make_person(f"{role.lower()}@tarnwick.example", role=role))
    for method, url, expected in url_list:
        response = getattr(client, method)(url)
        if role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
        else:
            assert response.status_code == expected, (role, url)


def test_a_manager_logs_in_and_finds_the_team_in_the_menu(client, team):
    response = client.post("/accounts/login/", {"login": "aisha@tarnwick.example", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert 'href="/team/"' in response.content.decode()


@freeze_time("2026-03-10")
def test_the_team_filters_are_chips_that_keep_the_other_choice_and_progress_reads_as_one_word(client, team):
    _login(client, team["aisha"])
    page = client.get(reverse("people:team"), {"scope": "direct", "show": "overdue"}).content.decode()
    # links, so they work without scripts; the chosen chip is announced as current and keeps the other filter
    assert '<a class="chip" href="?scope=direct&amp;show=overdue" aria-current="true">Direct reports</a>' in page
    assert '<a class="chip" href="?scope=all&amp;show=overdue">Whole team</a>' in page
    assert '<a class="chip" href="?scope=direct&amp;show=all">All</a>' in page
    assert "<select" not in page
    # Jordan finished the first of two modules and is past the due date: the one status tag, and "50%" with no space
    assert '<span class="tag tag--overdue">Overdue</span>' in page
    assert '<span class="team-course__percent">50%</span>' in page


@freeze_time("2026-03-10")
def test_the_summary_band_counts_the_whole_scope_in_one_query_whatever_the_filter(client, team, course_modules):
    """People, completion rate and overdue required courses over everyone below the manager (or their direct reports),
    from the maintained team counts (reports registers them as the source), equal to the live count: not the page or
    the "overdue" filter, and nobody outside the manager's team."""
    from people.selectors import live_team_summary, team_summary

    _, modules = course_modules
    for module in modules:
        course_services.record_module_completion(user=team["kwame"], module=module)
    outsider = make_person("outsider@tarnwick.example", manager=team["helena"])
    course_services.enrol_user(user=outsider, course=team["course"], required=True, due_on=date(2026, 3, 1))
    aisha = team["aisha"]
    summary = team_summary(manager=aisha, today=date(2026, 3, 10))
    # Jordan (half done, past due) and Kwame (done): two people, one of two required courses completed, one overdue
    assert (summary.people, summary.required, summary.completed, summary.overdue) == (2, 2, 1, 1)
    assert summary.completion_percent == 50
    direct = team_summary(manager=aisha, today=date(2026, 3, 10), direct_only=True)
    assert (direct.people, direct.required, direct.completed, direct.overdue) == (1, 1, 0, 1)
    for manager in (aisha, team["helena"]):
        for direct_only in (False, True):
            counted = team_summary(manager=manager, today=date(2026, 3, 10), direct_only=direct_only)
            assert counted == live_team_summary(manager=manager, today=date(2026, 3, 10), direct_only=direct_only)
    with CaptureQueriesContext(connection) as queries:
        team_summary(manager=aisha, today=date(2026, 3, 10))
    assert len(queries.captured_queries) == 1
    _login(client, aisha)
    response = client.get("/team/?show=overdue")
    assert response.context["summary"] == summary  # the filter narrows the list, not the figures
    html = response.content.decode()
    assert '<dd class="figure__value">50<span class="figure__unit">%</span></dd>' in html
    assert "1 of 2" in html
    assert response.context["total"] == 1
    # Helena's team is Priya (nothing required) and the outsider (overdue); a team with nothing required has no rate
    helena = team_summary(manager=team["helena"], today=date(2026, 3, 10))
    assert (helena.people, helena.required, helena.completed, helena.overdue) == (2, 1, 0, 1)
    lead = make_person("lead@tarnwick.example", role=roles.MANAGERS)
    make_person("new@tarnwick.example", manager=lead)
    empty = team_summary(manager=lead, today=date(2026, 3, 10))
    assert (empty.people, empty.required, empty.completion_percent) == (1, 0, None)
    _login(client, lead)
    assert "None assigned" in client.get("/team/").content.decode()
