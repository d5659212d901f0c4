"""Issue 14, critical: HR (Fatima Haddad) edits the Administrator's person, gives it an address she owns, asks for a
password reset and becomes superuser. Performed here through the same URLs and forms, then the protections an email
change by someone else now brings: sessions end, earlier reset links die (allauth's real reset flow), the new address
is unverified and the old one is told."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

import pytest
from allauth.account.models import EmailAddress

from people import roles, services
from people.models import AuditLog, User
from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ATTACKER_MAILBOX = "fatima.private@evil.example"
NEW_PASSWORD = "owned-by-fatima-2026"
RESET_LINK = re.compile(r"http://testserver(/accounts/password/reset/key/[^\s]+/)")


@pytest.fixture
def administrator(db):
    """The demo's administrator: a superuser in the Administrators role, no authenticator yet."""
    admin = User.objects.create_superuser(
        email="admin@tarnwick.example", password=PASSWORD, first_name="Robin", last_name="Achterberg"
    )
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    return admin


@pytest.fixture
def fatima(db):
    hr = UserFactory(email="fatima.haddad@tarnwick.example", first_name="Fatima", last_name="Haddad")
    hr.groups.add(Group.objects.get(name=roles.HR))
    return hr


def _signed_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return client


def _person_form(user, **changes) -> dict:
    profile = user.profile
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "pronouns": user.pronouns,
        "is_active": "on" if user.is_active else None,
        "roles": sorted(set(user.groups.values_list("name", flat=True)) - {roles.LEARNERS}),
        "department": profile.department_id or "",
        "job_title": profile.job_title,
        "manager": profile.manager_id or "",
        "audience": profile.audience or "staff",
        "hire_date": profile.hire_date or "",
        "cohorts": [],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _reset_links(address: str) -> list[str]:
    return [link for m in mail.outbox if m.to == [address] for link in RESET_LINK.findall(m.body)]


def test_hr_cannot_take_over_the_administrator_by_changing_the_email_and_resetting_the_password(
    administrator, fatima, django_capture_on_commit_callbacks
):
    hr = _signed_in(fatima)
    edit_url = f"/admin/people/people/edit/{administrator.profile.pk}/"
    page = hr.get(edit_url).content.decode()
    assert "You can change where Robin Achterberg sits in the organisation, but not their account" in page

    response = hr.post(edit_url, _person_form(administrator, email=ATTACKER_MAILBOX))
    assert response.status_code == 200
    reason = "Robin Achterberg is a superuser and you are not, so you cannot change their email address."
    assert response.content.decode().count(reason) == 1  # QA: it was shown twice (banner title and its list)
    administrator.refresh_from_db()
    assert administrator.email == "admin@tarnwick.example"
    assert list(EmailAddress.objects.filter(user=administrator).values_list("email", "verified")) == [
        ("admin@tarnwick.example", True)
    ]
    entry = AuditLog.objects.get(action=AuditLog.Action.CHANGE_REFUSED)
    assert (entry.actor, entry.subject) == (fatima, administrator)
    assert entry.summary == "Refused to change the email address of a superuser (people admin)."
    assert entry.data == {"changes": ["email"], "via": "people admin"}

    # The rest of the attack: a reset for the attacker's address finds no account, so no link and no superuser.
    mail.outbox.clear()
    anonymous = Client()
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post("/accounts/password/reset/", {"email": ATTACKER_MAILBOX})
    assert _reset_links(ATTACKER_MAILBOX) == []
    response = anonymous.post("/accounts/login/", {"login": ATTACKER_MAILBOX, "password": NEW_PASSWORD})
    assert "_auth_user_id" not in anonymous.session
    assert hr.get("/admin/users/").status_code == 302  # and HR never reaches Wagtail's Users screen


def test_hr_cannot_raise_anyone_to_administrator_or_herself(client, fatima):
    person = UserFactory(email="sam@tarnwick.example", first_name="Sam", last_name="Lindqvist")
    person.groups.add(Group.objects.get(name=roles.TRAINERS))
    client.force_login(fatima)
    for target in (person, fatima):
        response = client.post(
            f"/admin/people/people/edit/{target.profile.pk}/", _person_form(target, roles=[roles.ADMINISTRATORS])
        )
        assert response.status_code == 200
        # The form offers no such role, and the service would refuse it anyway.
        assert "Select a valid choice. Administrators is not one of the available choices." in response.content.decode()
        assert not target.groups.filter(name=roles.ADMINISTRATORS).exists()


def test_an_email_change_by_hr_ends_every_session_voids_earlier_reset_links_and_tells_the_old_address(
    fatima, django_capture_on_commit_callbacks
):
    learner = UserFactory(email="jordan.ellis@tarnwick.example", first_name="Jordan", last_name="Ellis")
    learner.groups.add(Group.objects.get(name=roles.LEARNERS))
    laptop = _signed_in(learner)
    # Jordan asked for a reset link before the change (allauth's real flow).
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password/reset/", {"email": learner.email})
    [old_link] = _reset_links(learner.email)

    hr = _signed_in(fatima)
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(
            f"/admin/people/people/edit/{learner.profile.pk}/", _person_form(learner, email="j.ellis@tarnwick.example")
        )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.email == "j.ellis@tarnwick.example" and learner.security_stamp
    assert list(EmailAddress.objects.filter(user=learner).values_list("email", "verified", "primary")) == [
        ("j.ellis@tarnwick.example", False, True)
    ]
    # Signed out everywhere: the laptop's session no longer opens My learning.
    assert laptop.get("/learning/")["Location"].startswith("/accounts/login/")
    # The old address is told, once, without the new one.
    [notice] = [m for m in mail.outbox if m.subject == "Your Socialwise sign-in address was changed"]
    assert notice.to == ["jordan.ellis@tarnwick.example"]
    assert "Changed by Fatima Haddad on" in notice.body and "j.ellis" not in notice.body
    entry = AuditLog.objects.get(action=AuditLog.Action.EMAIL_CHANGED)
    assert (entry.actor, entry.subject, entry.data) == (fatima, learner, {"old_address_told": True})
    assert services.tell_old_email_address(entry=entry, old_email="jordan.ellis@tarnwick.example") is False

    # The link sent before the change no longer sets a password, even once the address is changed back.
    browser = Client()
    assert browser.get(old_link, follow=True).context["token_fail"] is True
    hr.post(
        f"/admin/people/people/edit/{learner.profile.pk}/", _person_form(learner, email="jordan.ellis@tarnwick.example")
    )
    assert Client().get(old_link, follow=True).context["token_fail"] is True
    # A link sent after the change works: allauth's reset completes and Jordan signs in with the new password.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password/reset/", {"email": "jordan.ellis@tarnwick.example"})
    [new_link] = _reset_links("jordan.ellis@tarnwick.example")
    browser = Client()
    form_page = browser.get(new_link, follow=True)
    assert not form_page.context.get("token_fail") and 'name="password1"' in form_page.content.decode()
    done = browser.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    assert done.status_code == 200
    assert Client().post("/accounts/login/", {"login": "jordan.ellis@tarnwick.example", "password": NEW_PASSWORD})[
        "Location"
    ] == ("/learning/")


def test_hr_changing_her_own_email_stays_signed_in(fatima, django_capture_on_commit_callbacks):
    hr = _signed_in(fatima)
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(
            f"/admin/people/people/edit/{fatima.profile.pk}/", _person_form(fatima, email="f.haddad@tarnwick.example")
        )
    assert response.status_code == 302
    assert hr.get("/admin/people/people/").status_code == 200
