"""Catalogue filters that find things: audiences as the course pages state them, "For you" first, and department
filters that show the courses assigned to that department."""

from __future__ import annotations

from datetime import date

import pytest

from courses.models import Audience
from people import services as people_services
from people.models import DueRule
from tests.factories.courses import make_course, make_module
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    leaders = make_course(title="Social media literacy for leaders", audience=Audience.EXECUTIVES)
    make_module(leaders, title="Who speaks for us", written_for="Executives, Managers")
    everyone = make_course(title="Every function is on social", audience=Audience.ALL_STAFF)
    make_module(everyone, title="Customer service in public", written_for="Customer service")
    crisis = make_course(title="When things go wrong", audience=Audience.ALL_STAFF)
    make_module(crisis, title="The first hour", written_for="Operations")
    return {"leaders": leaders, "everyone": everyone, "crisis": crisis}


def titles(response) -> list[str]:
    return [card.course.title for card in response.context["courses"]]


def test_managers_finds_the_leaders_course_its_modules_are_written_for(client, learner, catalogue):
    client.force_login(learner)
    response = client.get("/courses/", {"audience": "managers"})
    assert titles(response) == ["Social media literacy for leaders"]
    assert "Executives, Managers" in response.content.decode()
    assert titles(client.get("/courses/", {"audience": "customer_service"})) == ["Every function is on social"]


def test_courses_for_the_learners_audience_and_department_come_first(client, catalogue):
    operations = people_services.create_department(name="Operations", code="OPS")
    executive = make_person("helena@tarnwick.example", audience="executive")
    technician = make_person("kwame@tarnwick.example", department=operations)
    client.force_login(executive)
    response = client.get("/courses/")
    assert titles(response)[0] == "Social media literacy for leaders"
    assert [card.for_you for card in response.context["courses"]] == [True, False, False]
    assert "For you" in response.content.decode()
    client.force_login(technician)
    response = client.get("/courses/")
    assert titles(response)[0] == "When things go wrong"


def test_a_department_filter_shows_the_courses_assigned_there_and_below(client, learner, catalogue):
    operations = people_services.create_department(name="Operations", code="OPS")
    people_services.create_department(name="Control room", code="CTRL", parent=operations)
    people_services.create_assignment(
        course=catalogue["everyone"], departments=[operations], due_rule=DueRule.NONE, assigned_on=date(2026, 2, 1)
    )
    client.force_login(learner)
    assert titles(client.get("/courses/", {"department": "OPS"})) == ["Every function is on social"]
    assert titles(client.get("/courses/", {"department": "CTRL"})) == ["Every function is on social"]
    assert len(titles(client.get("/courses/", {"department": "NOPE"}))) == 3  # unknown: no filter, no error
    html = client.get("/courses/").content.decode()
    assert '<a class="chip" href="?department=OPS">Operations</a>' in html


@pytest.mark.parametrize("audience", ["'; DROP TABLE x; --", "\x00", "x" * 1000])
def test_junk_filters_show_the_whole_catalogue(client, learner, catalogue, audience):
    client.force_login(learner)
    response = client.get("/courses/", {"audience": audience, "department": audience})
    assert response.status_code == 200 and len(titles(response)) == 3


def test_the_filters_are_chips_that_keep_the_other_filter_and_mark_the_chosen_one(client, learner, catalogue):
    operations = people_services.create_department(name="Operations", code="OPS")
    people_services.create_assignment(
        course=catalogue["crisis"], departments=[operations], due_rule=DueRule.NONE, assigned_on=date(2026, 2, 1)
    )
    client.force_login(learner)
    page = client.get("/courses/", {"audience": "managers"}).content.decode()
    # plain links, so they work without scripts; the chosen chip is announced as current
    assert '<a class="chip" href="?audience=managers" aria-current="true">Managers</a>' in page
    assert '<a class="chip" href="?audience=managers&amp;department=OPS">Operations</a>' in page
    assert '<a class="chip" href="?">Any audience</a>' in page
    assert "<select" not in page
