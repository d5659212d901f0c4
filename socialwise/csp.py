"""Which Content-Security-Policy applies where (docs/security.md, "Content-Security-Policy").

Every page gets the strict policy in settings (`CONTENT_SECURITY_POLICY`): scripts only from our own origin, no inline
script. Wagtail 8's admin still starts some of its own widgets with a one-line inline script: the date and time
pickers (`initDateChooser("id_due_on", {…})`), the choosers (`new ImageChooser("id_cover", {…})`), inline panels
(`new InlinePanel(JSON.parse("…"))`). So on a signed-in page under /admin/ this middleware allows exactly those
scripts, by hash, and nothing else: each inline script of the page is hashed only if it is one call of a known
Wagtail initialiser whose arguments are JSON literals (parsed here, so no other code can hide in them). Any other
inline script stays blocked, on every page; there is no 'unsafe-inline' and no 'unsafe-eval' anywhere, and the
admin's login page (no user yet) gets the strict policy unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"

# Wagtail's own initialisers that may be called inline, and nothing else. Each is called with JSON-literal
# arguments only (checked below), so allowing one runs no code of the page's author.
WAGTAIL_INITIALISERS = frozenset(
    {
        "initDateChooser",
        "initTimeChooser",
        "initDateTimeChooser",
        "createTaskChooser",
        "new Chooser",
        "new PageChooser",
        "new ImageChooser",
        "new DocumentChooser",
        "new SnippetChooser",
        "new InlinePanel",
        "new MultipleChooserPanel",
    }
)
_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_CALL = re.compile(r"(?P<callee>(?:new )?[A-Za-z]+)\((?P<args>.*)\);?", re.DOTALL)
# Wagtail's inline and multiple-chooser panels wrap their one call in a function and parse a JSON string.
_PANEL = re.compile(
    r"\(function\(\)\s*\{\s*var panel = (?P<callee>new [A-Za-z]+)\(JSON\.parse\((?P<args>\"[^\"]*\")\)\);\s*\}\)\(\);",
    re.DOTALL,
)
_NOT_JAVASCRIPT = re.compile(r"\btype\s*=\s*[\"']?(?!text/javascript|module)[a-z]", re.IGNORECASE)


def _json_literals(args: str) -> bool:
    try:
        json.loads(f"[{args}]")
    except ValueError:
        return False
    return True


def is_wagtail_initialiser(script: str) -> bool:
    """True when `script` is one call of a Wagtail widget initialiser with JSON-literal arguments, nothing more."""
    text = script.strip()
    match = _PANEL.fullmatch(text) or _CALL.fullmatch(text)
    return bool(match and match["callee"] in WAGTAIL_INITIALISERS and _json_literals(match["args"]))


def wagtail_script_hashes(html: str) -> list[str]:
    """CSP hash sources for the Wagtail initialisers among the inline scripts of `html`, in page order."""
    hashes: list[str] = []
    for match in _SCRIPT.finditer(html):
        attrs, body = match["attrs"], match["body"]
        if re.search(r"\ssrc\s*=", attrs, re.IGNORECASE) or _NOT_JAVASCRIPT.search(attrs):
            continue  # external scripts follow 'self'; JSON data blocks never run
        if is_wagtail_initialiser(body):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode("ascii")
            if (source := f"'sha256-{digest}'") not in hashes:
                hashes.append(source)
    return hashes


def admin_page_needs_widget_scripts(request, response) -> bool:
    """A rendered HTML page of the signed-in admin, apart from its login page."""
    user = getattr(request, "user", None)
    return (
        request.path_info.startswith(ADMIN_PREFIX)
        and not request.path_info.startswith(f"{ADMIN_PREFIX}login/")
        and user is not None
        and user.is_authenticated
        and not getattr(response, "streaming", False)
        and response.get("Content-Type", "").startswith("text/html")
    )


class SocialwiseCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's widget initialisers allowed by hash (see the module docstring)."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and admin_page_needs_widget_scripts(request, response):
            hashes = wagtail_script_hashes(response.content.decode(response.charset or "utf-8", errors="replace"))
            if hashes:
                update = dict(parts.update or {})
                update["script-src"] = [*update.get("script-src", []), *hashes]
                parts.update = update
        return parts
