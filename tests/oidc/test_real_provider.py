"""Single sign-on against a real OpenID Connect provider (panva's certified oidc-provider on loopback), driven in
Chromium with the production CSP: every case of issue 15. Each test fails on a CSP violation or a console error."""

from __future__ import annotations

import time

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from people import roles
from people.models import AuditLog, User

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def watched(page):
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: problems.append(f"{msg.text} ({msg.location.get('url')})") if msg.type == "error" else None,
    )
    page.problems = problems
    yield page
    expected = ("status of 403", "status of 503", "status of 502", "status of 400", "favicon.ico")
    unexpected = [p for p in problems if not any(e in p for e in expected)]
    assert not unexpected, unexpected
    assert not page.csp_violations, page.csp_violations


def sso_sign_in(page, login: str) -> None:
    """From Socialwise's login page through the provider's and back: the button, allauth's Continue (the form whose
    redirect Chromium checks against form-action), the provider's own sign-in."""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Tarnwick sign-in").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Login").fill(login)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def groups_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_hr_signs_in_with_sso_in_chromium_with_the_csp_and_the_providers_second_factor_then_signs_out_there(
    watched, idp, live_server
):
    page = watched
    idp.account(
        "amara",
        email="amara.kessie@tarnwick.example",
        email_verified=True,
        given_name="Amara",
        family_name="Kessie",
        department="Operations",
        job_title="Controller",
        roles=["manager", "socialwise-hr"],
        amr=["pwd", "otp"],
        acr="urn:idp:mfa",
    )
    from people import services

    services.create_department(name="Operations", code="OPS")
    sso_sign_in(page, "amara")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert page.url.startswith(live_server.url)
    user = User.objects.get(email="amara.kessie@tarnwick.example")
    assert groups_of(user) == {roles.LEARNERS, roles.MANAGERS, roles.HR}
    assert (user.profile.department.code, user.profile.job_title) == ("OPS", "Controller")
    assert EmailAddress.objects.get(user=user).verified
    summaries = list(AuditLog.objects.filter(subject=user).values_list("summary", flat=True))
    assert any("roles added HR, Learners, Managers" in s for s in summaries), summaries
    assert any("department none → Operations" in s for s in summaries), summaries
    # The provider's amr/acr count as the second factor: HR reaches the admin with no authenticator of her own.
    page.goto("/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()
    # The session lasts OIDC_SESSION_HOURS, not two weeks.
    session_cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert 7.9 * 3600 < session_cookie["expires"] - time.time() <= 8 * 3600 + 60

    # Signing out here signs out at the provider too (RP-initiated logout), so SSO asks again.
    page.goto("/")
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Tarnwick sign-in").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Login")).to_be_visible()
