from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core import mail

import pytest

from people import roles
from people.services import update_profile
from reminders import services
from reminders.models import ReminderSent
from tests.factories.people import UserFactory

from .conftest import TODAY, enrol

pytestmark = pytest.mark.django_db


def person(email, *, manager=None, first_name="", last_name="", role=roles.LEARNERS):
    user = UserFactory(email=email, first_name=first_name, last_name=last_name)
    user.groups.add(Group.objects.get(name=role))
    update_profile(user=user, manager=manager)
    return user


@pytest.fixture
def team(manager):
    update_profile(user=manager, manager=None)
    jordan = person("jordan@tarnwick.example", manager=manager, first_name="Jordan", last_name="Ellis")
    kwame = person("kwame@tarnwick.example", manager=jordan, first_name="Kwame", last_name="Mensah")
    outsider = person("priya@tarnwick.example", first_name="Priya", last_name="Nair")
    return {"jordan": jordan, "kwame": kwame, "outsider": outsider}


def digest_for(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_the_digest_lists_direct_and_indirect_reports_due_courses_and_nobody_else(manager, team, courses, branding):
    enrol(team["jordan"], courses["Crisis response"], due_in=-3)
    enrol(team["kwame"], courses["Listening at scale"], due_in=5)
    enrol(team["outsider"], courses["Hiring in public"], due_in=-3)
    enrol(team["kwame"], courses["Posting for the company"], due_in=30)  # not yet due soon
    sent = services.send_manager_digest(manager=manager, today=TODAY)
    assert sent.kind == ReminderSent.Kind.MANAGER
    [message] = digest_for(manager)
    assert message.subject == "Your team’s training this week"
    assert "Jordan Ellis: Crisis response (due 20 November 2026)" in message.body
    assert "Kwame Mensah: Listening at scale (due 28 November 2026)" in message.body
    assert "Priya" not in message.body
    assert "Hiring in public" not in message.body
    assert "Posting for the company" not in message.body
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    assert "Tarnwick Transit" in message.body
    assert "Tarnwick Transit" in html
    assert "Jordan Ellis" in html


def test_the_digest_lists_required_training_only_and_no_scores(manager, team, courses):
    enrol(team["jordan"], courses["Crisis response"], due_in=-3, required=False)
    assert services.send_manager_digest(manager=manager, today=TODAY) is None
    assert digest_for(manager) == []


def test_the_digest_is_sent_once_per_week_however_often_it_runs(manager, team, courses):
    enrol(team["jordan"], courses["Crisis response"], due_in=-3)
    assert services.send_manager_digests(today=TODAY) == 1
    assert services.send_manager_digests(today=TODAY) == 0
    services.send_manager_digest(manager=manager, today=TODAY + timedelta(days=3))
    assert len(digest_for(manager)) == 1
    assert services.send_manager_digests(today=TODAY + timedelta(weeks=1)) == 1
    assert len(digest_for(manager)) == 2


def test_every_manager_in_the_chain_gets_their_own_digest(manager, team, courses):
    enrol(team["kwame"], courses["Crisis response"], due_in=-3)
    assert services.send_manager_digests(today=TODAY) == 2
    assert len(digest_for(manager)) == 1
    assert len(digest_for(team["jordan"])) == 1


def test_a_manager_who_turned_optional_emails_off_gets_no_digest(manager, team, courses):
    enrol(team["jordan"], courses["Crisis response"], due_in=-3)
    services.set_optional_emails(user=manager, enabled=False)
    assert services.send_manager_digests(today=TODAY) == 0
    assert digest_for(manager) == []


def test_a_completed_course_leaves_the_digest(manager, team):
    from courses.services import record_module_completion
    from tests.factories.courses import make_course_with_modules

    course, modules = make_course_with_modules(1, title="Crisis response")
    enrol(team["jordan"], course, due_in=-3)
    record_module_completion(user=team["jordan"], module=modules[0])
    assert services.send_manager_digest(manager=manager, today=TODAY) is None
