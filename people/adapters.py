"""Account rules on top of allauth: sign-up is closed unless opened, and then only for company email domains; single
sign-on makes accounts for the people the company's identity provider vouches for."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


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
    first login makes their account (just-in-time) and a verified address connects to an account HR imported."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return bool(settings.SSO_SIGNUP)

    def is_email_verified(self, provider, email: str) -> bool:
        if provider.id == "openid_connect" and settings.OIDC_TRUST_EMAIL:
            return True
        return super().is_email_verified(provider, email)
