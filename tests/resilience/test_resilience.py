"""Issue 9, items 3 and 4: the site against real failures. A private PostgreSQL cluster of our own is stopped and
started under traffic, and gunicorn workers are killed in the middle of quiz submits. Nothing here touches the test
database or the shared PostgreSQL server: gunicorn runs against a private cluster started for this module."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from django.db import connection

import pytest
import requests

from bench.support import env_for, free_port, gunicorn, manage
from tests.conftest import require

pytestmark = [pytest.mark.services, pytest.mark.slow]

CLIENT_TIMEOUT = 5
NEEDS_POSTGRESQL = "the resilience tests need PostgreSQL (DATABASE_URL=postgres://…)"


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    return shutil.which(name) or name


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class PrivateCluster:
    """A throwaway PostgreSQL cluster in a temporary directory on a free loopback port."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.port = free_port()

    def _run(self, *args: str, timeout: int = 60) -> None:
        subprocess.run(_as_postgres(list(args)), check=True, capture_output=True, timeout=timeout)

    def init(self) -> None:
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} -F"
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="module")
def cluster():
    if connection.vendor != "postgresql":
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="sw_resil_"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    private = PrivateCluster(root)
    private.init()
    private.start()
    try:
        yield private
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            private.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def migrated_database(cluster) -> str | None:
    """One database in the private cluster, migrated once for this module. It holds what the migrations make (the
    site, its home page, the roles); the quiz test adds the scenarios it plays. Neither test needs the whole demo."""
    if cluster is None:
        return None
    database = cluster.create_database("sw_resil")
    manage(["migrate", "--noinput", "-v", "0"], _server_env(database), timeout=300)
    return database


def _server_env(database_url: str) -> dict[str, str]:
    return env_for(database_url, "", DJANGO_SETTINGS_MODULE="bench.settings")


def _status(http: requests.Session, url: str) -> int | None:
    """The status code of a GET, or None when the connection failed; a hang beyond the client timeout raises."""
    try:
        return http.get(url, timeout=CLIENT_TIMEOUT, allow_redirects=False).status_code
    except requests.ConnectionError:
        return None


def test_the_site_answers_503_while_postgresql_is_down_and_recovers_without_a_restart(cluster, migrated_database):
    require(connection.vendor == "postgresql", NEEDS_POSTGRESQL)
    env = _server_env(migrated_database)
    http = requests.Session()
    with gunicorn(env, workers=2) as base:
        pages = [f"{base}/healthz", f"{base}/accounts/login/"]
        assert [_status(http, url) for url in pages] == [200, 200]

        cluster.stop()
        stopped = time.monotonic()
        while time.monotonic() - stopped < 4:
            for url in pages:
                started = time.monotonic()
                status = _status(http, url)
                assert time.monotonic() - started < CLIENT_TIMEOUT
                assert status is not None, f"gunicorn stopped answering {url} while PostgreSQL was down"
                assert status >= 500, f"{url} answered {status} while PostgreSQL was down"
            time.sleep(0.2)
        assert _status(http, f"{base}/healthz") == 503

        cluster.start()
        restarted = time.monotonic()
        answers: list[int | None] = []
        while time.monotonic() - restarted < 10:
            answers = [_status(http, url) for url in pages * 2]
            if answers == [200] * len(answers):
                break
            time.sleep(0.3)
        assert answers == [200] * len(answers), f"not healthy 10 s after PostgreSQL came back: {answers}"


# The demo's four scenarios, published under one module, and four signed-in learners.
SETUP_LEARNER = r"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from people.models import User
from quizzes.models import ScenarioPage
from tests.factories.courses import make_course, make_module
from tests.factories.quizzes import demo_scenarios, make_demo_scenario

module = make_module(make_course(title="Crisis response"), title="Scenarios")
for code in sorted(demo_scenarios()):
    make_demo_scenario(module, code)

sessions = []
for n in range(4):
    user, _ = User.objects.get_or_create(email=f"resilience.learner{n}@tarnwick.example")
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
print(json.dumps({"sessions": sessions, "pages": [p.pk for p in ScenarioPage.objects.live()]}))
"""

CHECK_ATTEMPTS = r"""
import json
from django.db.models import Count, Max
from quizzes.models import Attempt
rows = [
    {"id": a.pk, "position": a.position, "decisions": a.n, "last": a.last}
    for a in Attempt.objects.filter(user__email__startswith="resilience.learner").annotate(
        n=Count("decisions"), last=Max("decisions__sequence")
    )
]
print(json.dumps(rows))
"""


def _learner(base: str, session_key: str, pages: list[int], stop: float, accepted: list[int], seed: int) -> None:
    from bench.quiz_load import CHOICES, SEQUENCE, TOKEN

    rng = random.Random(seed)
    http = requests.Session()
    http.cookies.set("sessionid", session_key, domain="127.0.0.1")
    while time.monotonic() < stop:
        try:
            http.get(f"{base}/learning/", timeout=CLIENT_TIMEOUT)
            response = http.post(
                f"{base}/quizzes/{rng.choice(pages)}/start/",
                data={"csrfmiddlewaretoken": http.cookies.get("csrftoken") or ""},
                timeout=CLIENT_TIMEOUT,
                headers={"Referer": base},
            )
            for _step in range(12):
                html = response.text
                sequence, choices, token = SEQUENCE.search(html), CHOICES.findall(html), TOKEN.search(html)
                if time.monotonic() >= stop or not (sequence and choices and token):
                    break
                attempt_url = response.url.rstrip("/")
                answer = http.post(
                    f"{attempt_url}/answer/",
                    data={
                        "csrfmiddlewaretoken": token.group(1),
                        "sequence": sequence.group(1),
                        "choice": rng.choice(choices),
                    },
                    allow_redirects=False,
                    timeout=CLIENT_TIMEOUT,
                    headers={"Referer": base},
                )
                if answer.status_code == 302:
                    accepted.append(1)
                response = http.get(f"{attempt_url}/", timeout=CLIENT_TIMEOUT)
        except requests.RequestException:
            time.sleep(0.05)  # the worker serving us was killed: carry on with the next request


def _worker_pids(master: int) -> list[int]:
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            if int(fields.get("PPid", "0").strip()) == master:
                pids.append(int(status.parent.name))
    return pids


def _gunicorn_master(port_base: str) -> int:
    port = port_base.rsplit(":", 1)[1]
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            args = cmdline.read_bytes().split(b"\0")
            if b"gunicorn" in b" ".join(args) and f"127.0.0.1:{port}".encode() in args:
                pid = int(cmdline.parent.name)
                if int(_ppid(pid)) == os.getpid():
                    return pid
    raise AssertionError("gunicorn master not found")


def _ppid(pid: int) -> str:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("PPid:"):
            return line.split()[1]
    return "0"


def test_killing_a_gunicorn_worker_during_quiz_submits_leaves_no_half_written_attempt(migrated_database):
    require(connection.vendor == "postgresql", NEEDS_POSTGRESQL)
    env = _server_env(migrated_database)
    setup = json.loads(manage(["shell", "-c", SETUP_LEARNER], env).stdout.strip().splitlines()[-1])
    assert len(setup["pages"]) == 4, setup["pages"]
    accepted: list[int] = []
    killed = 0
    with gunicorn(env, workers=2, threads=2) as base:
        master = _gunicorn_master(base)
        stop = time.monotonic() + 12
        threads = [
            threading.Thread(target=_learner, args=(base, key, setup["pages"], stop, accepted, n))
            for n, key in enumerate(setup["sessions"])
        ]
        for thread in threads:
            thread.start()
        for _round in range(4):
            time.sleep(2.0)
            workers = _worker_pids(master)
            if workers:
                os.kill(random.choice(workers), signal.SIGKILL)
                killed += 1
        for thread in threads:
            thread.join(timeout=30)
    assert killed == 4
    assert accepted, "no answer was accepted at all"
    attempts = json.loads(manage(["shell", "-c", CHECK_ATTEMPTS], env).stdout.strip().splitlines()[-1])
    assert attempts
    half_written = [a for a in attempts if a["decisions"] != a["position"] or (a["last"] or -1) >= a["position"]]
    assert half_written == []
