"""Issue 5: simulated learners answering scenario steps over real HTTP against gunicorn on PostgreSQL, beside a
baseline view that does one INSERT, measured in the same run. Loopback only; bounded in time and in requests."""

from __future__ import annotations

import json
import random
import threading
import time

import requests

from bench.learners import step_form
from bench.run import Result
from bench.support import env_for, fresh_database, gunicorn, manage, percentile

NAME = "Scenario answers under load (issue 5)"
LEARNERS = 200
SETUP = r"""
import json
from django.db import connection
from bench.learners import bench_user, session_for
from quizzes.models import ScenarioPage

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial primary key, created_at timestamptz)")
sessions = [
    session_for(bench_user(f"bench.learner{n}@tarnwick.example", password="bench-learner-password"))
    for n in range(LEARNERS)
]
pages = [p.pk for p in ScenarioPage.objects.live()]
print(json.dumps({"sessions": sessions, "pages": pages}))
"""
COUNT = r"""
import json
from django.db import connection
from quizzes.models import Decision
print(json.dumps({
    "decisions": Decision.objects.filter(attempt__user__email__startswith="bench.learner").count(),
    "baseline": connection.cursor().execute("SELECT count(*) FROM bench_baseline").fetchone()[0],
}))
"""


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors = 0
        self.accepted = 0
        self.requests = 0

    def add(self, seconds: float, ok: bool, accepted: bool = False) -> None:
        with self.lock:
            self.requests += 1
            self.latencies.append(seconds)
            if not ok:
                self.errors += 1
            if accepted:
                self.accepted += 1


def _learner(base: str, session_key: str, pages: list[int], stop: float, stats: Stats, rng: random.Random) -> None:
    http = requests.Session()
    http.cookies.set("sessionid", session_key, domain="127.0.0.1")
    while time.monotonic() < stop:
        page_id = rng.choice(pages)
        response = http.get(f"{base}/learning/", timeout=30)
        token = http.cookies.get("csrftoken") or ""
        response = http.post(
            f"{base}/quizzes/{page_id}/start/",
            data={"csrfmiddlewaretoken": token},
            timeout=30,
            headers={"Referer": base},
        )
        for _step in range(12):
            if time.monotonic() >= stop or "/result/" in response.url:
                break
            form = step_form(response.text)
            if form is None:
                break
            attempt_url = response.url.rstrip("/")
            started = time.perf_counter()
            try:
                answer = http.post(
                    f"{attempt_url}/answer/",
                    data=form.answer(rng.choice(form.choices)),
                    allow_redirects=False,
                    timeout=30,
                    headers={"Referer": base},
                )
            except requests.RequestException:
                stats.add(time.perf_counter() - started, False)  # a dropped connection is an error, not a crash
                break
            elapsed = time.perf_counter() - started
            ok = answer.status_code == 302 and "/feedback/" in answer.headers.get("Location", "")
            stats.add(elapsed, ok, accepted=ok)
            if not ok:
                break
            response = http.get(f"{attempt_url}/", timeout=30)


def _baseline(base: str, stop: float, stats: Stats) -> None:
    http = requests.Session()
    while time.monotonic() < stop:
        started = time.perf_counter()
        try:
            ok = http.post(f"{base}/bench/baseline", timeout=30).status_code == 200
        except requests.RequestException:
            ok = False  # counted, and the client goes on as a browser would
        stats.add(time.perf_counter() - started, ok)


def _run_threads(target, args_list) -> None:
    threads = [threading.Thread(target=target, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run(ctx) -> list[Result]:
    database = ctx.database_url  # the scratch database make bench was pointed at, never one of our choosing
    env = env_for(database, ctx.redis_url, DJANGO_SETTINGS_MODULE="bench.settings")
    fresh_database(database)
    manage(["seed_demo"], env)
    learners = 50 if ctx.quick else LEARNERS
    seconds = 30 if ctx.quick else 120
    setup = json.loads(
        manage(["shell", "-c", SETUP.replace("LEARNERS", str(learners))], env).stdout.strip().splitlines()[-1]
    )
    quiz, base_stats = Stats(), Stats()
    with gunicorn(env, workers=4, threads=4) as base:
        stop = time.monotonic() + seconds / 4
        _run_threads(_baseline, [(base, stop, base_stats) for _ in range(learners)])
        stop = time.monotonic() + seconds
        _run_threads(
            _learner,
            [(base, key, setup["pages"], stop, quiz, random.Random(n)) for n, key in enumerate(setup["sessions"])],  # noqa: S311
        )
    counts = json.loads(manage(["shell", "-c", COUNT], env).stdout.strip().splitlines()[-1])
    p95, base_p95 = percentile(quiz.latencies, 95), percentile(base_stats.latencies, 95)
    error_rate = quiz.errors / max(quiz.requests, 1)
    name = "quiz_load"
    return [
        Result(name, "learners", learners, "", details={"seconds": seconds}),
        Result(name, "answers accepted", quiz.accepted, ""),
        Result(name, "answer p50", percentile(quiz.latencies, 50) * 1000, "ms"),
        Result(name, "answer p95", p95 * 1000, "ms"),
        Result(name, "answer p99", percentile(quiz.latencies, 99) * 1000, "ms"),
        Result(name, "baseline (one INSERT) p50", percentile(base_stats.latencies, 50) * 1000, "ms"),
        Result(name, "baseline p95", base_p95 * 1000, "ms"),
        Result(name, "answer p95 / baseline p95", p95 / base_p95 if base_p95 else 0, "×"),
        Result(name, "baseline errors", base_stats.errors / max(base_stats.requests, 1) * 100, "%"),
        Result(name, "answer errors", error_rate * 100, "%", goal="< 0.1 %", ok=error_rate < 0.001),
        Result(
            name,
            "answer rows per accepted decision",
            counts["decisions"] / max(quiz.accepted, 1),
            "",
            goal="exactly 1",
            ok=counts["decisions"] == quiz.accepted,
            details=counts,
        ),
    ]
