"""SCIM requests skip the middleware that serves people in browsers.

A SCIM client sends a bearer token and JSON: no session, cookie, CSRF token, message, sign-in or page. What is listed
after this middleware in settings (CSRF, authentication, messages, the frame and Content-Security-Policy headers for
pages, allauth, the admin's two-factor gate, Wagtail's redirects, the 405 page) does nothing for such a request but
cost time on each of a full sync's 10,000 PUTs. So a request under /scim/v2/ is resolved and answered here. What is
listed before it still applies: the security headers (nosniff, the referrer policy, HSTS in production), the guards
on NULs and oversized numbers in the query string, the language. Every SCIM view answers every failure itself
(scim.views.scim_endpoint), so no exception handling is skipped either. Its answers carry the headers an API's need:
X-Frame-Options DENY and a Content-Security-Policy that lets a JSON answer load and frame nothing."""

from __future__ import annotations

from django.urls import resolve

PREFIX = "/scim/v2/"
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


class ScimMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        match = resolve(request.path_info, getattr(request, "urlconf", None))  # scim.urls ends in a catch-all
        request.resolver_match = match
        response = match.func(request, *match.args, **match.kwargs)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", API_POLICY)
        return response
