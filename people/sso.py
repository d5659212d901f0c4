"""Single sign-on (docs/sso.md): what Socialwise trusts from the company's OpenID Connect provider, and what it does
with the claims at every login: department, job title and roles, each change audit-logged.

The rules that depend on the provider live in its app's "settings" (SOCIALACCOUNT_PROVIDERS; the environment fills
the one app of OIDC_PROVIDER_ID): `authoritative_domains`, `roles_when_absent`, `mfa_amr`, `mfa_acr`."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from people import privileges, roles
from people.selectors import DepartmentResolver
from people.services import record_audit, sync_assignments_for_users, update_profile

if TYPE_CHECKING:
    from django.http import HttpRequest

    from allauth.socialaccount.models import SocialLogin

    from people.models import User

logger = logging.getLogger(__name__)

PROVIDER = "openid_connect"
AUDIT_VIA = "single sign-on"
# What a session remembers of the single sign-on that started it (people/mfa.py and the logout read these).
SESSION_PROVIDER = "sso_provider"
SESSION_ID_TOKEN = "sso_id_token"  # noqa: S105 (a session key)
SESSION_MFA = "sso_mfa"
SESSION_END_URL = "sso_end_session_url"

# Role names an identity provider may send without any mapping. Administrators is never granted by default: only an
# explicit OIDC_ROLE_MAP entry can map a claim value to it.
DEFAULT_ROLE_NAMES = roles.GRANTABLE_ROLE_NAMES
ROLES_WHEN_ABSENT = ("remove", "keep")


# --- The provider's rules --------------------------------------------------------------------------------------------
def configured_apps() -> list[dict]:
    return list(settings.SOCIALACCOUNT_PROVIDERS.get(PROVIDER, {}).get("APPS", []))


def app_settings(provider_id: str) -> dict:
    """The "settings" of the OpenID Connect app `provider_id` (empty when there is none)."""
    for app in configured_apps():
        if app.get("provider_id") == provider_id:
            return app.get("settings") or {}
    return {}


def is_configured() -> bool:
    return bool(configured_apps())


def _values(raw) -> list[str]:
    """A list claim or setting as strings: a list (its text items) or comma/semicolon-separated text; anything else
    (an object, a number) is no values."""
    if isinstance(raw, list | tuple | set):
        return [v.strip() for v in raw if isinstance(v, str) and v.strip()]
    if isinstance(raw, str):
        return [v.strip() for v in raw.replace(";", ",").split(",") if v.strip()]
    return []


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CLAIM_LENGTH = 2000


def clean_claims(value, depth: int = 0):
    """The provider's claims with control characters (NUL, which PostgreSQL refuses in text and JSON, among them)
    taken out of every string and each string cut to MAX_CLAIM_LENGTH; nesting past five levels is dropped. A
    directory with odd data must not make the sign-in a server error."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)[:MAX_CLAIM_LENGTH]
    if depth >= 5:
        return None
    if isinstance(value, dict):
        return {clean_claims(str(k)): clean_claims(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_claims(v, depth + 1) for v in value]
    return value


def claims_of(sociallogin: SocialLogin) -> dict:
    """The ID token's claims overlaid with the userinfo endpoint's (allauth keeps both in `extra_data`)."""
    extra = sociallogin.account.extra_data or {}
    claims: dict = {}
    for key in ("id_token", "userinfo"):
        if isinstance(extra.get(key), dict):
            claims.update(extra[key])
    return claims or dict(extra)


def id_token_claims(sociallogin: SocialLogin) -> dict:
    extra = sociallogin.account.extra_data or {}
    return extra["id_token"] if isinstance(extra.get("id_token"), dict) else {}


def email_is_trusted(*, provider_id: str, email: str, claims: dict) -> bool:
    """Whether this provider's word on `email` is good enough to sign in to the account with that address and to mark
    it verified: the provider says `email_verified` (or the provider's `email_verified_claim`, e.g. Entra ID's
    `xms_edov`; the boolean true, or "true" as some send it) and the address's
    domain is one the administrator marked this provider authoritative for. Anything else is the person's own claim:
    a directory that lets people type their address (or a guest account from another tenant) must not open Aisha's
    account."""
    verified = claims.get(str(app_settings(provider_id).get("email_verified_claim") or "email_verified"))
    if not (verified is True or (isinstance(verified, str) and verified.strip().lower() == "true")):
        return False
    if not email or str(claims.get("email", "")).strip().lower() != email.strip().lower():
        return False
    domain = email.rsplit("@", 1)[-1].strip().lower()
    return domain in {d.lower() for d in _values(app_settings(provider_id).get("authoritative_domains"))}


def provider_did_mfa(*, provider_id: str, id_token: dict) -> bool:
    """Whether the ID token shows a second factor the administrator listed for this provider: one of `mfa_amr` in its
    `amr`, or its `acr` among `mfa_acr`. With neither listed, the provider's word never counts."""
    rules = app_settings(provider_id)
    wanted_amr = {v.lower() for v in _values(rules.get("mfa_amr"))}
    wanted_acr = set(_values(rules.get("mfa_acr")))
    amr = {v.lower() for v in _values(id_token.get("amr"))}
    acr = str(id_token.get("acr") or "").strip()
    return bool(wanted_amr & amr) or bool(acr and acr in wanted_acr)


def form_action_origins() -> list[str]:
    """The origins the sign-in and sign-out pages may send the browser to: each configured provider's (from its
    server URL) and SSO_FORM_ACTION_ORIGINS."""
    origins = []
    for app in configured_apps():
        parts = urlsplit((app.get("settings") or {}).get("server_url") or "")
        if parts.scheme in ("https", "http") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    origins += [o.rstrip("/") for o in settings.SSO_FORM_ACTION_ORIGINS]
    return list(dict.fromkeys(origins))


# --- At every login --------------------------------------------------------------------------------------------------
def managed_roles() -> set[str]:
    """The roles the role claim decides: those a claim value maps to (by default name or OIDC_ROLE_MAP)."""
    return (set(DEFAULT_ROLE_NAMES.values()) | set(settings.SSO_ROLE_MAP.values())) & set(roles.ALL_ROLES)


def roles_from_claim(value) -> set[str]:
    mapping = {**DEFAULT_ROLE_NAMES, **{k.lower(): v for k, v in settings.SSO_ROLE_MAP.items()}}
    found = {mapping[v.lower()] for v in _values(value) if v.lower() in mapping}
    return (found & set(roles.ALL_ROLES)) | {roles.LEARNERS}


def _department_label(department) -> str:
    return department.name if department is not None else "none"


@transaction.atomic
def apply_sso_claims(*, user: User, claims: dict, provider_id: str = "") -> None:
    """Set department, job title and roles from the claims named in settings, audit-logging each change.

    * department: the one with that path or code; an unknown value leaves the department as it is and is reported to
      HR (UnmatchedDepartment); the person is still brought up to date with assignments (whole-company ones reach
      them by their audience).
    * roles: the claim is the truth for the roles it can map: a mapped role not in the claim is removed, absent claim
      and empty claim alike (unless the provider's `roles_when_absent` is "keep"); Learners always stays; roles the map
      cannot produce (Administrators without an explicit entry) are never touched, nor is superuser status."""
    from people.models import AuditLog, UnmatchedDepartment

    claims = clean_claims(claims)
    department_value = claims.get(settings.SSO_DEPARTMENT_CLAIM)
    job_title = claims.get(settings.SSO_JOB_TITLE_CLAIM)
    if isinstance(job_title, str):
        job_title = " ".join(job_title.split())
    profile = getattr(user, "profile", None)
    before_department = profile.department if profile is not None else None
    before_title = profile.job_title if profile is not None else ""
    changes: dict = {}
    if isinstance(department_value, str) and department_value.strip():
        value = department_value.strip()[:200]
        department = DepartmentResolver().resolve(value)
        if department is None:
            logger.warning("SSO login: no department matches %r; HR is told on the dashboard.", value)
            UnmatchedDepartment.objects.update_or_create(
                user=user, defaults={"value": value, "seen_at": timezone.now()}
            )
        else:
            UnmatchedDepartment.objects.filter(user=user).delete()
            if before_department is None or before_department.pk != department.pk:
                changes["department"] = department
    if isinstance(job_title, str) and job_title.strip() and job_title.strip()[:200] != before_title:
        changes["job_title"] = job_title.strip()[:200]
    if changes:
        update_profile(user=user, **changes)
        summary = "; ".join(
            f"department {_department_label(before_department)} → {_department_label(changes['department'])}"
            if name == "department"
            else "job title changed"
            for name in changes
        )
        record_audit(
            actor=None,
            action=AuditLog.Action.PERSON_CHANGED,
            subject=user,
            summary=f"Single sign-on: {summary}",
            data={
                "via": AUDIT_VIA,
                "provider": provider_id,
                "changed": sorted(changes),
                **({"department": changes["department"].pk} if "department" in changes else {}),
            },
        )
    if "department" not in changes:
        # A new account, or one whose department stays: whole-company (audience) assignments still reach them.
        sync_assignments_for_users(user_ids=[user.pk])
    _apply_roles(user=user, claims=claims, provider_id=provider_id)


def _apply_roles(*, user: User, claims: dict, provider_id: str) -> None:
    from people.models import AuditLog

    role_value = claims.get(settings.SSO_ROLES_CLAIM)
    keep = str(app_settings(provider_id).get("roles_when_absent", "remove")).lower() == "keep"
    current = set(user.groups.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True))
    if role_value is None and keep:
        wanted = current | {roles.LEARNERS}
    else:
        wanted = roles_from_claim(role_value or [])
        wanted |= current - managed_roles()  # roles the claim cannot speak for stay as they are
    added, removed = wanted - current, current - wanted
    if not added and not removed:
        return
    # The privilege model (people/privileges.py) never lets the provider change a superuser; refusals are audited.
    if not privileges.permits(
        actor=privileges.IDENTITY_PROVIDER,
        target=user,
        changes={privileges.Change.ROLES},
        roles_after=wanted,
    ):
        return
    user.groups.remove(*Group.objects.filter(name__in=removed))
    user.groups.add(*Group.objects.filter(name__in=added))
    parts = [f"added {', '.join(sorted(added))}"] if added else []
    parts += [f"removed {', '.join(sorted(removed))}"] if removed else []
    record_audit(
        actor=None,
        action=AuditLog.Action.PERSON_CHANGED,
        subject=user,
        summary=f"Single sign-on: roles {'; '.join(parts)}",
        data={
            "via": AUDIT_VIA,
            "provider": provider_id,
            "roles_added": sorted(added),
            "roles_removed": sorted(removed),
            "claim": "absent" if role_value is None else "present",
        },
    )


def remember_login(*, request: HttpRequest, sociallogin: SocialLogin) -> None:
    """Note in the session that single sign-on started it: the provider (and its raw ID token, for signing out there),
    whether the provider's second factor counts, and the shorter SSO session lifetime."""
    provider_id = sociallogin.account.provider
    id_token = id_token_claims(sociallogin)
    request.session[SESSION_PROVIDER] = provider_id
    raw = (sociallogin.state or {}).get("id_token_hint")
    if raw:
        request.session[SESSION_ID_TOKEN] = raw
    request.session[SESSION_MFA] = provider_did_mfa(provider_id=provider_id, id_token=id_token)
    request.session.set_expiry(max(settings.SSO_SESSION_HOURS, 1) * 3600)


# --- Passwords and signing out ---------------------------------------------------------------------------------------
PASSWORD_REFUSED = _lazy("Your company signs you in with single sign-on: use the single sign-on button below.")


def password_login_refused(user) -> bool:
    """With SSO on and OIDC_LOCAL_PASSWORDS off, people who have signed in with SSO use it, not a local password:
    someone disabled at the provider must not get in with the password they had. Administrators and superusers keep
    theirs, the break-glass way in when the provider is down.

    The one rule for local passwords, applied wherever one is accepted or handed out: the site's sign-in
    (people/adapters.py, `authenticate`), Wagtail's /admin/login/ (people/forms.py, `AdminLoginForm`) and the
    password reset, which mails such a person how they sign in instead of a link (`send_password_reset_mail`)."""
    if settings.SSO_LOCAL_PASSWORDS or not is_configured():
        return False
    if user.is_superuser or user.groups.filter(name=roles.ADMINISTRATORS).exists():
        return False
    from allauth.socialaccount.models import SocialAccount

    return SocialAccount.objects.filter(
        user=user, provider__in=[a.get("provider_id") for a in configured_apps()]
    ).exists()


def end_session_url(*, request: HttpRequest) -> str:
    """The provider's end_session_endpoint URL that also signs this person out there (RP-initiated logout), or "" when
    the session did not come from SSO, the provider offers none, or it cannot be asked right now."""
    provider_id = request.session.get(SESSION_PROVIDER)
    if not provider_id or not settings.SSO_PROVIDER_LOGOUT:
        return ""
    import requests
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter

    try:
        provider = get_adapter(request).get_provider(request, provider=provider_id)
        endpoint = OpenIDConnectOAuth2Adapter(request, provider_id).openid_config.get("end_session_endpoint")
    except requests.RequestException as error:
        logger.warning(
            "SSO logout: could not read %s's discovery document (%s); signed out here only.", provider_id, error
        )
        return ""
    except Exception:  # an app that is gone or misconfigured: sign out here anyway
        logger.exception("SSO logout: no provider %s; signed out here only.", provider_id)
        return ""
    if not endpoint or urlsplit(endpoint).scheme not in ("https", "http"):
        return ""
    params = {"client_id": provider.app.client_id, "post_logout_redirect_uri": request.build_absolute_uri("/")}
    if request.session.get(SESSION_ID_TOKEN):
        params["id_token_hint"] = request.session[SESSION_ID_TOKEN]
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
