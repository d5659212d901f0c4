"""Who reaches what before the views run.

* Two-factor authentication for staff roles (people/mfa.py): with MFA_ENFORCED, a Trainer, HR person, Administrator or
  superuser without an authenticator app reaches no page but their account pages (sign-out, setting one up): not the
  admin, and not the certificates of others, facilitator views, reports or exports outside it either. A new staff
  page needs nothing to be covered.
* The admin: someone signed in without admin access gets a page saying so (403) instead of Wagtail's login form,
  which with MFA_ENFORCED sent them to allauth's login, which sent them back (a redirect loop). Wagtail's own login
  form would skip the second factor, so with MFA_ENFORCED it is replaced by allauth's."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from people import mfa

logger = logging.getLogger(__name__)

ADMIN_PREFIX = "/admin/"


class RequireMFAForAdminMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        if not settings.MFA_ENFORCED:
            logger.warning(
                "MFA_ENFORCED is off: Trainers, HR and Administrators reach staff pages without two-factor "
                "authentication. Never run production like this."
            )

    def __call__(self, request):
        response = self._admin_gate(request) if request.path.startswith(ADMIN_PREFIX) else None
        if response is None and settings.MFA_ENFORCED:
            response = self._second_factor(request)
        return response if response is not None else self.get_response(request)

    def _admin_gate(self, request):
        path = request.path
        if path.startswith(f"{ADMIN_PREFIX}logout/"):
            return None
        user = request.user
        if user.is_authenticated and not user.has_perm("wagtailadmin.access_admin"):
            return render(request, "people/no_admin_access.html", status=403)
        if path.startswith(f"{ADMIN_PREFIX}login/") and settings.MFA_ENFORCED:
            target = request.GET.get("next") or ADMIN_PREFIX
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = ADMIN_PREFIX
            if user.is_authenticated:
                return redirect(target)
            # Wagtail's login form would skip the second factor; allauth's asks for it.
            return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
        return None

    def _second_factor(self, request):
        if mfa.is_exempt(request.path) or mfa.is_mfa_satisfied(request):
            return None
        if request.path.startswith(ADMIN_PREFIX):
            text = _("Your role needs two-factor authentication. Set up an authenticator app to continue to the admin.")
        else:
            text = _("Your role needs two-factor authentication. Set up an authenticator app to continue.")
        messages.warning(request, text)
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('mfa_activate_totp')}?{query}")


class SingleSignOnFormActionMiddleware:
    """Lets the single sign-on page's form lead to the identity provider under the CSP.

    The policy's `form-action 'self'` holds everywhere, but Chromium applies form-action to every redirect that follows
    a form submission too: "Continue" on allauth's single sign-on page POSTs to /accounts/oidc/<id>/login/, which
    redirects to the provider's authorization endpoint on another origin, and Chromium blocked it (nothing happened;
    Firefox does not check redirects, so it went unseen). Only that page's response gets the configured providers'
    origins (from OIDC_SERVER_URL, plus SSO_FORM_ACTION_ORIGINS); every other page, the login form included, keeps
    'self' alone. Signing out goes to the provider through a page of ours, not a form's redirect (people/sso_views.py).
    Listed after the CSP middleware (socialwise/csp.py), so its response hook runs first."""

    PREFIX = "/accounts/oidc/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.PREFIX):
            from people import sso

            origins = sso.form_action_origins()
            if origins:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), *origins]
                response._csp_update = update
        return response
