"""Issue 9, items 3 and 4: the site against real failures. A private PostgreSQL cluster of our own is stopped and
started under traffic, and gunicorn workers are killed in the middle of quiz submits. Nothing here touches the test
database or the shared PostgreSQL server: gunicorn runs against a private cluster of the module's own (conftest.py
prepares it in the background while the rest of the suite runs)."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import threading
import time
from pathlib import Path

from django.db import connection

import pytest
import requests

from bench.learners import step_form
from bench.support import gunicorn, manage
from tests.conftest import require
from tests.resilience.cluster import server_env

pytestmark = [pytest.mark.services, pytest.mark.slow]

CLIENT_TIMEOUT = 5
NEEDS_POSTGRESQL = "the resilience tests need PostgreSQL (DATABASE_URL=postgres://…)"


def _status(http: requests.Session, url: str) -> int | None:
    """The status code of a GET, or None when the connection failed; a hang beyond the client timeout raises."""
    try:
        return http.get(url, timeout=CLIENT_TIMEOUT, allow_redirects=False).status_code
    except requests.ConnectionError:
        return None


def test_the_site_answers_503_while_postgresql_is_down_and_recovers_without_a_restart(cluster, migrated_database):
    require(connection.vendor == "postgresql", NEEDS_POSTGRESQL)
    env = server_env(migrated_database)
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
from bench.learners import session_for
from people.models import User
from quizzes.models import ScenarioPage
from tests.factories.courses import make_course, make_module
from tests.factories.quizzes import demo_scenarios, make_demo_scenario

module = make_module(make_course(title="Crisis response"), title="Scenarios")
for code in sorted(demo_scenarios()):
    make_demo_scenario(module, code)

sessions = [
    session_for(User.objects.get_or_create(email=f"resilience.learner{n}@tarnwick.example")[0]) for n in range(4)
]
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
                form = step_form(response.text)
                if time.monotonic() >= stop or form is None:
                    break
                attempt_url = response.url.rstrip("/")
                answer = http.post(
                    f"{attempt_url}/answer/",
                    data=form.answer(rng.choice(form.choices)),
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
    env = server_env(migrated_database)
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
