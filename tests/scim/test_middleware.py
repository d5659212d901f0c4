"""SCIM requests skip the browser's middleware (scim/middleware.py) and keep the guards and headers an API needs."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from scim import middleware
from tests.scim.test_provisioning import new_user, scim  # noqa: F401 (fixtures)


@pytest.mark.parametrize("path", ["Users", "Users/12345", "ServiceProviderConfig", "Nowhere/at/all"])
def test_scim_answers_carry_the_api_headers_and_no_cookie(scim, path):  # noqa: F811
    response = scim.get(path)
    assert response.status_code in {200, 404}
    assert response["Content-Type"] == "application/scim+json"
    assert response["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware, listed before
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"] == middleware.API_POLICY
    assert not response.cookies  # no session, no CSRF cookie, no messages
    assert "Cookie" not in response.get("Vary", "")


def test_the_query_string_guards_still_apply(scim):  # noqa: F811
    """A number beyond 64 bits is read as the largest page, as before: the guards are listed before the shortcut. A
    NUL in a filter, which the guard drops for pages, is refused by SCIM (dropping it could widen the filter)."""
    assert scim.post("Users", new_user("ada@tarnwick.example")).status_code == 201
    refused = scim.get('Users?filter=userName eq "ada@tarnwick.example\x00"')
    assert refused.status_code == 400 and refused.json()["scimType"] == "invalidFilter"
    assert scim.get("Users?count=100000000000000000000000").status_code == 200


def test_a_scim_request_reads_no_session_and_no_redirect(scim):  # noqa: F811
    """Wagtail's redirects are looked up on a 404 of the site; SCIM's own 404 does not look them up."""
    with CaptureQueriesContext(connection) as run:
        assert scim.get("Nowhere").status_code == 404
    assert not [q for q in run.captured_queries if "wagtailredirects" in q["sql"] or "django_session" in q["sql"]]


def test_pages_still_get_the_site_policy(client, db):
    response = client.get("/accounts/login/")
    assert response["Content-Security-Policy"] != middleware.API_POLICY
    assert "script-src 'self'" in response["Content-Security-Policy"]
