"""The goals and return report on PostgreSQL at 50 objectives × 3 years of weekly values (issue 23), against
figures measured in the same run:

* the report page as HR (every objective's series, marks, comparison, investment, chart and table): under 200 ms
  (median of 5 after one warm-up);
* the same number of queries with 5 objectives and with 50 (the report's selectors read each kind of row once);
* for information, the page with 5 objectives, and the ratio of the two (the cost grows with the values drawn, not
  with queries).

The data is made in the probe process with bulk inserts: 10 departments of 20 people each, a course every
objective relies on (completed by half of each department), module time, and 156 weekly values per objective."""

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
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return [
        Result(
            benchmark=NAME,
            metric=f"report page, {OBJECTIVES} objectives × {WEEKS} weekly values (HR)",
            value=figures["big_ms"],
            unit="ms",
            goal=f"< {GOAL_MS} ms",
            ok=figures["big_ms"] < GOAL_MS,
            details={"runs_ms": figures["big_runs"], "values": figures["values"], "bytes": figures["bytes"]},
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
    from django.utils import timezone

    from courses.models import CourseIndexPage, CoursePage, Enrolment
    from goals.models import HourlyCost, MetricValue, Objective
    from people.models import Department, Profile, User

    rng = Random(23)  # noqa: S311 (made-up bench data, not a secret)
    today = timezone.localdate()
    course = CoursePage.objects.filter(slug="goals-bench").first()
    if course is None:
        course = CoursePage(title="Every function is on social", slug="goals-bench", summary="Bench.", live=True)
        CourseIndexPage.objects.get().add_child(instance=course)
    if not User.objects.filter(email=HR_EMAIL).exists():
        hr = User.objects.create_user(email=HR_EMAIL, password="bench-goals-password")  # noqa: S106
        hr.groups.add(Group.objects.get(name="HR"))
        now = timezone.now()
        for d in range(DEPARTMENTS):
            department = Department.objects.create(name=f"Team {d}", code=f"GB{d}")
            HourlyCost.objects.create(department=department, amount=Decimal(25 + d))
            users = User.objects.bulk_create(
                User(email=f"p{d}-{i}@goals-bench.example", first_name="P", last_name=f"{d}-{i}")
                for i in range(PEOPLE_PER_DEPARTMENT)
            )
            Profile.objects.bulk_create(Profile(user=u, department=department) for u in users)
            Enrolment.objects.bulk_create(
                Enrolment(
                    user=u,
                    course=course,
                    enrolled_at=now - timedelta(days=400),
                    completed_at=now - timedelta(days=rng.randint(10, 300)) if i % 2 else None,
                )
                for i, u in enumerate(users)
            )
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


def _measure() -> tuple[float, list[float], int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from people.models import User

    client = Client()
    client.force_login(User.objects.get(email=HR_EMAIL))

    def page():
        response = client.get(URL)
        if response.status_code != 200:
            raise RuntimeError(f"{URL} answered {response.status_code}")
        return response

    page()  # warm up, as a page already visited would be
    runs = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = page()
        runs.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        page()
    return statistics.median(runs), [round(r, 1) for r in runs], len(queries.captured_queries), len(response.content)


def _probe() -> dict:
    from goals.models import MetricValue

    _make_data(SMALL_OBJECTIVES)
    small_ms, _runs, small_queries, _bytes = _measure()
    _make_data(OBJECTIVES)
    big_ms, big_runs, big_queries, size = _measure()
    return {
        "small_ms": small_ms,
        "small_queries": small_queries,
        "big_ms": big_ms,
        "big_runs": big_runs,
        "big_queries": big_queries,
        "bytes": size,
        "values": MetricValue.objects.count(),
    }


def _main(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    print(json.dumps(_probe()))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
