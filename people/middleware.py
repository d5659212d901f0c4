"""Two-factor authentication before the admin: Trainers, HR and Administrators (and superusers) reach /admin/ only
once they have an authenticator app (allauth's TOTP). Wagtail's own login form is sent to allauth's login, which is
the one that asks for the code."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from allauth.mfa.models import Authenticator

logger = logging.getLogger(__name__)


def mfa_required_for(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.MFA_REQUIRED_FOR_ROLES).exists()


class RequireMFAForAdminMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"
        if not settings.MFA_ENFORCED:
            logger.warning(
                "MFA_ENFORCED is off: Trainers, HR and Administrators reach /admin/ without two-factor "
                "authentication. Never run production like this."
            )

    def __call__(self, request):
        if settings.MFA_ENFORCED and request.path.startswith(self.admin_prefix):
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        if request.path.startswith(f"{self.admin_prefix}login/"):
            # Wagtail's login form would skip the second factor; allauth's asks for it.
            query = urlencode({"next": request.GET.get("next") or self.admin_prefix})
            return redirect(f"{reverse('account_login')}?{query}")
        if request.path.startswith(f"{self.admin_prefix}logout/"):
            return None
        user = request.user
        if not mfa_required_for(user):
            return None
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return None
        messages.warning(
            request,
            _("Your role needs two-factor authentication. Set up an authenticator app to continue to the admin."),
        )
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('mfa_activate_totp')}?{query}")
