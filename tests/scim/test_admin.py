"""The Administrators' SCIM clients screen: create (the token shown once, only its hash kept), list, change rights,
revoke; HR and everyone else kept out."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group

import pytest

from people import roles
from people.models import AuditLog
from scim.models import ScimClient
from scim.services import hash_token
from tests.factories.people import UserFactory


def _person(role: str, email: str):
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def administrator(db):
    return _person(roles.ADMINISTRATORS, "it@tarnwick.example")


def test_an_administrator_creates_lists_changes_and_revokes_a_client(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/scim_clients/new/",
        {"name": "Okta", "may_grant_hr": "", "send_invitations": "", "requests_per_minute": "600"},
    )
    assert response.status_code == 200, response.content[:500]
    token = re.search(r"data-scim-token>([^<]+)<", response.content.decode()).group(1)
    record = ScimClient.objects.get(name="Okta")
    assert record.token_hash == hash_token(token) and token not in str(vars(record))
    assert "/scim/v2/" in response.content.decode()
    listing = client.get("/admin/scim_clients/")
    assert listing.status_code == 200 and "Okta" in listing.content.decode()
    assert token not in listing.content.decode()  # never shown again
    # Revoking is reached from the listing's row menu, not only by typing its address (QA: the menu was never drawn).
    assert f'href="/admin/scim_clients/revoke/{record.pk}/"' in listing.content.decode()
    assert client.get(f"/admin/scim_clients/edit/{record.pk}/").status_code == 200
    client.post(
        f"/admin/scim_clients/edit/{record.pk}/",
        {"may_grant_hr": "on", "send_invitations": "", "requests_per_minute": "900"},
    )
    record.refresh_from_db()
    assert record.may_grant_hr and record.requests_per_minute == 900
    assert client.get(f"/admin/scim_clients/revoke/{record.pk}/").status_code == 200
    client.post(f"/admin/scim_clients/revoke/{record.pk}/")
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert client.get("/scim/v2/Users", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert AuditLog.objects.filter(actor=administrator, summary__contains="Okta").count() == 3
    assert client.get(f"/admin/scim_clients/delete/{record.pk}/").status_code in (403, 404, 302)
    assert ScimClient.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("role", [roles.HR, roles.TRAINERS, roles.MANAGERS, roles.LEARNERS])
def test_nobody_else_reaches_the_screen(client, db, role):
    record = ScimClient.objects.create(name="Entra ID", token_hash="0" * 64, token_hint="scim_abcd")
    client.force_login(_person(role, f"{role.lower()}@tarnwick.example"))
    for url in ("/admin/scim_clients/", "/admin/scim_clients/new/", f"/admin/scim_clients/revoke/{record.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), (role, url, response.status_code)
    client.post(f"/admin/scim_clients/revoke/{record.pk}/")
    record.refresh_from_db()
    assert record.revoked_at is None


@pytest.mark.parametrize("rate", ["0", "-1", "100001", "99999999999999999999"])
def test_a_rate_that_would_lock_the_client_out_is_a_form_error(client, administrator, rate):
    """0 a minute saved and then answered every call 429 (QA); the form now says what it takes."""
    client.force_login(administrator)
    response = client.post(
        "/admin/scim_clients/new/",
        {"name": "Okta", "may_grant_hr": "", "send_invitations": "", "requests_per_minute": rate},
    )
    assert response.status_code == 200
    assert "data-scim-token" not in response.content.decode()
    assert not ScimClient.objects.exists()
