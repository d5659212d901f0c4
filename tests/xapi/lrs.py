"""A real LRS for the tests: Learning Locker's `xapi-statements` service from npm, pinned in lrs/package.json,
installed on first use into the user's cache folder (one folder per package.json, so a fresh clone, as in CI, finds
it installed) and run in memory on a free loopback port. Plus the strict validator every
statement goes through: ralph-malph's pydantic xAPI models, and our own rules on verbs and privacy."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement

from tests.conftest import require
from tests.node_peers import npm_install
from xapi.vocabulary import ADL_VERBS, Verb

PACKAGE_JSON = Path(__file__).parent / "lrs" / "package.json"
# Outside the work tree: installing takes 10–20 s even from npm's cache, and every CI run starts from a fresh clone.
INSTALL_DIR = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "socialwise"
    / f"test-lrs-{hashlib.sha256(PACKAGE_JSON.read_bytes()).hexdigest()[:16]}"
)
SERVER = INSTALL_DIR / "node_modules" / "xapi-statements" / "dist" / "index.js"
USERNAME, PASSWORD = "socialwise", "lrs-test-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _install() -> None:
    npm_install(PACKAGE_JSON, INSTALL_DIR, ready=SERVER, what="the test LRS (tests/xapi)")


@dataclass
class LRS:
    """The running LRS: its xAPI endpoint and a reader for what it stored."""

    endpoint: str

    def _get(self, url: str) -> dict:
        request = urllib.request.Request(url)  # noqa: S310 (loopback test server)
        request.add_header("X-Experience-API-Version", "1.0.3")
        token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback test server)
            return json.loads(response.read())

    def statements(self, *, ids: set[str]) -> list[dict]:
        """Every stored statement whose id is in `ids` (the LRS holds other tests' statements too)."""
        found, url = [], f"{self.endpoint}statements?limit=500"
        while url:
            page = self._get(url)
            found += [s for s in page["statements"] if s["id"] in ids]
            more = page.get("more")
            url = urllib.parse.urljoin(self.endpoint, more) if more else ""
        return found


@pytest.fixture(scope="session")
def lrs_server(tmp_path_factory) -> LRS:
    _install()
    port = free_port()
    workdir = tmp_path_factory.mktemp("lrs")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "EXPRESS_PORT": str(port),
        "MODELS_REPO": "memory",
        "STORAGE_REPO": "local",
        "FS_LOCAL_STORAGE_DIR": str(workdir / "storage"),
        "EXPRESS_MORGAN_DIRECTORY": str(workdir / "logs"),
        "AUTH_REPO": "test",  # accepts any Basic credentials
        "EVENTS_REPO": "test",  # no Redis for the LRS's own events
        "SERVICE_AWAIT_UPDATES": "true",
        "WINSTON_CONSOLE_LEVEL": "error",
    }
    process = subprocess.Popen(
        ["node", str(SERVER)], cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    server = LRS(endpoint=f"http://127.0.0.1:{port}/xAPI/")
    deadline = time.monotonic() + 30
    while True:
        try:
            server._get(f"{server.endpoint}about")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                require(False, "the test LRS did not start")
            time.sleep(0.1)
    yield server
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def lrs(lrs_server, settings) -> LRS:
    """xAPI forwarding switched on and pointed at the test LRS."""
    settings.XAPI_ENABLED = True
    settings.XAPI_ENDPOINT = lrs_server.endpoint
    settings.XAPI_USERNAME = USERNAME
    settings.XAPI_PASSWORD = PASSWORD
    settings.XAPI_TIMEOUT = 2.0
    return lrs_server


ALLOWED_VERBS = {verb.iri for verb in Verb}


def assert_valid_statement(statement: dict) -> None:
    """Strict xAPI 1.0.3 (ralph's models forbid unknown fields and empty values), ADL verbs only, and an actor
    that is an account on our site: never an email, never a name."""
    BaseXapiStatement.model_validate(statement)
    assert statement["verb"]["id"] in ALLOWED_VERBS and statement["verb"]["id"].startswith(ADL_VERBS)
    actor = statement["actor"]
    assert set(actor) == {"objectType", "account"}, actor
    assert actor["account"]["homePage"] == settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert actor["account"]["name"].isdigit()


class FaultyProxy:
    """Sits between Socialwise and the real LRS and misbehaves on demand: `mode` is "pass" (forward), "error"
    (answer 500 without forwarding), "hang" (answer nothing for longer than our timeout) or "lose_response"
    (forward, so the LRS stores the statements, then answer 502 as if the reply was lost on the way back)."""

    def __init__(self, target: str):
        import http.server
        import threading

        self.target = target.rstrip("/")
        self.mode = "pass"
        self.script: list[str] = []  # modes for the next requests, one each, before `mode` applies again
        self.requests: list[str] = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _handle(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                mode = proxy.script.pop(0) if proxy.script else proxy.mode
                proxy.requests.append(f"{self.command} {mode}")
                if mode == "error":
                    return self._answer(500, b'{"message": "LRS down for maintenance"}')
                if mode == "hang":
                    time.sleep(3)
                    return self._answer(504, b"{}")
                path = self.path.split("/xAPI", 1)[-1]
                request = urllib.request.Request(  # noqa: S310 (loopback test server)
                    f"{proxy.target}{path}", data=body or None, method=self.command
                )
                for header in ("Content-Type", "Authorization", "X-Experience-API-Version"):
                    if self.headers.get(header):
                        request.add_header(header, self.headers[header])
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
                        status, content = response.status, response.read()
                except urllib.error.HTTPError as error:
                    status, content = error.code, error.read()
                if mode == "lose_response":
                    return self._answer(502, b'{"message": "bad gateway"}')
                return self._answer(status, content)

            def _answer(self, status: int, content: bytes):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                except OSError:
                    pass  # the client gave up waiting (the "hang" mode)

            do_GET = do_POST = do_PUT = _handle

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        # A short poll interval: shutdown() waits for the serving loop to notice, up to one interval (0.5 s by default).
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def faulty_lrs(lrs, settings):
    """The test LRS behind a proxy whose `mode` the test sets; XAPI_ENDPOINT points at the proxy."""
    proxy = FaultyProxy(lrs.endpoint)
    settings.XAPI_ENDPOINT = proxy.endpoint
    settings.XAPI_TIMEOUT = 1.0
    yield proxy
    proxy.close()
