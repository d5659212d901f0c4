"""Account rules on top of allauth: sign-up is closed unless opened, and then only for company email domains."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
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
