"""Issue 9: learners browsing modules and answering scenarios under locust (headless, loopback only, bounded in
time) against gunicorn on PostgreSQL with Redis, three times: alone; while HR reruns the department × course
completion report over a generated organisation of 20,000 people every 1–3 s; and, for information, while the report
runs back to back with no pause. Needs requirements-bench.txt (locust)."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests

from bench.run import Result
from bench.support import PYTHON, ROOT, env_for, fresh_database, gunicorn, manage, percentile

NAME = "Learners under locust, with and without an HR report running (issue 9)"
REPORT_URL = "/admin/learning-reports/completion/results/"
ORGANISATION = 20_000  # generated people (bench/management/commands/generate_load_data.py) the HR report covers
LEARNER_THINK = "3,10"  # seconds a learner spends on a page before the next click (see bench/locustfile.py)
# HR reruns the report every 1–3 s: faster than anyone reads a report, slow enough to be one person at a desk.
HR_THINK = (1.0, 3.0)
SETUP = r"""
import json
from django.db import transaction
from bench.learners import bench_user, session_for
from courses.models import CoursePage, ModulePage
from quizzes import exceptions as quiz_errors, services as quiz_services
from people.roles import HR
from quizzes.models import ScenarioPage


def person(email, group=""):
    return bench_user(email, password="bench-load-password", group=group)


class Probe(Exception):
    pass


# Whether `user` may start `page` now (a paced module may not have opened yet); the probe attempt is rolled back.
def open_to(user, page):
    try:
        with transaction.atomic():
            quiz_services.start_attempt(user=user, page=page)
            raise Probe
    except Probe:
        return True
    except (quiz_errors.QuizLocked, quiz_errors.QuizNotAvailable, quiz_errors.NoAttemptsLeft):
        return False


learners = [person(f"bench.load{n}@tarnwick.example") for n in range(LEARNERS)]
sessions = [session_for(learner) for learner in learners]
course = CoursePage.objects.live().first()
module = ModulePage.objects.live().descendant_of(course).first()
print(json.dumps({
    "sessions": sessions,
    "hr": session_for(person("bench.hr@tarnwick.example", HR)),
    "pages": [p.pk for p in ScenarioPage.objects.live() if open_to(learners[0], p)],
    "course": course.url,
    "module": module.url,
}))
"""
COUNT = r"""
import json
from quizzes.models import Decision
print(json.dumps({"decisions": Decision.objects.filter(attempt__user__email__startswith="bench.load").count()}))
"""


def _locust(base: str, env: dict[str, str], users: int, seconds: int, workdir: Path, label: str) -> dict:
    """One headless locust run; returns the aggregated figures and the learners' accepted answers."""
    accepted_file = workdir / f"{label}-accepted.json"
    prefix = workdir / label
    finished = subprocess.run(  # noqa: S603 - our own locustfile against our own loopback server
        [
            PYTHON,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(users // 20, 1)),  # learners arrive over the first 20 s
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**env, "SW_LOAD_ACCEPTED": str(accepted_file)},
        check=False,
        timeout=seconds + 120,
        capture_output=True,
    )
    if not Path(f"{prefix}_stats.csv").exists():
        raise RuntimeError(f"locust wrote no statistics:\n{finished.stdout}\n{finished.stderr}")
    with open(f"{prefix}_stats.csv") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total = rows["Aggregated"]
    requests_made = int(total["Request Count"])
    return {
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
        "requests": requests_made,
        "throughput": float(total["Requests/s"]),
        "errors": int(total["Failure Count"]) / max(requests_made, 1) * 100,
        "accepted": json.loads(accepted_file.read_text())["answers"] if accepted_file.exists() else 0,
        "by_request": {
            name: {"requests": int(row["Request Count"]), "p50": float(row["50%"]), "p95": float(row["95%"])}
            for name, row in rows.items()
            if name != "Aggregated"
        },
    }


def _warm_up(base: str, setup: dict) -> None:
    """A deployed site is warm: import every view and template in each gunicorn worker before measuring."""
    http = requests.Session()
    http.cookies.set("sessionid", setup["sessions"][-1], domain="127.0.0.1")
    for _ in range(20):
        for path in ("/learning/", setup["course"], setup["module"]):
            http.get(f"{base}{path}", timeout=60)


def _hr_reports(base: str, session_key: str, pause: tuple[float, float], stop: threading.Event, seen: list) -> None:
    """HR reruns the completion report until `stop`, pausing `pause` seconds (uniform) between runs; (0, 0) runs
    them back to back. Records (status, seconds) per report."""
    http = requests.Session()
    http.cookies.set("sessionid", session_key, domain="127.0.0.1")
    rng = random.Random(9)  # noqa: S311 - pacing only
    while not stop.is_set():
        started = time.perf_counter()
        status = http.get(f"{base}{REPORT_URL}", timeout=60, allow_redirects=False).status_code
        seen.append((status, time.perf_counter() - started))
        if pause[1]:
            stop.wait(rng.uniform(*pause))


def _with_hr(base, locust_env, users, seconds, workdir, label, session_key, pause) -> tuple[dict, list]:
    stop, seen = threading.Event(), []
    hr = threading.Thread(target=_hr_reports, args=(base, session_key, pause, stop, seen))
    hr.start()
    try:
        return _locust(base, locust_env, users, seconds, workdir, label), seen
    finally:
        stop.set()
        hr.join(timeout=90)


def run(ctx) -> list[Result]:
    database = ctx.database_url  # the scratch database make bench was pointed at, never one of our choosing
    env = env_for(database, ctx.redis_url, DJANGO_SETTINGS_MODULE="bench.settings")
    fresh_database(database)
    manage(["seed_demo"], env)
    users = 50 if ctx.quick else 200
    seconds = 30 if ctx.quick else 120
    setup = json.loads(
        manage(["shell", "-c", SETUP.replace("LEARNERS", str(users))], env).stdout.strip().splitlines()[-1]
    )
    # The HR report covers a generated organisation of this size, so each run of it is real work for the database.
    organisation = 2_000 if ctx.quick else ORGANISATION
    manage(["generate_load_data", "--learners", str(organisation), "--modules", "20"], env)
    with tempfile.TemporaryDirectory(prefix="sw_load_") as tmp:
        workdir = Path(tmp)
        setup_file = workdir / "setup.json"
        setup_file.write_text(json.dumps(setup))
        locust_env = {**env, "SW_LOAD_SETUP": str(setup_file), "SW_LOAD_THINK": LEARNER_THINK}
        with gunicorn(env, workers=4, threads=4) as base:
            _warm_up(base, setup)
            alone = _locust(base, locust_env, users, seconds, workdir, "alone")
            with_hr, reports = _with_hr(base, locust_env, users, seconds, workdir, "with-hr", setup["hr"], HR_THINK)
            flood, flood_reports = _with_hr(base, locust_env, users, seconds, workdir, "flood", setup["hr"], (0, 0))
    decisions = json.loads(manage(["shell", "-c", COUNT], env).stdout.strip().splitlines()[-1])["decisions"]
    accepted = alone["accepted"] + with_hr["accepted"] + flood["accepted"]
    increase = (with_hr["p95"] - alone["p95"]) / alone["p95"] * 100 if alone["p95"] else 0.0
    flood_increase = (flood["p95"] - alone["p95"]) / alone["p95"] * 100 if alone["p95"] else 0.0
    reports_ok = bool(reports) and all(status == 200 for status, _ in reports)
    report_seconds = sorted(elapsed for _, elapsed in reports)
    name = "load"
    return [
        Result(
            name,
            "learners",
            users,
            "",
            details={"seconds per run": seconds, "learner think time (s)": LEARNER_THINK, "organisation": organisation},
        ),
        Result(name, "requests", alone["requests"], ""),
        Result(name, "throughput", alone["throughput"], "req/s"),
        Result(name, "p95", alone["p95"], "ms", goal="≤ 500 ms", ok=alone["p95"] <= 500, details=alone["by_request"]),
        Result(name, "p99", alone["p99"], "ms", goal="≤ 1000 ms", ok=alone["p99"] <= 1000),
        Result(name, "errors", alone["errors"], "%", goal="< 0.1 %", ok=alone["errors"] < 0.1),
        Result(
            name,
            "Decision rows per accepted answer",
            decisions / max(accepted, 1),
            "",
            goal="exactly 1",
            ok=accepted > 0 and decisions == accepted,
            details={"decisions": decisions, "accepted": accepted},
        ),
        Result(name, "p95 with HR report running", with_hr["p95"], "ms", details=with_hr["by_request"]),
        Result(name, "p99 with HR report running", with_hr["p99"], "ms"),
        Result(
            name, "errors with HR report running", with_hr["errors"], "%", goal="< 0.1 %", ok=with_hr["errors"] < 0.1
        ),
        Result(
            name,
            "HR reports served",
            len(reports),
            "",
            goal="all 200",
            ok=reports_ok,
            details={
                "statuses": sorted({status for status, _ in reports}),
                "HR pause between reports (s)": HR_THINK,
                "report p50 (s)": percentile(report_seconds, 50),
                "report p95 (s)": percentile(report_seconds, 95),
            },
        ),
        Result(name, "learners' p95 increase with HR report", increase, "%", goal="≤ 30 %", ok=increase <= 30),
        Result(
            name,
            "learners' p95 increase with reports back to back",
            flood_increase,
            "%",
            details={
                "p95": flood["p95"],
                "p99": flood["p99"],
                "errors (%)": flood["errors"],
                "reports served": len(flood_reports),
                "why no goal": "one client rerunning a report with no pause keeps one of the two cores busy by itself",
            },
        ),
    ]
