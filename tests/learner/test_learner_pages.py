"""Learner pages are learner pages: Wagtail's userbar and the "Admin" link only for people who can edit something
there, managers reach their reports from "My team", and sign-in lands on "My learning"."""

from __future__ import annotations

from django.contrib.auth.models import Group

import pytest

from people import roles
from tests.factories.courses import make_course_with_modules
from tests.factories.people import PASSWORD
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db

USERBAR = "<wagtail-userbar"
ADMIN_LINK = '<a href="/admin/">Admin</a>'


@pytest.fixture
def course_module():
    course, modules = make_course_with_modules(1, title="Every function is on social")
    return course, modules[0]


@pytest.mark.parametrize(
    ("role", "sees_admin"),
    [(roles.LEARNERS, False), (roles.MANAGERS, False), (roles.HR, True), (roles.TRAINERS, True)],
)
def test_only_people_with_work_in_the_admin_see_its_link(client, course_module, role, sees_admin):
    person = make_person(f"{role.lower()}@tarnwick.example", role=role)
    client.force_login(person)
    html = client.get("/learning/").content.decode()
    assert (ADMIN_LINK in html) is sees_admin


@pytest.mark.parametrize(
    ("role", "sees_userbar"),
    [(roles.LEARNERS, False), (roles.MANAGERS, False), (roles.HR, False), (roles.TRAINERS, True)],
)
def test_the_userbar_shows_only_to_people_who_may_edit_the_page(client, course_module, role, sees_userbar):
    course, module = course_module
    person = make_person(f"{role.lower()}@tarnwick.example", role=role)
    client.force_login(person)
    for url in (course.url, module.url):
        html = client.get(url).content.decode()
        assert (USERBAR in html) is sees_userbar, url


def test_a_course_reviewer_who_may_change_pages_sees_the_admin_link(client, course_module):
    reviewer = make_person("reviewer@tarnwick.example", role=roles.MANAGERS)
    group, _ = Group.objects.get_or_create(name="Course reviewers")
    from django.contrib.auth.models import Permission

    from wagtail.models import GroupPagePermission

    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.get_or_create(
        group=group, page=course_module[0].get_parent(), permission=Permission.objects.get(codename="change_page")
    )
    reviewer.groups.add(group)
    client.force_login(reviewer)
    assert ADMIN_LINK in client.get("/learning/").content.decode()


def test_a_manager_reaches_team_reports_from_my_team_not_from_the_header(client, course_module):
    manager = make_person("aisha@tarnwick.example", role=roles.MANAGERS)
    make_person("jordan@tarnwick.example", manager=manager)
    client.force_login(manager)
    dashboard = client.get("/learning/").content.decode()
    assert ">Reports</a>" not in dashboard
    team = client.get("/team/").content.decode()
    assert 'href="/admin/learning-reports/completion/"' in team and "Team reports" in team


def test_signing_in_lands_on_my_learning(client, course_module):
    make_person("jordan@tarnwick.example")
    response = client.post("/accounts/login/", {"login": "jordan@tarnwick.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/learning/"


def test_the_module_page_shows_the_course_outline_with_this_module_current(client, course_module):
    from courses import services as course_services
    from tests.factories.courses import make_module

    course, module = course_module
    second = make_module(course, title="Customer service in public")
    learner = make_person("jordan@tarnwick.example")
    course_services.record_module_completion(user=learner, module=module)
    client.force_login(learner)
    page = client.get(second.url).content.decode()
    assert '<h2 id="outline-heading" class="outline__heading">Course outline</h2>' in page
    assert f'<a class="outline__link" href="{second.url}" aria-current="page">Customer service in public</a>' in page
    assert 'class="outline__item outline__item--done"' in page  # the first module, done: a tick, not a number
