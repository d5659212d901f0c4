"""Single sign-on against a real OpenID Connect provider (panva's certified oidc-provider on loopback), driven in
Chromium with the production CSP: every case of issue 15. Each test fails on a CSP violation or a console error."""

from __future__ import annotations

import time

from django.contrib.auth.models import Group

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from people import roles
from people.models import AuditLog, User
from tests.browser.conftest import assert_accessible
from tests.factories.people import PASSWORD, UserFactory
from tests.oidc.conftest import PROVIDER_ID

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
    redirect Chromium checks against form-action), the provider's own sign-in. A fresh browser each time (the
    provider's session cookie would otherwise sign in its last account again)."""
    page.context.clear_cookies()
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
    from people.models import UnmatchedDepartment

    services.create_department(name="Operations", code="OPS")
    UnmatchedDepartment.objects.create(user=UserFactory(), value="Night shift/Depot")
    sso_sign_in(page, "amara")
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_have_count(1)  # in the Account menu
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
    # HR's dashboard tells her of the department single sign-on named that matches none.
    notice = page.get_by_role("region", name="Departments single sign-on named that Socialwise does not know")
    expect(notice).to_contain_text("Night shift/Depot")
    # The session lasts OIDC_SESSION_HOURS, not two weeks.
    session_cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert 7.9 * 3600 < session_cookie["expires"] - time.time() <= 8 * 3600 + 60

    # Signing out here signs out at the provider too (RP-initiated logout), so SSO asks again.
    page.goto("/")
    page.locator("summary.account-menu__toggle").click()  # Log out is inside the Account menu
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Tarnwick sign-in").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Login")).to_be_visible()


def test_an_unverified_address_never_takes_over_an_account_nor_counts_as_verified(watched, idp, live_server):
    page = watched
    from people import services

    cs = services.create_department(name="Customer Service", code="CS")
    services.create_department(name="Operations", code="OPS")
    aisha = UserFactory(email="aisha.rahman@tarnwick.example", first_name="Aisha", last_name="Rahman")
    aisha.groups.add(*Group.objects.filter(name__in=[roles.LEARNERS, roles.MANAGERS]))
    services.update_profile(user=aisha, department=cs, job_title="Service manager")
    # Someone whose provider account claims Aisha's address, unverified, and another department and title.
    idp.account(
        "intruder",
        email="aisha.rahman@tarnwick.example",
        email_verified=False,
        department="Operations",
        job_title="Intruder",
        roles=["hr"],
    )
    sso_sign_in(page, "intruder")
    expect(page.get_by_role("heading", name="Single sign-on could not confirm your email address")).to_be_visible()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_have_count(0)
    assert_accessible(page)
    aisha.refresh_from_db()
    aisha.profile.refresh_from_db()
    assert (aisha.profile.department, aisha.profile.job_title) == (cs, "Service manager")
    assert groups_of(aisha) == {roles.LEARNERS, roles.MANAGERS}
    assert not SocialAccount.objects.exists()
    assert AuditLog.objects.filter(subject=aisha, action=AuditLog.Action.CHANGE_REFUSED).exists()

    # Verified, but by a provider not authoritative for the domain: refused the same way.
    idp.account("guest", email="aisha.rahman@tarnwick.example", email_verified=True)
    with pytest.MonkeyPatch.context() as patch:
        from django.conf import settings

        app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
        patch.setitem(app["settings"], "authoritative_domains", ["partner.example"])
        sso_sign_in(page, "guest")
        expect(page.get_by_role("heading", name="Single sign-on could not confirm your email address")).to_be_visible()
    assert not SocialAccount.objects.exists()

    # A new, unverified address makes an account, never marked verified; an unknown department still leaves the
    # person with the whole company's assignments (and HR is told).
    from courses.models import Enrolment
    from people.models import UnmatchedDepartment
    from tests.factories.courses import make_course_with_modules

    course = make_course_with_modules(1, title="Crisis response")[0]
    services.create_assignment(course=course, audiences=["executive", "manager", "staff"])
    idp.account("newbie", email="new.person@tarnwick.example", email_verified=False, department="Night shift/Depot")
    sso_sign_in(page, "newbie")
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_have_count(1)  # in the Account menu
    newbie = User.objects.get(email="new.person@tarnwick.example")
    assert not EmailAddress.objects.get(user=newbie).verified
    assert groups_of(newbie) == {roles.LEARNERS}  # no roles claim: Learners, like an imported person
    assert newbie.profile.department is None
    assert UnmatchedDepartment.objects.get(user=newbie).value == "Night shift/Depot"
    assert Enrolment.objects.filter(user=newbie, course=course).exists()
    page.goto("/learning/")
    expect(page.get_by_text("Crisis response").first).to_be_visible()


def test_role_claims_local_passwords_and_the_admin_for_sso_people(watched, idp, live_server):
    page = watched
    jordan = UserFactory(email="jordan.ellis@tarnwick.example", first_name="Jordan", last_name="Ellis")
    jordan.groups.add(*Group.objects.filter(name__in=[roles.LEARNERS, roles.HR]))
    EmailAddress.objects.filter(user=jordan).update(verified=True)
    # Entra ID leaves `roles` out when no app role is assigned: HR goes, as with an empty list.
    idp.account("jordan", email="jordan.ellis@tarnwick.example", email_verified=True, roles=None)
    sso_sign_in(page, "jordan")
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_have_count(1)  # in the Account menu
    assert groups_of(jordan) == {roles.LEARNERS}
    entry = AuditLog.objects.get(subject=jordan, action=AuditLog.Action.PERSON_CHANGED)
    assert entry.data["roles_removed"] == [roles.HR] and entry.data["claim"] == "absent"
    # A learner (now) at /admin/ with MFA enforced: the no-access page, not a redirect loop.
    response = page.goto("/admin/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You have no access to the admin")).to_be_visible()

    # Roles back, then an empty list: removed again.
    idp.account("jordan", email="jordan.ellis@tarnwick.example", email_verified=True, roles=["manager"])
    sso_sign_in(page, "jordan")
    assert groups_of(jordan) == {roles.LEARNERS, roles.MANAGERS}
    idp.account("jordan", email="jordan.ellis@tarnwick.example", email_verified=True, roles=[])
    sso_sign_in(page, "jordan")
    assert groups_of(jordan) == {roles.LEARNERS}

    # Having signed in with SSO, Jordan's local password no longer works (disabled at the provider = out)...
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("jordan.ellis@tarnwick.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Your company signs you in with single sign-on")).to_be_visible()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_have_count(0)
    # ...while an Administrator's still does: the break-glass way in when the provider is down.
    admin = UserFactory(email="robin.achterberg@tarnwick.example")
    admin.groups.add(*Group.objects.filter(name__in=[roles.LEARNERS, roles.ADMINISTRATORS]))
    SocialAccount.objects.create(user=admin, provider=PROVIDER_ID, uid="robin")
    page.get_by_label("Email").fill("robin.achterberg@tarnwick.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_have_count(1)  # in the Account menu


def test_a_provider_without_end_session_signs_out_here_only(watched, idp, live_server, settings, tmp_path):
    from tests.oidc import provider as oidc
    from tests.oidc.conftest import provider_app

    process, other = oidc.start(
        tmp_path,
        redirect_uris=[f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/"],
        post_logout_redirect_uris=[],
        end_session=False,
    )
    try:
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [provider_app(other)]}}
        other.account("amara", email="amara.kessie@tarnwick.example", email_verified=True)
        page = watched
        sso_sign_in(page, "amara")
        page.locator("summary.account-menu__toggle").click()  # Log out is inside the Account menu
        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_role("heading", name="You are signed out of Socialwise")).to_be_visible()
        expect(page.get_by_role("link", name="Sign in again")).to_be_visible()
        assert page.url == f"{live_server.url}/accounts/signed-out/"
    finally:
        oidc.stop(process)


def test_provider_down_and_a_wrong_client_secret_give_clear_pages(watched, idp, live_server, settings, caplog):
    page = watched
    from tests.oidc.provider import free_port

    app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
    idp.account("amara", email="amara.kessie@tarnwick.example", email_verified=True)
    dead = f"http://127.0.0.1:{free_port()}"
    # Down before the button: the page says so (503), not "Server Error (500)".
    app["settings"]["server_url"] = dead
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Tarnwick sign-in").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="The sign-in service is not answering")).to_be_visible()
    assert_accessible(page)

    # Down between the provider's sign-in and the callback.
    app["settings"]["server_url"] = idp.issuer
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Tarnwick sign-in").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Login").fill("amara")
    app["settings"]["server_url"] = dead
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="The sign-in service is not answering")).to_be_visible()
    assert "is not answering" in caplog.text

    # A wrong client secret: a page for IT, and a log line that names the cause.
    app["settings"]["server_url"] = idp.issuer
    app["secret"] = "not-the-secret"
    sso_sign_in(page, "amara")
    expect(page.get_by_role("heading", name="Single sign-on is not set up correctly")).to_be_visible()
    assert_accessible(page)
    assert "refused Socialwise's client credentials" in caplog.text and "invalid_client" in caplog.text
    assert not User.objects.filter(email="amara.kessie@tarnwick.example").exists()
