"""The goals and return report on PostgreSQL at 50 objectives × 3 years of weekly values (issue 23), against
figures measured in the same run:

* the report page as HR (every objective's series, marks, comparison, investment, chart and table): under 200 ms
  (median of 5 after one warm-up);
* the same number of queries with 5 objectives and with 50 (the report's selectors read each kind of row once);
* for information, the CPU time the page took in the Django process (wall time on a loaded machine is mostly
  waiting: compare this figure between runs), the load average, the page with 5 objectives, and the ratio of the two
  (the cost grows with the values drawn, not with queries).

The data is made in the probe process with bulk inserts: 10 departments of 20 people each, a course of six modules
every objective relies on (completed by half of each department), module time spread over the last two years (so each
objective has a month-by-month investment table), and 156 weekly values per objective. The probe checks that the page
shows every objective with its chart before it times anything: a page that left them out would be fast for nothing."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

from bench.run import Context, Result
from bench.support import PYTHON, ROOT, env_for, fresh_database

NAME = "goals"
OBJECTIVES = 50
SMALL_OBJECTIVES = 5
WEEKS = 156
DEPARTMENTS = 10
PEOPLE_PER_DEPARTMENT = 20
MODULES = 6
REPEATS = 5
GOAL_MS = 200
HR_EMAIL = "hr@goals-bench.example"
URL = "/admin/goals/report/"


def run(ctx: Context) -> list[Result]:
    fresh_database(ctx.database_url)
    env = env_for(ctx.database_url, ALLOWED_HOSTS="testserver,127.0.0.1,localhost")
    result = subprocess.run(  # noqa: S603 - this module, with our own arguments
        [PYTHON, "-m", "bench.goals", "--probe"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    if result.returncode != 0:
        raise RuntimeError(f"goals probe failed:\n{result.stdout}\n{result.stderr}")
    return results_from(json.loads(result.stdout.strip().splitlines()[-1]))


def results_from(figures: dict) -> list[Result]:
    """The verdicts on the probe's figures: over 200 ms, or more queries at 50 objectives than at 5, fails."""
    return [
        Result(
            benchmark=NAME,
            metric=f"report page, {OBJECTIVES} objectives × {WEEKS} weekly values (HR)",
            value=figures["big_ms"],
            unit="ms",
            goal=f"< {GOAL_MS} ms",
            ok=figures["big_ms"] < GOAL_MS,
            details={
                "runs_ms": figures["big_runs"],
                "values": figures["values"],
                "bytes": figures["bytes"],
                "load_average": figures["load"],
            },
        ),
        Result(
            benchmark=NAME,
            metric="… of which CPU time in the Django process (median; the rest is waiting for PostgreSQL or the CPU)",
            value=figures["big_cpu_ms"],
            unit="ms",
        ),
        Result(
            benchmark=NAME,
            metric=f"queries for the report at {SMALL_OBJECTIVES} and {OBJECTIVES} objectives",
            value=figures["big_queries"],
            unit="queries",
            goal="the same at both sizes",
            ok=figures["big_queries"] == figures["small_queries"],
            details={"at_small": figures["small_queries"], "at_large": figures["big_queries"]},
        ),
        Result(
            benchmark=NAME,
            metric=f"… the page at {SMALL_OBJECTIVES} objectives, and {OBJECTIVES} against it",
            value=figures["big_ms"] / max(figures["small_ms"], 0.001),
            unit="×",
            details={"small_ms": figures["small_ms"]},
        ),
    ]


# --- The probe: runs inside a Django process on the benchmark database ----------------------------------------------
def _make_data(objectives: int) -> None:
    from datetime import timedelta
    from decimal import Decimal
    from random import Random

    from django.contrib.auth.models import Group
    from django.db.models import F
    from django.utils import timezone

    from courses.models import CourseIndexPage, CoursePage, Enrolment, ModulePage, ModuleProgress
    from goals.models import HourlyCost, MetricValue, Objective
    from people.models import Department, Profile, User

    rng = Random(23)  # noqa: S311 (made-up bench data, not a secret)
    today = timezone.localdate()
    course = CoursePage.objects.filter(slug="goals-bench").first()
    if course is None:
        course = CoursePage(title="Every function is on social", slug="goals-bench", summary="Bench.", live=True)
        CourseIndexPage.objects.get().add_child(instance=course)
        for m in range(MODULES):
            course.add_child(instance=ModulePage(title=f"Module {m}", slug=f"m{m}", summary="Bench.", minutes=6))
    if not User.objects.filter(email=HR_EMAIL).exists():
        hr = User.objects.create_user(email=HR_EMAIL, password="bench-goals-password")  # noqa: S106
        hr.groups.add(Group.objects.get(name="HR"))
        now = timezone.now()
        modules = list(ModulePage.objects.child_of(course))
        for d in range(DEPARTMENTS):
            department = Department.objects.create(name=f"Team {d}", code=f"GB{d}")
            HourlyCost.objects.create(department=department, amount=Decimal(25 + d))
            users = User.objects.bulk_create(
                User(email=f"p{d}-{i}@goals-bench.example", first_name="P", last_name=f"{d}-{i}")
                for i in range(PEOPLE_PER_DEPARTMENT)
            )
            Profile.objects.bulk_create(Profile(user=u, department=department) for u in users)
            enrolments = Enrolment.objects.bulk_create(
                Enrolment(
                    user=u,
                    course=course,
                    enrolled_at=now - timedelta(days=400),
                    completed_at=now - timedelta(days=rng.randint(10, 300)) if i % 2 else None,
                )
                for i, u in enumerate(users)
            )
            ModuleProgress.objects.bulk_create(
                ModuleProgress(
                    enrolment=enrolment,
                    module=module,
                    started_at=now - timedelta(days=rng.randint(1, 720)),
                    time_spent_seconds=rng.randint(300, 1800),
                )
                for enrolment in enrolments
                for module in modules
            )
        ModuleProgress.objects.update(updated_at=F("started_at"))  # the month the time was spent in
    hr = User.objects.get(email=HR_EMAIL)
    departments = list(Department.objects.filter(code__startswith="GB").order_by("code"))
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=WEEKS - 1)
    for n in range(Objective.objects.count(), objectives):
        objective = Objective.objects.create(
            title=f"Objective {n}",
            department=departments[n % len(departments)],
            metric="calls per week",
            unit="calls",
            direction="lower" if n % 2 else "higher",
            frequency="week",
            baseline_value=Decimal(1000),
            baseline_from=first,
            baseline_to=first + timedelta(weeks=12),
            target_value=Decimal(800),
            review_on=today + timedelta(days=90),
            created_by=hr,
        )
        objective.courses.set([course])
        MetricValue.objects.bulk_create(
            MetricValue(
                objective=objective,
                period_start=first + timedelta(weeks=w),
                value=Decimal(1000 - w + rng.randint(-80, 80)),
                source="bench",
            )
            for w in range(WEEKS)
        )


def _measure() -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from goals.models import Objective
    from people.models import User

    client = Client()
    client.force_login(User.objects.get(email=HR_EMAIL))

    def page():
        response = client.get(URL)
        if response.status_code != 200:
            raise RuntimeError(f"{URL} answered {response.status_code}")
        return response

    check_page(page().content.decode(), objectives=Objective.objects.count())  # and a warm-up, as a visited page
    runs, cpu = [], []
    for _ in range(REPEATS):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = page()
        runs.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        page()
    return {
        "ms": statistics.median(runs),
        "runs": [round(r, 1) for r in runs],
        "cpu_ms": statistics.median(cpu),
        "queries": len(queries.captured_queries),
        "bytes": len(response.content),
    }


def check_page(html: str, *, objectives: int) -> None:
    """Raise unless the page shows every objective with its chart and its learning invested month by month."""
    for what, marker in (
        ("section", 'class="sw-goal"'),
        ("chart", 'class="sw-chart__line"'),
        ("investment", "hours in all"),
        ("month table", 'class="listing" aria-labelledby="objective-'),
    ):
        if html.count(marker) < objectives:
            raise RuntimeError(f"{URL} shows {html.count(marker)} of the {objectives} objectives' {what}s")


def _probe() -> dict:
    from goals.models import MetricValue

    _make_data(SMALL_OBJECTIVES)
    small = _measure()
    _make_data(OBJECTIVES)
    big = _measure()
    return {
        "small_ms": small["ms"],
        "small_queries": small["queries"],
        "big_ms": big["ms"],
        "big_runs": big["runs"],
        "big_cpu_ms": big["cpu_ms"],
        "big_queries": big["queries"],
        "bytes": big["bytes"],
        "values": MetricValue.objects.count(),
        "load": os.getloadavg(),
    }


def _main(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    print(json.dumps(_probe()))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
