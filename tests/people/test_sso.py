"""Single sign-on through allauth's OpenID Connect provider against a fake identity provider at the edge: only the
HTTP exchange (discovery, token, userinfo) is faked; allauth's flow and our claim mapping run for real."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

from django.contrib.auth.models import Group

import jwt
import pytest

from courses.models import Enrolment
from people import roles
from people.adapters import SocialAccountAdapter
from people.models import AuditLog, User
from tests.factories.courses import make_course_with_modules
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db

ISSUER = "https://idp.tarnwick.example/realms/staff"
CLIENT_ID = "socialwise"


class FakeResponse:
    def __init__(self, data: dict):
        import json

        self.data = data
        self.status_code = 200
        self.headers = {"content-type": "application/json"}
        self.text = json.dumps(data)
        self.content = self.text.encode()

    def json(self) -> dict:
        return self.data

    def raise_for_status(self) -> None:
        return None


class FakeIdentityProvider:
    """Answers what allauth asks an OpenID Connect provider over HTTP, for one person's claims."""

    def __init__(self):
        self.claims: dict = {}
        self.id_token_extra: dict = {}  # amr, acr: how the person signed in
        self.requests: list[str] = []

    def session(self):
        provider = self

        class Session:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

            def get(self, url, headers=None, **kwargs):
                provider.requests.append(f"GET {url}")
                if url.endswith("/.well-known/openid-configuration"):
                    return FakeResponse(
                        {
                            "issuer": ISSUER,
                            "authorization_endpoint": f"{ISSUER}/protocol/openid-connect/auth",
                            "token_endpoint": f"{ISSUER}/protocol/openid-connect/token",
                            "userinfo_endpoint": f"{ISSUER}/protocol/openid-connect/userinfo",
                            "jwks_uri": f"{ISSUER}/protocol/openid-connect/certs",
                            "token_endpoint_auth_methods_supported": ["client_secret_post"],
                            "end_session_endpoint": f"{ISSUER}/protocol/openid-connect/logout",
                        }
                    )
                if url.endswith("/userinfo"):
                    assert headers == {"Authorization": "Bearer fake-access-token"}
                    return FakeResponse(provider.claims)
                raise AssertionError(f"unexpected GET {url}")

            def request(self, method, url, params=None, data=None, headers=None, auth=None):
                provider.requests.append(f"{method} {url}")
                assert url.endswith("/token") and data["code"] == "fake-code"
                now = int(time.time())
                id_token = jwt.encode(
                    {
                        "iss": ISSUER,
                        "aud": CLIENT_ID,
                        "sub": provider.claims["sub"],
                        "iat": now,
                        "exp": now + 300,
                        **provider.id_token_extra,
                    },
                    "signature-not-checked-when-the-token-came-over-tls",
                    algorithm="HS256",
                )
                return FakeResponse({"access_token": "fake-access-token", "token_type": "Bearer", "id_token": id_token})

        return Session()


@pytest.fixture
def idp(settings, monkeypatch):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "tarnwick",
                    "name": "Tarnwick sign-in",
                    "client_id": CLIENT_ID,
                    "secret": "client-secret",
                    "settings": {"server_url": ISSUER, "authoritative_domains": ["tarnwick.example"]},
                }
            ],
        }
    }
    settings.SSO_ROLE_MAP = {"socialwise-hr": roles.HR}
    provider = FakeIdentityProvider()
    monkeypatch.setattr(SocialAccountAdapter, "get_requests_session", lambda self: provider.session())
    return provider


def _sign_in(client, idp, claims: dict):
    idp.claims = {"sub": "staff-0042", "email_verified": True, **claims}
    response = client.post("/accounts/oidc/tarnwick/login/")
    assert response.status_code == 302, response.content[:500]
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/protocol/openid-connect/auth"
    state = parse_qs(location.query)["state"][0]
    return client.get("/accounts/oidc/tarnwick/login/callback/", {"code": "fake-code", "state": state})


def test_the_first_sso_login_makes_the_account_with_the_mapped_department_and_roles(client, idp, control_room):
    response = _sign_in(
        client,
        idp,
        {
            "email": "amara.kessie@tarnwick.example",
            "given_name": "Amara",
            "family_name": "Kessie",
            "department": "Operations/Control room",
            "job_title": "Controller",
            "roles": ["manager", "socialwise-hr", "unrelated-group"],
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="amara.kessie@tarnwick.example")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert (user.first_name, user.last_name) == ("Amara", "Kessie")
    assert user.profile.department == control_room and user.profile.job_title == "Controller"
    assert set(user.groups.values_list("name", flat=True)) == {roles.LEARNERS, roles.MANAGERS, roles.HR}
    assert any(r.endswith("/token") for r in idp.requests) and any(r.endswith("/userinfo") for r in idp.requests)


def test_every_login_maps_the_claims_again(client, idp, control_room, customer_service):
    claims = {"email": "amara.kessie@tarnwick.example", "department": "CTRL", "roles": "manager,socialwise-hr"}
    _sign_in(client, idp, claims)
    client.logout()
    _sign_in(client, idp, {**claims, "department": "CS", "roles": "learner"})
    user = User.objects.get(email="amara.kessie@tarnwick.example")
    assert user.profile.department == customer_service
    assert set(user.groups.values_list("name", flat=True)) == {roles.LEARNERS}
    assert User.objects.filter(email="amara.kessie@tarnwick.example").count() == 1


def test_an_sso_login_signs_in_to_the_account_hr_imported(client, idp, ops):
    imported = make_person("jordan.ellis@tarnwick.example", department=ops)
    _sign_in(client, idp, {"email": "jordan.ellis@tarnwick.example", "department": "Nowhere/At all"})
    assert client.session["_auth_user_id"] == str(imported.pk)
    imported.profile.refresh_from_db()
    assert imported.profile.department == ops  # an unknown department leaves the person where they are


def test_sso_never_grants_administrators_without_an_explicit_mapping(client, idp, ops):
    _sign_in(client, idp, {"email": "it@tarnwick.example", "roles": ["administrator", "administrators"]})
    user = User.objects.get(email="it@tarnwick.example")
    assert set(user.groups.values_list("name", flat=True)) == {roles.LEARNERS}
    assert not user.is_superuser


def test_an_absent_role_claim_removes_mapped_roles_like_an_empty_one(client, idp, ops):
    person = make_person("trainer@tarnwick.example", role=roles.TRAINERS)
    person.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    _sign_in(client, idp, {"email": "trainer@tarnwick.example"})
    # Trainers is a role the claim speaks for: gone. Administrators is not mapped here, so the claim cannot touch it.
    assert set(person.groups.values_list("name", flat=True)) == {roles.LEARNERS, roles.ADMINISTRATORS}
    entry = AuditLog.objects.get(subject=person, action=AuditLog.Action.PERSON_CHANGED)
    assert entry.data["roles_removed"] == [roles.TRAINERS] and entry.data["claim"] == "absent"


def test_a_provider_can_keep_roles_when_the_claim_is_absent(client, idp, ops, settings):
    settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["settings"]["roles_when_absent"] = "keep"
    person = make_person("trainer@tarnwick.example", role=roles.TRAINERS)
    _sign_in(client, idp, {"email": "trainer@tarnwick.example"})
    assert set(person.groups.values_list("name", flat=True)) == {roles.TRAINERS, roles.LEARNERS}


def test_the_provider_comes_from_the_environment(monkeypatch):
    import importlib

    import socialwise.settings.base as base

    monkeypatch.setenv("OIDC_CLIENT_ID", "from-env")
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "env-secret")
    monkeypatch.setenv("OIDC_SERVER_URL", "https://login.example/tenant/v2.0")
    monkeypatch.setenv("OIDC_PROVIDER_ID", "entra")
    monkeypatch.setenv("OIDC_ROLE_MAP", "sw-hr=HR,sw-admins=Administrators")
    try:
        reloaded = importlib.reload(base)
        app = reloaded.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
        assert app == {
            "provider_id": "entra",
            "name": "Single sign-on",
            "client_id": "from-env",
            "secret": "env-secret",
            "settings": {
                "server_url": "https://login.example/tenant/v2.0",
                "scope": ["openid", "profile", "email"],
                "authoritative_domains": [],
                "email_verified_claim": "email_verified",
                "roles_when_absent": "remove",
                "mfa_amr": [],
                "mfa_acr": [],
            },
        }
        assert reloaded.SSO_ROLE_MAP == {"sw-hr": "HR", "sw-admins": "Administrators"}
        assert reloaded.SSO_LOCAL_PASSWORDS is False  # on by default once SSO is configured
    finally:
        monkeypatch.delenv("OIDC_CLIENT_ID")
        importlib.reload(base)


def test_an_unknown_department_still_gets_whole_company_assignments_and_hr_is_told(client, idp, course, hr, ops):
    from django.core import mail

    from people import services
    from people.models import UnmatchedDepartment
    from people.selectors import unmatched_sso_departments
    from reports.services import send_weekly_digest

    services.create_assignment(course=course, audiences=["executive", "manager", "staff"])  # the whole company
    services.create_assignment(course=make_course_with_modules(1, title="Ops only")[0], departments=[ops])
    _sign_in(client, idp, {"email": "new.starter@tarnwick.example", "department": "Night shift/Depot"})
    user = User.objects.get(email="new.starter@tarnwick.example")
    assert user.profile.department is None
    assert list(Enrolment.objects.filter(user=user).values_list("course__title", flat=True)) == ["Crisis response"]
    assert set(user.groups.values_list("name", flat=True)) == {roles.LEARNERS}  # no roles claim: Learners
    assert UnmatchedDepartment.objects.get(user=user).value == "Night shift/Depot"
    assert [(r.value, r.people) for r in unmatched_sso_departments()] == [("Night shift/Depot", 1)]

    client.force_login(hr)
    page = client.get("/admin/")
    assert b"Night shift/Depot" in page.content and b"single sign-on named" in page.content
    assert send_weekly_digest(recipient=hr, period="2026-W49")
    assert "Night shift/Depot: 1 person" in mail.outbox[-1].body

    # HR creates the department: the notice goes (the person's next sign-in places them).
    night = services.create_department(name="Night shift", code="NIGHT")
    services.create_department(name="Depot", code="DEPOT", parent=night)
    assert unmatched_sso_departments() == []


def test_a_trainer_sees_no_sso_notice_on_the_admin(client, idp, trainer):
    from people.models import UnmatchedDepartment

    UnmatchedDepartment.objects.create(user=trainer, value="Nowhere")
    client.force_login(trainer)
    assert b"Nowhere" not in client.get("/admin/").content


def test_sso_changes_of_department_and_title_are_audit_logged(client, idp, ops, customer_service):
    claims = {"email": "amara.kessie@tarnwick.example", "department": "OPS", "job_title": "Controller"}
    _sign_in(client, idp, claims)
    client.logout()
    _sign_in(client, idp, {**claims, "department": "CS", "job_title": "Team lead"})
    user = User.objects.get(email="amara.kessie@tarnwick.example")
    summaries = list(
        AuditLog.objects.filter(subject=user, action=AuditLog.Action.PERSON_CHANGED)
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "Single sign-on: department none → Operations; job title changed",
        "Single sign-on: roles added Learners",
        "Single sign-on: department Operations → Customer Service; job title changed",
    ]


def test_the_500_page_stands_alone():
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "Something went wrong on our side" in html and "{%" not in html and "<script" not in html


def test_a_provider_can_name_its_own_email_verified_claim(client, idp, ops, settings):
    app_settings = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["settings"]
    app_settings["email_verified_claim"] = "xms_edov"
    imported = make_person("jordan.ellis@tarnwick.example", department=ops)
    _sign_in(client, idp, {"email": "jordan.ellis@tarnwick.example", "email_verified": None, "xms_edov": True})
    assert client.session["_auth_user_id"] == str(imported.pk)


def test_signing_out_of_the_admin_also_signs_out_at_the_provider(client, idp, ops):
    _sign_in(client, idp, {"email": "amara.kessie@tarnwick.example", "roles": ["trainer"]})
    response = client.post("/admin/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/signed-out/"
    assert "_auth_user_id" not in client.session
    page = client.get("/accounts/signed-out/")
    end = f"{ISSUER}/protocol/openid-connect/logout?client_id={CLIENT_ID}&amp;post_logout_redirect_uri="
    assert end in page.content.decode() and "id_token_hint=" in page.content.decode()
    assert b'http-equiv="refresh"' in page.content
    # Only once: the address is not kept for anyone who opens the page later.
    assert b"http-equiv" not in client.get("/accounts/signed-out/").content


def test_a_password_session_signs_out_here_only(client, idp, learner):
    client.force_login(learner)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_hostile_claims_are_cleaned_not_a_server_error(client, idp, ops):
    response = _sign_in(
        client,
        idp,
        {
            "email": "odd.claims@tarnwick.example",
            "given_name": "Ro\x00bin" + "x" * 400,
            "family_name": "=cmd|' /C calc'!A0",
            "department": "Night\x00shift/" + "D" * 500,
            "job_title": "Lead\x00\x07 engineer",
            "roles": {"hr": True, "n": 10**20},
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="odd.claims@tarnwick.example")
    assert "\x00" not in user.first_name and len(user.first_name) <= 150
    assert user.profile.job_title == "Lead engineer"
    assert set(user.groups.values_list("name", flat=True)) == {roles.LEARNERS}
    assert "\x00" not in user.unmatched_department.value and len(user.unmatched_department.value) <= 200


@pytest.mark.parametrize(
    ("id_token", "code_asked"),
    [
        ({"amr": ["pwd", "otp"]}, False),
        ({"acr": "urn:idp:mfa"}, False),
        ({"amr": ["pwd"], "acr": "urn:idp:pwd"}, True),
        ({}, True),
    ],
)
def test_the_providers_second_factor_spares_the_code_only_when_listed(client, idp, ops, settings, id_token, code_asked):
    from allauth.mfa.models import Authenticator

    settings.MFA_ENFORCED = True
    app_settings = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["settings"]
    app_settings.update({"mfa_amr": ["otp", "mfa"], "mfa_acr": ["urn:idp:mfa"]})
    hr = make_person("fatima.haddad@tarnwick.example", department=ops, role=roles.HR)
    Authenticator.objects.create(user=hr, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    idp.id_token_extra = id_token
    response = _sign_in(client, idp, {"email": "fatima.haddad@tarnwick.example", "roles": ["hr"]})
    if code_asked:
        assert response["Location"].startswith("/accounts/2fa/authenticate/")
        assert "_auth_user_id" not in client.session
    else:
        assert client.session["_auth_user_id"] == str(hr.pk)
        assert client.get("/admin/").status_code == 200
