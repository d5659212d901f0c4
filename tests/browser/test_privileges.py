"""The privilege model, the second factor and the admin page for learners in Chromium, with the site's CSP: HR meets
an Administrator's account she may not change, a bulk action that leaves someone out, a Trainer sets up the
authenticator before the facilitator view, an Administrator in Wagtail's Users screen, and a learner at /admin/ with
MFA_ENFORCED (once a redirect loop). Every test fails on a console error, a CSP violation or an HTTP status >= 500."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from playwright.sync_api import expect

from people import roles
from people.models import AuditLog, Cohort, User
from tests.browser.conftest import assert_accessible, log_in, log_in_with_form
from tests.factories.courses import make_course_with_modules
from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def watched(page):
    """The page, failing the test on console errors and server errors (the 403 of the no-access page excepted)."""
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: problems.append(f"{msg.text} ({msg.location.get('url')})") if msg.type == "error" else None,
    )
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.problems = problems
    yield page
    # The no-access page answers 403 on purpose; the browser's own favicon request finds none.
    unexpected = [p for p in problems if "status of 403" not in p and "favicon.ico" not in p]
    assert not unexpected, unexpected
    assert not page.csp_violations, page.csp_violations


def _person(email, first, last, *role_names, superuser=False):
    if superuser:
        user = User.objects.create_superuser(email=email, password=PASSWORD, first_name=first, last_name=last)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    else:
        user = UserFactory(email=email, first_name=first, last_name=last)
    user.groups.add(*Group.objects.filter(name__in=[roles.LEARNERS, *role_names]))
    return user


def test_hr_cannot_change_the_administrators_account_and_a_bulk_action_leaves_him_out(watched):
    page = watched
    robin = _person("admin@tarnwick.example", "Robin", "Achterberg", roles.ADMINISTRATORS, superuser=True)
    jordan = _person("jordan.ellis@tarnwick.example", "Jordan", "Ellis")
    fatima = _person("fatima.haddad@tarnwick.example", "Fatima", "Haddad", roles.HR)
    log_in(page, fatima)
    page.goto("/admin/people/people/")
    page.get_by_role("link", name="Robin Achterberg").click()
    expect(
        page.get_by_text("You can change where Robin Achterberg sits in the organisation, but not their account")
    ).to_be_visible()
    page.get_by_label("Email address").fill("fatima.private@evil.example")
    page.get_by_role("button", name="Save").click()
    reason = "Robin Achterberg is a superuser and you are not, so you cannot change their email address."
    expect(page.get_by_text(reason).first).to_be_visible()
    assert_accessible(page, context="main")
    assert User.objects.get(pk=robin.pk).email == "admin@tarnwick.example"

    # Deactivate both Jordan and Robin from the listing: Robin is left out, with the reason, Jordan is not.
    page.goto("/admin/people/people/")
    for name in ("Robin Achterberg", "Jordan Ellis"):
        page.get_by_role("row", name=re.compile(name)).get_by_role("checkbox").check()
    page.get_by_role("link", name="Activate or deactivate the selected people").click()
    expect(page.get_by_text("These people are left out: you cannot do this to them.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Robin Achterberg: Robin Achterberg is a superuser"))).to_be_visible()
    assert_accessible(page, context="main")
    page.get_by_label("Inactive").check()
    page.get_by_role("button", name="Yes, go ahead").click()
    expect(page.get_by_text("1 person was left out: Robin Achterberg is a superuser and you are not")).to_be_visible()
    assert not User.objects.get(pk=jordan.pk).is_active and User.objects.get(pk=robin.pk).is_active
    assert AuditLog.objects.filter(action=AuditLog.Action.CHANGE_REFUSED, subject=robin, actor=fatima).count() == 2
    page.goto("/admin/people/audit-log/?action=change_refused")
    expect(page.get_by_text("Refused to change the email address of a superuser (people admin).")).to_be_visible()


def test_a_trainer_sets_up_the_authenticator_before_the_facilitator_view(watched, settings):
    page = watched
    settings.MFA_ENFORCED = True
    sam = _person("sam.lindqvist@tarnwick.example", "Sam", "Lindqvist", roles.TRAINERS)
    _course, modules = make_course_with_modules(1, title="Crisis response")
    cohort = Cohort.objects.create(code="LEAD", name="Leads", facilitator=sam)
    from practice import services as practice_services
    from practice.models import CohortSession

    session = practice_services.save_cohort_session(
        session=CohortSession(
            cohort=cohort,
            module=modules[0],
            starts_at=timezone.now() + timedelta(days=2),
            place="Room 4",
            facilitator=sam,
        )
    )
    log_in_with_form(page, sam)
    page.goto(f"/practice/sessions/{session.pk}/")
    # The first page allauth shows on the way (it asks for the password again before a new second factor) says why.
    expect(
        page.get_by_text("Your role needs two-factor authentication. Set up an authenticator app to continue.")
    ).to_be_visible()
    if "/accounts/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_label("Authenticator code")).to_be_visible()
    secret = re.search(r'value="([A-Z2-7]{32})"', page.content()).group(1)
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Activate").click()
    # allauth shows the new recovery codes first; then the facilitator view opens.
    expect(page.get_by_text("Authenticator app activated.")).to_be_visible()
    assert Authenticator.objects.filter(user=sam, type=Authenticator.Type.TOTP).exists()
    page.goto(f"/practice/sessions/{session.pk}/")
    expect(page.get_by_role("heading", name="Live session: Leads", level=1)).to_be_visible()
    assert_accessible(page)


def test_an_administrator_in_wagtails_users_screen_changes_hr_but_not_a_superuser(watched):
    page = watched
    root = _person("root@tarnwick.example", "Rowan", "Root", roles.ADMINISTRATORS, superuser=True)
    fatima = _person("fatima.haddad@tarnwick.example", "Fatima", "Haddad", roles.HR)
    it = _person("it.admin@tarnwick.example", "Ines", "Tavares", roles.ADMINISTRATORS)
    log_in(page, it)
    page.goto(f"/admin/users/edit/{root.pk}/")
    expect(page.get_by_text("Rowan Root is a superuser and you are not, so you cannot change their")).to_be_visible()
    assert "/admin/users/" in page.url and "/edit/" not in page.url
    page.goto(f"/admin/users/edit/{fatima.pk}/")
    expect(page.get_by_label("Administrator", exact=True)).to_have_count(0)  # Wagtail's superuser box
    page.get_by_label("Email").fill("f.haddad@tarnwick.example")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("User 'Fatima Haddad' updated.")).to_be_visible()
    fatima.refresh_from_db()
    assert fatima.email == "f.haddad@tarnwick.example" and fatima.security_stamp
    page.goto("/admin/groups/")
    expect(page.get_by_text("Sorry, you do not have permission to access this area.")).to_be_visible()


def test_a_learner_opening_the_admin_with_mfa_enforced_gets_a_clear_page(watched, settings):
    page = watched
    settings.MFA_ENFORCED = True
    jordan = _person("jordan.ellis@tarnwick.example", "Jordan", "Ellis")
    log_in_with_form(page, jordan)
    response = page.goto("/admin/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You have no access to the admin")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.get_by_role("link", name="Go to My learning").click()
    expect(page.get_by_role("heading", name="My learning", level=1)).to_be_visible()
