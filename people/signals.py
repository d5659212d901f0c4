"""Receivers for signals the framework hands us; each calls a service."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset, user_logged_in


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def give_every_account_a_profile(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """Accounts made anywhere (sign-up, Wagtail's users admin, createsuperuser) get an empty profile, so HR sees
    them in the people admin. Bulk imports make their profiles themselves."""
    if created and not raw:
        from people.services import ensure_profile

        ensure_profile(user=instance)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def detach_reports_of_a_deleted_account(sender, instance, **kwargs) -> None:
    """An account deleted outright (Wagtail's users admin): the people who reported to it are left without a manager
    (the foreign key's SET NULL), so their reporting lines above it go too, in the same transaction."""
    from people.services import detach_reports

    detach_reports(manager=instance)


@receiver(password_reset)
def invitation_link_verifies_the_email(sender, request, user, **kwargs) -> None:
    """Setting a password from an emailed link (an invitation or a reset) proves the person reads that address."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)


@receiver(user_logged_in)
def map_sso_claims_at_every_login(sender, request, user, sociallogin=None, **kwargs) -> None:
    """Single sign-on: the identity provider's claims set the person's department and roles at every login, and the
    session notes that SSO started it (people/sso.py)."""
    if sociallogin is None:
        return
    from people import sso

    sso.apply_sso_claims(user=user, claims=sso.claims_of(sociallogin), provider_id=sociallogin.account.provider)
    if request is not None and hasattr(request, "session"):
        sso.remember_login(request=request, sociallogin=sociallogin)
