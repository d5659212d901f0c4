"""Issue 14: MFA guarded only /admin/, so HR without an authenticator downloaded other people's certificate PDFs and
opened cohort-session facilitator views. With MFA_ENFORCED every page a staff role reaches needs the second factor.
Issue 15, item 6: a signed-in learner opening /admin/ looped /admin/ → /admin/login/ → /accounts/login/ → /admin/."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from allauth.mfa.models import Authenticator

from people import mfa
from people.models import Cohort

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def enforced(settings):
    settings.MFA_ENFORCED = True


@pytest.fixture
def staff_pages(world):
    from practice import services as practice_services
    from practice.models import CohortSession

    cohort = Cohort.objects.create(code="LEAD", name="Leads", facilitator=world["sam"])
    session = practice_services.save_cohort_session(
        session=CohortSession(
            cohort=cohort,
            module=world["module"],
            starts_at=timezone.now() + timedelta(days=2),
            place="Room 4",
            facilitator=world["sam"],
        )
    )
    return {
        "certificate of another person": reverse("certificates:download", args=[world["certificate"].pk]),
        "facilitator view": reverse("practice:session", args=[session.pk]),
        "report export download": f"/admin/learning-reports/exports/{world['job'].pk}/download/",
        "report": reverse("reports:learners"),
        "people admin": "/admin/people/people/",
        "practice engagement": reverse("practice_engagement"),
        "home page": "/",
        "my learning": reverse("courses:dashboard"),
    }


def _totp(user) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})


def test_hr_without_an_authenticator_reaches_no_staff_page_outside_the_admin_either(
    client, enforced, world, staff_pages
):
    client.force_login(world["fatima"])
    for name, url in staff_pages.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(f"{SETUP}?next="), name
    response = client.get(staff_pages["certificate of another person"], follow=True)
    assert "Your role needs two-factor authentication. Set up an authenticator app to continue." in (
        response.content.decode()
    )
    # What she needs on the way is open: setting up the app, her account pages, signing out.
    for url in (SETUP, "/accounts/email/", "/accounts/password/change/"):
        assert client.get(url).status_code in (200, 302), url
        assert not client.get(url).get("Location", "").startswith(SETUP)
    assert client.post("/accounts/logout/").status_code == 302


def test_hr_with_an_authenticator_reaches_them(client, enforced, world, staff_pages):
    _totp(world["fatima"])
    client.force_login(world["fatima"])
    for name in ("certificate of another person", "facilitator view", "report export download", "people admin"):
        assert client.get(staff_pages[name]).status_code == 200, name


def test_a_trainer_without_an_authenticator_cannot_open_the_facilitator_view(client, enforced, world, staff_pages):
    client.force_login(world["sam"])
    assert client.get(staff_pages["facilitator view"])["Location"].startswith(SETUP)
    _totp(world["sam"])
    assert client.get(staff_pages["facilitator view"]).status_code == 200


def test_learners_and_managers_need_no_second_factor(client, enforced, world):
    client.force_login(world["jordan"])
    assert client.get(reverse("certificates:download", args=[world["certificate"].pk])).status_code == 200
    assert client.get(reverse("courses:dashboard")).status_code == 200
    client.force_login(world["aisha"])
    assert client.get(reverse("reports:learners")).status_code == 200


@pytest.mark.parametrize("mfa_enforced", [True, False])
def test_a_signed_in_learner_opening_the_admin_gets_a_page_saying_so_not_a_redirect_loop(
    client, settings, world, mfa_enforced
):
    settings.MFA_ENFORCED = mfa_enforced
    client.force_login(world["jordan"])
    for url in ("/admin/", "/admin/login/?next=/admin/", "/admin/people/people/", "/admin/users/"):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [], url
        assert response.status_code == 403
        page = response.content.decode()
        assert "You have no access to the admin" in page
        assert f'<a href="{reverse("courses:dashboard")}">Go to My learning</a>' in page


def test_signed_out_the_admin_still_sends_to_the_login_that_asks_for_the_code(client, enforced):
    response = client.get("/admin/", follow=True)
    assert [url for url, _status in response.redirect_chain] == [
        "/admin/login/?next=/admin/",
        "/accounts/login/?next=%2Fadmin%2F",
    ]
    # A hostile next is not followed.
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_the_decision_is_one_function_answered_once_per_request(rf, world, django_assert_num_queries):
    request = rf.get("/")
    request.user = world["fatima"]
    with django_assert_num_queries(2):  # her roles, her authenticators
        assert mfa.is_mfa_satisfied(request) is False
        assert mfa.is_mfa_satisfied(request) is False
