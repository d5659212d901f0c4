"""Two-factor authentication for staff roles (docs/security.md, "Two-factor authentication"): who needs it and
whether a request has it. People/middleware.py asks `is_mfa_satisfied` on every page a staff role can reach, so
this is the one place the rule lives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q

from allauth.mfa.models import Authenticator
from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage

if TYPE_CHECKING:
    from django.http import HttpRequest

# Pages a person must reach before their second factor is set up or asked: sign-in, sign-out, the authenticator set-up
# and every other account page of allauth (under /accounts/), static files and the health check.
EXEMPT_PREFIXES = ("/accounts/", "/admin/logout/", "/healthz")
# allauth asks for the code of these at every sign-in, whether by password or single sign-on.
SECOND_FACTORS = [Authenticator.Type.TOTP]


def mfa_required_for(user) -> bool:
    """Superusers, the roles in MFA_REQUIRED_FOR_ROLES (Trainers, HR, Administrators) and anyone in a group that holds
    a permission on pages (the Course reviewers, who publish to every learner, or any group an administrator makes)
    need a second factor: what someone may change, not the name of their group, decides."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(Q(name__in=settings.MFA_REQUIRED_FOR_ROLES) | Q(page_permissions__isnull=False)).exists()


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def provider_did_mfa(request: HttpRequest) -> bool:
    """Whether single sign-on started this session and the provider's ID token showed a second factor the
    administrator listed as counting (its `amr`/`acr` against the provider's `mfa_amr`/`mfa_acr`, people/sso.py)."""
    from people import sso

    session = getattr(request, "session", None)
    return bool(session is not None and session.get(sso.SESSION_PROVIDER) and session.get(sso.SESSION_MFA) is True)


def is_mfa_satisfied(request: HttpRequest) -> bool:
    """Whether this request may go where the person's role needs a second factor. Always, when their roles need none.
    Otherwise when the provider's second factor counts for this single sign-on session, or once they have an
    authenticator app: allauth's MFA stage then asks for its code at every sign-in, by password or by single sign-on
    (unless the provider's counts), so any session of theirs has passed one. Answered once per request."""
    cached = getattr(request, "_people_mfa_satisfied", None)
    if cached is not None:
        return cached
    user = request.user
    satisfied = not mfa_required_for(user) or provider_did_mfa(request) or has_second_factor(user)
    request._people_mfa_satisfied = satisfied
    return satisfied


class AuthenticateStage(AllauthAuthenticateStage):
    """allauth's "enter your code" step at sign-in, skipped for a single sign-on whose ID token shows a second factor
    the administrator trusts: the person did two-factor at the provider a moment ago."""

    def _should_handle(self, request) -> bool:
        from people import sso

        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and sso.provider_did_mfa(
            provider_id=sociallogin.account.provider, id_token=sso.id_token_claims(sociallogin)
        ):
            return False
        return super()._should_handle(request)


def is_exempt(path: str) -> bool:
    static = tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix)
    return path.startswith(EXEMPT_PREFIXES + static)
