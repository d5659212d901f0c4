"""An Administrator creates a SCIM client (its token shown once), finds it in the list and revokes it, on accessible
pages with no console error; HR is refused the screen."""

from django.contrib.auth.models import Group
from django.test import Client

import pytest
from playwright.sync_api import expect

from people import roles
from scim.models import ScimClient
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_administrator_creates_lists_and_revokes_a_client_and_hr_is_refused(page, hr):
    administrator = UserFactory(email="it@tarnwick.example")
    administrator.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    page.set_default_navigation_timeout(60_000)  # the live server's first pages, on 2 loaded cores
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, administrator)

    page.goto("/admin/scim_clients/new/")
    page.get_by_label("Name").fill("Okta")
    page.get_by_role("button", name="Create").click()
    page.wait_for_load_state()
    token = page.locator("[data-scim-token]").inner_text().strip()
    assert token.startswith("scim_") and len(token) > 40
    expect(page.get_by_text("/scim/v2/")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="I have copied the token").click()
    page.wait_for_load_state()
    record = ScimClient.objects.get(name="Okta")
    expect(page.get_by_role("link", name="Okta")).to_be_visible()
    assert token not in page.content()  # shown once, never again
    assert_accessible(page)

    page.get_by_role("button", name="More options for 'Okta'").click()  # the row's menu
    page.get_by_role("link", name="Revoke token").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/admin/scim_clients/revoke/{record.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Revoke token").click()
    page.wait_for_load_state()
    expect(page.get_by_text("The token of “Okta” is revoked.")).to_be_visible()
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert Client().get("/scim/v2/Users", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert not errors, errors

    page.context.clear_cookies()
    log_in(page, hr)
    response = page.goto("/admin/scim_clients/")
    assert response.status == 403 or "/admin/scim_clients/" not in page.url, (response.status, page.url)
    expect(page.get_by_text(record.token_hint)).to_have_count(0)
    response = page.goto(f"/admin/scim_clients/revoke/{ScimClient.objects.get().pk}/")
    assert response.status == 403 or "/revoke/" not in page.url, (response.status, page.url)
