"""Single sign-on's own pages around allauth's OpenID Connect views (docs/sso.md): the provider not answering becomes
a page that says so instead of a server error, the raw ID token is kept for signing out at the provider, and the page
after signing out sends the browser on to the provider's end_session_endpoint."""

from __future__ import annotations

import logging

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

import requests
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter

from people import sso
from people.adapters import sso_unavailable

logger = logging.getLogger(__name__)


class Adapter(OpenIDConnectOAuth2Adapter):
    """allauth's, with the provider's claims cleaned (people/sso.py, `clean_claims`) before anything stores them."""

    def _fetch_user_info(self, access_token: str) -> dict:
        return sso.clean_claims(super()._fetch_user_info(access_token))

    def _decode_id_token(self, app, id_token: str) -> dict:
        return sso.clean_claims(super()._decode_id_token(app, id_token))

    def complete_login(self, request, app, token, **kwargs):
        # The raw ID token, for `id_token_hint` when signing out at the provider (allauth keeps only its claims);
        # the social account adapter's pre_social_login moves it into the login's state, which survives the MFA stage.
        raw = (kwargs.get("response") or {}).get("id_token")
        if isinstance(raw, str):
            request._sso_raw_id_token = raw
        return super().complete_login(request, app, token, **kwargs)


def _guarded(view_class, request, provider_id):
    try:
        view = view_class.adapter_view(Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    except requests.RequestException as error:
        # allauth reads the provider's discovery document outside its own error handling.
        logger.error("SSO: the provider %s is not answering: %s", provider_id, error)
        return sso_unavailable(request)


@login_not_required
def login(request, provider_id):
    return _guarded(OAuth2LoginView, request, provider_id)


@login_not_required
def callback(request, provider_id):
    return _guarded(OAuth2CallbackView, request, provider_id)


@never_cache
@login_not_required
def signed_out(request):
    """After signing out of a session that single sign-on started: on to the provider's end_session_endpoint (kept in
    the new, empty session by AccountAdapter.logout), or this page when there is none."""
    end_url = request.session.pop(sso.SESSION_END_URL, "")
    if request.user.is_authenticated:
        return redirect("/")
    return render(request, "people/sso/signed_out.html", {"end_url": end_url})
