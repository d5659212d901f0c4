"""The real OpenID provider (tests/oidc/provider.py) and Chromium (tests/browser/conftest.py) for the single sign-on
suite. Node.js missing skips it locally with a message; with CI=true that is a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from people import roles
from tests.oidc import provider as oidc

PROVIDER_ID = "tarnwick"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def oidc_server(live_server, tmp_path_factory):
    process, server = oidc.start(
        tmp_path_factory.mktemp("oidc"),
        redirect_uris=[f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/"],
        post_logout_redirect_uris=[f"{live_server.url}/"],
    )
    yield server
    oidc.stop(process)


def provider_app(server, **overrides) -> dict:
    """Socialwise's configuration of the test provider, as the environment would make it (settings/base.py)."""
    app_settings = {
        "server_url": server.issuer,
        "scope": ["openid", "profile", "email", "org"],
        "authoritative_domains": ["tarnwick.example"],
        "roles_when_absent": "remove",
        "mfa_amr": ["otp", "hwk"],
        "mfa_acr": ["urn:idp:mfa"],
    }
    app = {
        "provider_id": PROVIDER_ID,
        "name": "Tarnwick sign-in",
        "client_id": server.client_id,
        "secret": server.client_secret,
        "settings": app_settings,
    }
    for key, value in overrides.items():
        (app if key in app else app_settings)[key] = value
    return app


@pytest.fixture
def idp(oidc_server, settings):
    """The provider, configured in Socialwise as production would be: SSO on, local passwords off for SSO people,
    MFA enforced for staff roles."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [provider_app(oidc_server)]}
    }
    settings.SSO_ROLE_MAP = {"socialwise-hr": roles.HR, "socialwise-admins": roles.ADMINISTRATORS}
    settings.SSO_LOCAL_PASSWORDS = False
    settings.SSO_SESSION_HOURS = 8
    settings.MFA_ENFORCED = True
    return oidc_server
