"""Two-factor authentication before the admin for Trainers, HR and Administrators (and superusers), as the
production setting has it (MFA_ENFORCED on); the demo turns it off."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

from people import roles
from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enforced(settings):
    settings.MFA_ENFORCED = True


def _person(role: str):
    user = UserFactory(email=f"{role.lower()}@tarnwick.example")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize("role", [roles.TRAINERS, roles.HR, roles.ADMINISTRATORS])
def test_staff_roles_without_an_authenticator_are_sent_to_set_one_up(client, enforced, role):
    client.force_login(_person(role))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=%2Fadmin%2F"
    response = client.get("/admin/people/people/", follow=True)
    assert "Your role needs two-factor authentication. Set up an authenticator app to continue to the admin." in (
        response.content.decode()
    )


@pytest.mark.parametrize("role", [roles.TRAINERS, roles.HR, roles.ADMINISTRATORS])
def test_staff_roles_with_an_authenticator_reach_the_admin(client, enforced, role):
    user = _person(role)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_a_superuser_needs_an_authenticator_too(client, enforced):
    from people.models import User

    client.force_login(User.objects.create_superuser(email="root@tarnwick.example", password="x" * 12))
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/totp/activate/")


def test_a_course_reviewer_who_may_publish_needs_an_authenticator_too(client, enforced, learner):
    """The reviewers' group is no staff role by name, but it publishes to every learner (QA: it reached the editor's
    Publish with a password alone)."""
    learner.groups.add(Group.objects.get(name="Course reviewers"))  # made by courses/migrations/0005_course_review.py
    client.force_login(learner)
    assert client.get("/admin/pages/")["Location"].startswith("/accounts/2fa/totp/activate/")
    Authenticator.objects.create(user=learner, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    assert client.get("/admin/").status_code == 200


def test_learners_and_managers_are_not_asked(client, enforced, learner, manager):
    for user in (learner, manager):
        client.force_login(user)
        response = client.get("/admin/")
        assert "/2fa/" not in response.get("Location", "")
        assert client.get("/learning/").status_code == 200


def test_wagtails_login_form_is_replaced_by_the_one_that_asks_for_the_code(client, enforced):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    hr = _person(roles.HR)
    response = client.post("/admin/login/", {"username": hr.email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_with_enforcement_off_the_demo_staff_reach_the_admin(client, settings):
    settings.MFA_ENFORCED = False
    client.force_login(_person(roles.HR))
    assert client.get("/admin/").status_code == 200


def test_hr_sets_up_an_authenticator_app_and_then_reaches_the_admin(client, enforced):
    hr = _person(roles.HR)
    client.post("/accounts/login/", {"login": hr.email, "password": PASSWORD})
    response = client.get("/admin/", follow=True)
    # allauth asks for the password again before a new second factor is added
    reauthenticate = response.redirect_chain[-1][0]
    assert reauthenticate.startswith("/accounts/reauthenticate/")
    response = client.post(reauthenticate, {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/?next=%2Fadmin%2F"
    page = response.content.decode()
    secret = re.search(r'value="([A-Z2-7]{32})"', page).group(1)
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=hr, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200
