"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live server, and an
accessibility check with axe-core from the pinned axe-playwright-python package (never fetched from the internet)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.factories.people import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}

# Playwright's sync API runs an event loop in this thread; the ORM calls tests make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


# An element's text as the browser lays it out, one string per line (its words grouped by their top edge).
TEXT_LINES = """e => { const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT); const range = document.createRange();
    const lines = []; let top = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of node.textContent.matchAll(/\\S+/g)) {
            range.setStart(node, word.index); range.setEnd(node, word.index + word[0].length);
            const y = Math.round(range.getClientRects()[0].top);
            if (top === null || Math.abs(y - top) > 4) { lines.push([]); top = y; }
            lines[lines.length - 1].push(word[0]);
        }
    }
    return lines.map(words => words.join(" ")); }"""


def text_lines(locator) -> list[str]:
    """The lines of `locator`'s first match, as laid out."""
    return locator.first.evaluate(TEXT_LINES)


def longest_full_line(locator) -> int:
    """The most characters on any full line (each element's last line aside) of `locator`'s matches: the measure."""
    per_element = locator.evaluate_all(f"els => els.map({TEXT_LINES})")
    return max((len(line) for lines in per_element for line in lines[:-1]), default=0)


def log_in(page, user) -> None:
    """Sign `user` in for a test about something else: a real session of the site's own, made as Django's test
    client's `force_login` makes it, handed to the browser as its session cookie (the next `page.goto` is the first
    page the user sees). The sign-in form, two-factor and single sign-on are tested through `log_in_with_form` and
    tests/oidc. `page.base_url` is the live server's address (the `page` fixture sets it)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.base_url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )


def log_in_with_form(page, user, password: str = PASSWORD) -> None:
    """Sign in as a person does: allauth's form, which also records how they authenticated (two-factor reads it)."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def assert_accessible(page, *, context: str | None = None) -> None:
    """Fail on any serious or critical axe-core violation on the current page, and on any CSP violation."""
    from axe_playwright_python.sync_playwright import Axe

    # Wagtail's admin messages fade in over 500 ms; colours read mid-fade are not the page's colours.
    page.wait_for_function(
        "() => document.getAnimations().filter(a => a.effect?.target?.closest?.('.messages'))"
        ".every(a => a.playState !== 'running')"
    )
    results = Axe().run(
        page, context=context, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}
    )
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:5]}" for v in blocking
    )
    assert not blocking, f"axe found serious or critical violations on {page.url}:\n{details}"
    assert not page.csp_violations, f"Content Security Policy violations on {page.url}: {page.csp_violations}"
