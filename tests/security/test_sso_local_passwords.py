"""Local passwords of people single sign-on signs in (people/sso.py, `password_login_refused`), attacked through every
door that takes or hands out a password: Wagtail's /admin/login/ (it let an SSO HR person in with the local password
the site's own sign-in refuses) and the password reset (it mailed them a link to set one)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from people import roles
from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROVIDER_ID = "company"
REFUSED = "Your company signs you in with single sign-on"


@pytest.fixture
def sso_on(settings):
    """Single sign-on configured, local passwords off (SSO_LOCAL_PASSWORDS=False). Nothing here talks to the provider:
    the rule reads the configuration and whether the person has signed in with it (their SocialAccount)."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": "Company",
                    "client_id": "socialwise",
                    "secret": "not-used-here",
                    "settings": {"server_url": "http://127.0.0.1:9/"},
                }
            ]
        }
    }
    settings.SSO_LOCAL_PASSWORDS = False


def sso_person(email: str, *role_names: str):
    user = UserFactory(email=email)
    user.groups.add(*Group.objects.filter(name__in=[roles.LEARNERS, *role_names]))
    EmailAddress.objects.filter(user=user).update(verified=True)
    SocialAccount.objects.create(user=user, provider=PROVIDER_ID, uid=email)
    return user


def admin_login(client, user):
    return client.post("/admin/login/", {"username": user.email, "password": PASSWORD})


@pytest.mark.parametrize("role", [roles.HR, roles.TRAINERS, roles.MANAGERS, roles.LEARNERS])
def test_the_admin_login_refuses_the_local_password_of_an_sso_person_who_is_not_an_administrator(client, sso_on, role):
    fatima = sso_person("fatima.haddad@tarnwick.example", role)
    response = admin_login(client, fatima)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session
    # A wrong password still reads as a wrong password: the rule says nothing before the right one.
    response = client.post("/admin/login/", {"username": fatima.email, "password": "wrong-password-1"})
    assert REFUSED not in response.content.decode()


def test_an_sso_administrator_and_a_person_without_sso_keep_their_local_password_at_the_admin_login(client, sso_on):
    robin = sso_person("robin.achterberg@tarnwick.example", roles.ADMINISTRATORS)
    assert admin_login(client, robin).status_code == 302 and client.session["_auth_user_id"] == str(robin.pk)
    client.logout()
    local = UserFactory(email="local.hr@tarnwick.example")
    local.groups.add(Group.objects.get(name=roles.HR))
    assert admin_login(client, local).status_code == 302 and client.session["_auth_user_id"] == str(local.pk)


def test_with_local_passwords_allowed_the_admin_login_takes_an_sso_persons_password(client, sso_on, settings):
    settings.SSO_LOCAL_PASSWORDS = True
    fatima = sso_person("fatima.haddad@tarnwick.example", roles.HR)
    assert admin_login(client, fatima).status_code == 302


def test_a_password_reset_for_an_sso_person_mails_how_they_sign_in_and_no_link(client, sso_on):
    jordan = sso_person("jordan.ellis@tarnwick.example")
    response = client.post(reverse("account_reset_password"), {"email": jordan.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in body and "single sign-on" in body
    # The page looks the same as for anyone else, so it tells a stranger nothing.
    other = UserFactory(email="kwame.mensah@tarnwick.example")
    assert client.post(reverse("account_reset_password"), {"email": other.email})["Location"] == response["Location"]
    assert "/accounts/password/reset/key/" in mail.outbox[1].body
    # And a password set some other way still does not sign Jordan in, here or at /admin/login/.
    jordan.set_password("a-fresh-local-passphrase")
    jordan.save()
    response = client.post(reverse("account_login"), {"login": jordan.email, "password": "a-fresh-local-passphrase"})
    assert REFUSED in response.content.decode() and "_auth_user_id" not in client.session
    response = client.post("/admin/login/", {"username": jordan.email, "password": "a-fresh-local-passphrase"})
    assert REFUSED in response.content.decode() and "_auth_user_id" not in client.session
