"""Chromium for every browser test, started once per test run: the single sign-on suite (tests/oidc) and
tests/browser share it, because Playwright's sync API allows one running instance per thread. Registered by
tests/conftest.py."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import require


@pytest.fixture(scope="session")
def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the package is pinned in requirements-test.txt
        require(False, "Playwright for Python is not installed")
    require(Path(CHROMIUM).exists() or bool(shutil.which(CHROMIUM)), f"Chromium is not installed at {CHROMIUM}")
    manager = sync_playwright().start()
    yield manager
    manager.stop()


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base_url = live_server.url  # for log_in's session cookie
    page.set_default_timeout(15_000)
    # assertions wait as long as actions do (Playwright's own default is 5 s, too short on 2 loaded cores)
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: page.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield page
    # Closing hides the page, and a module page then reports its reading time by sendBeacon; that request reached the
    # live server while the database was being reset for the next test (a deadlock, then every later test failed).
    # The test is over, so the beacon is switched off before the close.
    from playwright.sync_api import Error as PlaywrightError

    for open_page in context.pages:
        with contextlib.suppress(PlaywrightError):  # a page already closed or navigating sends no beacon either
            open_page.evaluate("navigator.sendBeacon = () => true")
    context.close()
