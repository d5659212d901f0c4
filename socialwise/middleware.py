"""Request guards that belong to no app: a request whose form body the framework cannot read, or that carries a NUL
character in its path or form fields, is answered 400 before any view (or the CSRF check, which reads the form)
tries; a NUL in a query parameter is dropped. PostgreSQL cannot store NUL in text, so a NUL that reached a query or
a save was a 500.

A whole number beyond 64 bits in a query parameter (no id, page or count can be that large) reads as 0, so a filter
says "not one of the choices" instead of SQLite's OverflowError (a 500 on the `make run` database). Why there and not
in the fields: Django keeps an out-of-range integer out of `exact`/`gt`/… lookups on integer columns, but not out of
`__in` lists, choice fields that look a value up themselves, Wagtail's choosers and filter widgets, or values a view
turns into an int and passes on; one check on the way in covers them all, Wagtail's own views included
(tests/security/test_sweep.py sends 10^20 to every URL). Form fields are never rewritten: twenty digits may be what a
person typed into a text field. A posted number that still overflows the database is answered 400 with a message
(the browser keeps the form), never a 500 and never a silent change.

A browser gets these 400s as the site's own page (templates/400_unreadable.html: header, the reason, a link back to
the form, never the input); other clients (SCIM, scripts) get the reason as plain text."""

from __future__ import annotations

import codecs
import re

from django.contrib.auth import get_user
from django.http import HttpResponseBadRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
# Form bodies are parsed as bytes split on "&", "=" and ";": only encodings that keep ASCII as ASCII can be read.
BEYOND_64_BITS = re.compile(r"\s*[-+]?0*[1-9][0-9]{19,}\s*")  # 20 digits or more: above 2**63 - 1 or near it
UNREADABLE_CODECS = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-7"}


def _unreadable(charset: str) -> bool:
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return True
    return name in UNREADABLE_CODECS


class UnreadableFormMiddleware:
    """`POST /accounts/login/` with `charset=utf-16` used to end in a 500 inside the CSRF failure view: the form
    cannot be decoded. Such a request, or one naming a charset that does not exist, gets 400 and nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD", "OPTIONS"} and request.content_type in FORM_TYPES:
            charset = request.content_params.get("charset")
            if charset and _unreadable(charset):
                return _bad_request(
                    request,
                    _("This form was sent in a character set the site cannot read (%(charset)s). Send it as UTF-8.")
                    % {"charset": charset[:40]},
                )
        if any("\x00" in key or any("\x00" in v for v in request.GET.getlist(key)) for key in request.GET):
            # A NUL in a search box or filter is dropped: the query means the same without it.
            cleaned = request.GET.copy()
            for key in list(cleaned):
                values = [v.replace("\x00", "") for v in cleaned.getlist(key)]
                del cleaned[key]
                if key.replace("\x00", ""):
                    cleaned.setlist(key.replace("\x00", ""), values)
            cleaned._mutable = False
            request.GET = cleaned
        request.GET = _clamped(request.GET)
        if _has_nul(request):
            return _bad_request(
                request,
                _("The request contains a NUL character (byte 0x00), which no field accepts. Remove it and try again."),
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError) and request.method not in {"GET", "HEAD", "OPTIONS"}:
            return _bad_request(
                request, _("A number in this form is too large to store. Go back, correct it and send the form again.")
            )
        return None


def _bad_request(request, message: str):
    """400 with `message`: the site's page for a browser, plain text for any other client."""
    if "text/html" not in request.headers.get("Accept", ""):
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    if not hasattr(request, "user"):
        # Answered before AuthenticationMiddleware: the header still shows who is signed in.
        request.user = SimpleLazyObject(lambda: get_user(request))
        # and its Log out form carries a token for the browser's CSRF cookie, not one for a cookie never sent
        CsrfViewMiddleware(lambda _request: None).process_request(request)
    # The form's own address (what a GET of it shows), unless the path itself is what was refused.
    path = request.path
    back = "\x00" not in path and url_has_allowed_host_and_scheme(path, allowed_hosts=None)
    return render(request, "400_unreadable.html", {"message": message, "back_url": path if back else ""}, status=400)


def _clamped(query):
    """`query` with every whole number beyond 64 bits read as 0 (the same object when there is none)."""
    if not any(BEYOND_64_BITS.fullmatch(v) for key in query for v in query.getlist(key)):
        return query
    clamped = query.copy()
    for key in list(clamped):
        clamped.setlist(key, ["0" if BEYOND_64_BITS.fullmatch(v) else v for v in clamped.getlist(key)])
    clamped._mutable = False
    return clamped


def _has_nul(request) -> bool:
    """NUL anywhere in the path, a query parameter or a form field (names too). Uploaded files are not read here:
    their importers say which line holds one."""
    if "\x00" in request.path:
        return True
    queries = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        queries.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in value for value in query.getlist(key)) for query in queries for key in query
    )


class MethodNotAllowedPageMiddleware:
    """A browser opening by address what only a form's button may send (a reload after Back, a bookmark, a copied
    link to "View summary" or "Remind") got Django's empty 405, which Chromium shows as its own "This page isn't
    working". Such a response to a GET that accepts HTML becomes a page that says what happened and where to go; the
    status and the Allow header stay, and APIs (which answer 405 with their own body, or to clients not asking for
    HTML) are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.method == "GET"
            and not response.content
            and "text/html" in request.headers.get("Accept", "")
        ):
            page = render(request, "405.html", status=405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response
