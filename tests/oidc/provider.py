"""A real OpenID Connect provider for the single sign-on tests: panva's certified `oidc-provider` from npm, pinned in
tests/oidc/package.json, installed on first use into the user's cache folder (one folder per package.json and
server script, so a fresh clone, as in CI, finds it installed) and started by server.mjs on a free loopback port.
Tests give it accounts with whatever claims a case needs, and Chromium signs in on its login page."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import require
from tests.node_peers import npm_install

HERE = Path(__file__).parent
PACKAGE_JSON = HERE / "package.json"
SCRIPT = HERE / "server.mjs"
# Outside the work tree: every CI run starts from a fresh clone.
INSTALL_DIR = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "socialwise"
    / f"test-oidc-provider-{hashlib.sha256(PACKAGE_JSON.read_bytes()).hexdigest()[:16]}"
)
PACKAGE = INSTALL_DIR / "node_modules" / "oidc-provider" / "package.json"
CLIENT_ID, CLIENT_SECRET = "socialwise-tests", "test-client-secret-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def install() -> Path:
    """Install the pinned provider once per machine; returns the server script's path inside the install folder (an
    ES module finds its packages next to itself, not in the working directory)."""
    npm_install(PACKAGE_JSON, INSTALL_DIR, ready=PACKAGE, what="the test OpenID provider (tests/oidc)")
    script = INSTALL_DIR / "server.mjs"
    if not script.exists() or script.read_bytes() != SCRIPT.read_bytes():
        # Written beside it and renamed: a parallel test process (pytest-xdist) never starts a half-written script.
        partial = script.with_name(f".server.mjs.{os.getpid()}")
        partial.write_bytes(SCRIPT.read_bytes())
        partial.replace(script)
    return script


@dataclass
class TestProvider:
    """The running provider: its issuer URL and its accounts."""

    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    accounts: dict = field(default_factory=dict)

    def account(self, login: str, *, amr: list[str] | None = None, acr: str | None = None, **claims) -> str:
        """Create or replace the account `login` (its `sub`) with these claims; `None` leaves a claim out."""
        body = {"claims": claims, **({"amr": amr} if amr else {}), **({"acr": acr} if acr else {})}
        request = urllib.request.Request(  # noqa: S310 (loopback test server)
            f"{self.issuer}/__test__/accounts/{login}",
            data=json.dumps(body).encode(),
            method="PUT",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10):  # noqa: S310 (loopback test server)
            pass
        self.accounts[login] = body
        return login


def start(tmp_path: Path, *, redirect_uris: list[str], post_logout_redirect_uris: list[str], end_session: bool = True):
    """Start a provider; returns (process, TestProvider). The caller terminates the process."""
    script = install()
    port = free_port()
    config = tmp_path / f"oidc-{port}.json"
    config.write_text(
        json.dumps(
            {
                "port": port,
                "end_session": end_session,
                "client": {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": redirect_uris,
                    "post_logout_redirect_uris": post_logout_redirect_uris,
                },
                "accounts": {},
            }
        )
    )
    process = subprocess.Popen(
        ["node", str(script), str(config)],
        cwd=INSTALL_DIR,
        env={"PATH": os.environ.get("PATH", ""), "NODE_ENV": "test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []  # warnings, then "listening <issuer>"; or the error that stopped it
    for line in process.stdout:
        if line.startswith("listening "):
            break
        output.append(line)
    else:
        process.kill()
        require(False, f"the test OpenID provider did not start: {''.join(output)[-2000:]}")
    # Keep reading its output so a full pipe never blocks it; the tests read nothing more.
    import threading

    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    return process, TestProvider(issuer=line.split(" ", 1)[1].strip())


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def oidc_install():
    return install()
