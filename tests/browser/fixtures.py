"""Chromium for every browser test, started once per test run: the single sign-on suite (tests/oidc) and
tests/browser share it, because Playwright's sync API allows one running instance per thread. Registered by
tests/conftest.py."""

from __future__ import annotations

import contextlib
import select
import shutil
import threading
import time
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
    # The module page reports its reading time by sendBeacon when it is hidden, and closing hides it; the test is
    # over, so that beacon is switched off. Requests already sent (a beacon from an earlier navigation, a page still
    # loading; a module page's GET and the beacon both write the enrolment) are not: `_live_server_drained` waits.
    from playwright.sync_api import Error as PlaywrightError

    for open_page in context.pages:
        with contextlib.suppress(PlaywrightError):  # a page already closed or navigating sends no beacon either
            open_page.evaluate("navigator.sendBeacon = () => true")
    context.close()


@pytest.fixture(autouse=True)
def _live_server_drained(request):
    """After a test that used the live server, and before its database is flushed, wait until the server has
    answered every request the test's browsers sent (`_InFlight`). It asks for `transactional_db` and `live_server`
    itself so that pytest tears it down before them, and after the `page` fixture and the test's own contexts have
    closed their browsers."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    in_flight = _InFlight.of(request.getfixturevalue("live_server"))
    yield
    in_flight.drain()


class _InFlight:
    """The live server's open connections, counted so that a browser test's teardown can wait for them to end.

    pytest-django's live server answers each connection in a thread of its own and nobody waits for those threads.
    A request the browser sent just before the test ended was still writing (an enrolment, from a module page's
    reading-time beacon) while the transactional test's flush deleted the same rows: "Database test_… couldn't be
    flushed … deadlock detected … deleting tuple in courses_enrolment", and that thread's database connection could
    outlive the test. A connection counts from before it is accepted until its thread has closed its database
    connections (Django's `close_request`), so a count of zero means nothing of the test is left on the server."""

    def __init__(self, httpd):
        self.httpd = httpd
        self.count = 0
        self.changed = threading.Condition()
        get_request, process_request_thread = httpd.get_request, httpd.process_request_thread

        def counted_get_request():
            # Counted before accept(): once the listening socket no longer shows a pending connection, its request
            # is in `count` (`drain` looks at the socket first, then at the count).
            self._add(1)
            try:
                return get_request()
            except BaseException:
                self._add(-1)
                raise

        def counted_process_request_thread(request, client_address):
            try:
                process_request_thread(request, client_address)
            finally:
                self._add(-1)

        httpd.get_request = counted_get_request
        httpd.process_request_thread = counted_process_request_thread

    @classmethod
    def of(cls, live_server) -> _InFlight:
        httpd = live_server.thread.httpd
        if not hasattr(httpd, "in_flight"):
            httpd.in_flight = cls(httpd)
        return httpd.in_flight

    def _add(self, delta: int) -> None:
        with self.changed:
            self.count += delta
            self.changed.notify_all()

    def _pending(self) -> bool:
        readable, _, _ = select.select([self.httpd.socket], [], [], 0)
        return bool(readable)

    def drain(self, timeout: float = 30) -> None:
        """Wait until every connection made so far has been answered and closed (the browser is closed first, so no
        new one comes). A connection still open after `timeout` fails the test rather than racing the flush."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while self._pending() or self.count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    pytest.fail(
                        f"the live server still had {self.count} connection(s) open {timeout} s after the test "
                        "(a browser context the test left open keeps its connections)"
                    )
                # A pending connection is accepted within the server's poll interval (0.5 s); poll for it.
                self.changed.wait(min(remaining, 0.05))
