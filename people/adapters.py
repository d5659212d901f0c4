"""Account rules on top of allauth: sign-up is closed unless opened, and then only for company email domains; single
sign-on makes accounts for the people the company's identity provider vouches for."""

import logging

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from people import sso

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The "key" of the per-account failed-login limit: the account AND the client's address. Counted per account
        alone, five wrong passwords from anyone every five minutes would keep that person (an Administrator) out
        for good; this way a stranger locks out only their own address, while the per-address limit (10 a minute)
        still holds. Guessing one account from many addresses meets the password rules and, for every staff role,
        the second factor. allauth 65.21 builds the key here (a private hook: the login tests pin the behaviour)."""
        from allauth.core.internal.ratelimit import get_ip

        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"

    def is_open_for_signup(self, request) -> bool:
        return bool(settings.SIGNUP_OPEN and settings.SIGNUP_EMAIL_DOMAINS)

    def authenticate(self, request, **credentials):
        """A password that is right still does not sign in someone who uses single sign-on (people/sso.py): they are
        told to use it. Said only after the right password, so it reveals nothing to a guesser."""
        user = super().authenticate(request, **credentials)
        if user is not None and sso.password_login_refused(user):
            logger.info(
                "Password sign-in refused for user %s: their company signs them in with single sign-on.", user.pk
            )
            raise forms.ValidationError(sso.PASSWORD_REFUSED)
        return user

    def send_password_reset_mail(self, user, email: str, context: dict) -> None:
        """No reset link for someone the password rule refuses (people/sso.py, `password_login_refused`): a password
        set through it could never sign them in. They are told how they do sign in; the page looks the same."""
        if sso.password_login_refused(user):
            logger.info("Password reset for user %s: mailed how single sign-on signs them in, no link.", user.pk)
            context = {key: value for key, value in context.items() if key in {"user", "current_site", "request"}}
            self.send_mail("account/email/password_reset_sso", email, context)
            return
        super().send_password_reset_mail(user, email, context)

    def get_login_stages(self) -> list[str]:
        """allauth's second-factor stage, replaced by ours: the same, except that a single sign-on whose provider did a
        second factor the administrator trusts (people/mfa.py) is not asked for the code again."""
        return [
            "people.mfa.AuthenticateStage" if path == "allauth.mfa.stages.AuthenticateStage" else path
            for path in super().get_login_stages()
        ]

    def logout(self, request) -> None:
        """Sign out here; a session that single sign-on started is then sent to sign out at the provider too, through
        a page of ours (the form that posted here may only lead to our own origin under the CSP's form-action)."""
        end_url = sso.end_session_url(request=request)
        super().logout(request)
        if end_url:
            request.session[sso.SESSION_END_URL] = end_url

    def get_logout_redirect_url(self, request) -> str:
        if request.session.get(sso.SESSION_PROVIDER) and settings.SSO_PROVIDER_LOGOUT:
            return reverse("sso_signed_out")
        return super().get_logout_redirect_url(request)

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).strip().lower()
        domains = settings.SIGNUP_EMAIL_DOMAINS
        if domains and email.rsplit("@", 1)[-1] not in domains:
            raise forms.ValidationError(
                _("Use your work email address (%(domains)s).") % {"domains": ", ".join(domains)}
            )
        return email


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on through the company's OpenID Connect provider: the directory vouches for its people, so their
    first login makes their account (just-in-time), and an address the provider verified, in a domain it is marked
    authoritative for, connects to the account HR imported (people/sso.py, `email_is_trusted`)."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return bool(settings.SSO_SIGNUP)

    def _trusted(self, sociallogin, email: str) -> bool:
        if sociallogin.provider.id != sso.PROVIDER:
            return False
        return sso.email_is_trusted(
            provider_id=sociallogin.account.provider, email=email, claims=sso.claims_of(sociallogin)
        )

    def authenticate_by_email(self, sociallogin):
        """Only a trusted address signs in to (and links) an existing account."""
        for address in sociallogin.email_addresses:
            address.verified = self._trusted(sociallogin, address.email)
        return super().authenticate_by_email(sociallogin)

    def pre_social_login(self, request, sociallogin) -> None:
        """A first single sign-on with the address of an existing account that the provider does not vouch for
        stops here with a page saying so (and an audit entry): it neither signs in to that account nor makes a
        second one."""
        from people.models import AuditLog, User
        from people.services import record_audit

        for address in sociallogin.email_addresses:
            address.verified = self._trusted(sociallogin, address.email)
        if getattr(request, "_sso_raw_id_token", None):
            sociallogin.state["id_token_hint"] = request._sso_raw_id_token
        if sociallogin.is_existing:
            return
        emails = [a.email for a in sociallogin.email_addresses] + [sociallogin.user.email]
        holder = User.objects.filter(email__in=[e.lower() for e in emails if e]).first()
        if holder is None:
            return
        logger.warning(
            "SSO login refused: provider %s account %s claims the address of user %s without a trusted "
            "verified email (email_verified=%r; authoritative domains: %s).",
            sociallogin.account.provider,
            sociallogin.account.uid,
            holder.pk,
            sso.claims_of(sociallogin).get("email_verified"),
            sso.app_settings(sociallogin.account.provider).get("authoritative_domains") or "none",
        )
        record_audit(
            actor=None,
            action=AuditLog.Action.CHANGE_REFUSED,
            subject=holder,
            summary="Single sign-on refused: the provider did not vouch for this account's email address",
            data={"via": sso.AUDIT_VIA, "provider": sociallogin.account.provider},
        )
        raise ImmediateHttpResponse(render(request, "people/sso/email_not_trusted.html", status=403))

    def save_user(self, request, sociallogin, form=None):
        """A new account keeps the address unverified unless the provider is trusted for it."""
        for address in sociallogin.email_addresses:
            address.verified = self._trusted(sociallogin, address.email)
        return super().save_user(request, sociallogin, form=form)

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        """Say what went wrong, on a page and in the log: the provider not answering, or refusing Socialwise's own
        client credentials (a wrong OIDC_CLIENT_SECRET), are for IT, not the person."""
        import requests
        from allauth.socialaccount.providers.oauth2.client import OAuth2Error

        provider_id = getattr(getattr(provider, "app", None), "provider_id", "") or getattr(provider, "id", "")
        if isinstance(exception, requests.RequestException):
            logger.error("SSO: the provider %s is not answering: %s", provider_id, exception)
            raise ImmediateHttpResponse(sso_unavailable(request, provider))
        text = str(exception or "")
        if isinstance(exception, OAuth2Error) and ("invalid_client" in text or "unauthorized_client" in text):
            logger.error(
                "SSO: the provider %s refused Socialwise's client credentials at its token endpoint; check "
                "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET against the app registered there. The provider said: %s",
                provider_id,
                text[:500],
            )
            raise ImmediateHttpResponse(
                render(request, "people/sso/misconfigured.html", {"provider": provider}, status=502)
            )
        logger.warning("SSO: sign-in with %s failed (%s): %s", provider_id, error, text[:500])


def sso_unavailable(request, provider=None):
    return render(request, "people/sso/unavailable.html", {"provider": provider}, status=503)
