"""Reports on PostgreSQL at 100,000 learners × 40 modules (10,000 with --quick), against baselines measured in the
same run:

* `manage.py generate_load_data` makes the organisation (minutes, not hours);
* the department × course completion report (its results view as HR: the query, the chart and the table, as the
  report's filters fetch it) against a hand-written SQL GROUP BY of the same numbers: at most 1.5 times as long and
  under 3 s; the whole admin page around it is measured too, for information;
* the same report for one department (a team of about 1,000 learners): under 100 ms;
* the same number of queries at 1,000 and at 100,000 learners;
* the full learner × module CSV export (the background export job) within 3 times PostgreSQL's COPY of the same
  rows, with under 200 MB of memory growth.

Each measurement runs in a fresh `python -m bench.reports --probe NAME` process on the benchmark database, so its
memory reading is its own."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.run import Context, Result
from bench.support import PYTHON, ROOT, env_for, fresh_database, manage

NAME = "reports"
LEARNERS = 100_000
QUICK_LEARNERS = 10_000
SMALL_LEARNERS = 1_000
MODULES = 40
REPEATS = 5

REPORT_URL = "/admin/learning-reports/completion/results/"  # the report itself, as the filters fetch it
PAGE_URL = "/admin/learning-reports/completion/"  # the same inside the admin's page furniture (menus, filter form)
EXPORT_URL = "/admin/learning-reports/learners/?export=csv&detail=modules"
HR_EMAIL = "hr@load.example"
ONE_DEPARTMENT = "LOAD3-4"  # one team of the generated organisation (bench/management/commands/generate_load_data.py)

# The same numbers as the report's default view, written by hand: current required cycles of active people, by
# department and course.
BASELINE_SQL = """
SELECT p.department_id, e.course_id, count(*),
       count(*) FILTER (WHERE e.completed_at IS NOT NULL),
       count(*) FILTER (WHERE e.completed_at IS NULL AND e.due_on < %s),
       count(*) FILTER (WHERE e.completed_at IS NULL AND NOT (e.due_on < %s)
                        AND (e.progress_percent > 0 OR e.started_at IS NOT NULL))
FROM courses_enrolment e
JOIN people_user u ON u.id = e.user_id
LEFT JOIN people_profile p ON p.user_id = u.id
WHERE e.is_current AND e.required AND u.is_active
GROUP BY p.department_id, e.course_id
"""

# The learner × module rows of the export, as PostgreSQL's COPY writes them: every live module of each current
# required enrolment of an active person, with its progress (if any), in the export's order.
COPY_SQL = """
WITH modules AS MATERIALIZED (
    SELECT c.id AS course_id, c.title AS course_title, m.id AS module_id, m.title, mp.required, m.path
    FROM wagtailcore_page c
    JOIN courses_coursepage cp ON cp.page_ptr_id = c.id
    JOIN wagtailcore_page m ON m.path LIKE c.path || '%%' AND m.depth = c.depth + 1 AND m.live
    JOIN courses_modulepage mp ON mp.page_ptr_id = m.id
)
SELECT concat_ws(' ', u.first_name, u.last_name), u.email, d.name, mo.course_title, mo.title, mo.required,
       CASE WHEN p.state = 2 THEN 'Completed' WHEN p.state = 1 THEN 'In progress' ELSE 'Not started' END,
       to_char(p.started_at AT TIME ZONE '{tz}', 'YYYY-MM-DD HH24:MI'),
       to_char(p.completed_at AT TIME ZONE '{tz}', 'YYYY-MM-DD HH24:MI')
FROM courses_enrolment e
JOIN people_user u ON u.id = e.user_id
LEFT JOIN people_profile pr ON pr.user_id = u.id
LEFT JOIN people_department d ON d.id = pr.department_id
JOIN modules mo ON mo.course_id = e.course_id
LEFT JOIN courses_moduleprogress p ON p.enrolment_id = e.id AND p.module_id = mo.module_id
WHERE e.is_current AND e.required AND u.is_active
{order}
"""
COPY_ORDER = "ORDER BY u.last_name, u.first_name, u.email, mo.course_title, e.id, mo.path"


def run(ctx: Context) -> list[Result]:
    learners = QUICK_LEARNERS if ctx.quick else LEARNERS
    database_url = ctx.database_url
    fresh_database(database_url)
    with tempfile.TemporaryDirectory() as private:
        env = env_for(
            database_url,
            ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
            PRIVATE_MEDIA_ROOT=private,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        manage(["generate_load_data", "--learners", str(SMALL_LEARNERS), "--modules", str(MODULES)], env)
        small = _probe("report", env)
        started = time.perf_counter()
        output = manage(["generate_load_data", "--learners", str(learners), "--modules", str(MODULES)], env)
        generated = time.perf_counter() - started
        big = _probe("report", env)
        export = _probe("export", env)
    return _results(learners, generated, output.stdout.strip(), small, big, export)


def _results(learners, generated, generator_output, small, big, export) -> list[Result]:
    ratio = big["report_seconds"] / big["baseline_seconds"]
    copy_best = min(export["copy_seconds"].values())
    export_ratio = export["export_seconds"] / copy_best
    return [
        Result(
            benchmark=NAME,
            metric=f"generate_load_data: {learners - SMALL_LEARNERS:,} more learners × {MODULES} modules",
            value=generated,
            unit="s",
            goal="minutes, not hours (< 15 min)",
            ok=generated < 15 * 60,
            details={"output": generator_output},
        ),
        Result(
            benchmark=NAME,
            metric=f"department × course report, {learners:,} learners (HR)",
            value=big["report_seconds"],
            unit="s",
            goal="< 3 s",
            ok=big["report_seconds"] < 3,
            details={"rows": big["report_rows"], "runs": big["report_runs"]},
        ),
        Result(
            benchmark=NAME,
            metric="… the whole admin page around it",
            value=big["page_seconds"],
            unit="s",
            details={"queries": big["page_queries"]},
        ),
        Result(
            benchmark=NAME,
            metric="… against a hand-written SQL GROUP BY",
            value=ratio,
            unit="×",
            goal="≤ 1.5×",
            ok=ratio <= 1.5,
            details={"baseline_seconds": big["baseline_seconds"], "baseline_rows": big["baseline_rows"]},
        ),
        Result(
            benchmark=NAME,
            metric=f"one department's report ({big['department_learners']:,} learners)",
            value=big["department_seconds"] * 1000,
            unit="ms",
            goal="< 100 ms",
            ok=big["department_seconds"] < 0.1,
            details={"runs": big["department_runs"], "whole_page_ms": round(big["department_page_seconds"] * 1000)},
        ),
        Result(
            benchmark=NAME,
            metric=f"queries for the report at {SMALL_LEARNERS:,} and {learners:,} learners",
            value=big["report_queries"],
            unit="queries",
            goal="the same at both sizes",
            ok=small["report_queries"] == big["report_queries"]
            and small["department_queries"] == big["department_queries"]
            and small["page_queries"] == big["page_queries"],
            details={
                "at_small": {
                    "report": small["report_queries"],
                    "one_department": small["department_queries"],
                    "whole_page": small["page_queries"],
                },
                "at_large": {
                    "report": big["report_queries"],
                    "one_department": big["department_queries"],
                    "whole_page": big["page_queries"],
                },
            },
        ),
        Result(
            benchmark=NAME,
            metric=f"learner × module CSV export, {export['rows']:,} rows, against PostgreSQL's COPY",
            value=export_ratio,
            unit="×",
            goal="≤ 3×",
            ok=export_ratio <= 3 and export["rows"] == export["copy_rows"],
            details={
                "export_seconds": export["export_seconds"],
                "copy_seconds": export["copy_seconds"],
                "export_bytes": export["export_bytes"],
                "copy_rows": export["copy_rows"],
                "requested_through_the_view": export["view_status"],
            },
        ),
        Result(
            benchmark=NAME,
            metric="… memory growth during the export (peak RSS)",
            value=export["memory_growth_mb"],
            unit="MB",
            goal="< 200 MB",
            ok=export["memory_growth_mb"] < 200,
        ),
    ]


def _probe(name: str, env: dict[str, str]) -> dict:
    result = subprocess.run(  # noqa: S603 - this module, with our own arguments
        [PYTHON, "-m", "bench.reports", "--probe", name],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"probe {name} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Probes: run inside a Django process on the benchmark database ---------------------------------------------------
def _timed(call, repeats: int = REPEATS) -> tuple[float, list[float]]:
    call()  # warm the caches once, as a page already visited would be
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), [round(r, 4) for r in runs]


def _probe_report() -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from people.models import Department, Profile, User
    from reports import selectors
    from reports.filters import GroupBy, ReportFilters

    client = Client()
    client.force_login(User.objects.get(email=HR_EMAIL))
    department = Department.objects.get(code=ONE_DEPARTMENT)
    department_url = f"{REPORT_URL}?department={department.pk}"

    def page(url):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    report_seconds, report_runs = _timed(lambda: page(REPORT_URL))
    department_seconds, department_runs = _timed(lambda: page(department_url))
    page_seconds, _runs = _timed(lambda: page(PAGE_URL))
    department_page_seconds, _runs = _timed(lambda: page(f"{PAGE_URL}?department={department.pk}"))
    today = timezone.localdate()
    baseline_rows = []

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL, [today, today])
            baseline_rows[:] = cursor.fetchall()

    baseline_seconds, _runs = _timed(baseline)
    with CaptureQueriesContext(connection) as report_queries:
        page(REPORT_URL)
    with CaptureQueriesContext(connection) as department_queries:
        page(department_url)
    with CaptureQueriesContext(connection) as page_queries:
        page(PAGE_URL)
    rows = selectors.completion_by_group(
        scope=selectors.ReportScope(everyone=True), filters=ReportFilters(group_by=GroupBy.DEPARTMENT), today=today
    )
    return {
        "report_seconds": report_seconds,
        "report_runs": report_runs,
        "report_rows": len(rows),
        "report_queries": len(report_queries.captured_queries),
        "page_seconds": page_seconds,
        "page_queries": len(page_queries.captured_queries),
        "department_page_seconds": department_page_seconds,
        "baseline_seconds": baseline_seconds,
        "baseline_rows": len(baseline_rows),
        "department_seconds": department_seconds,
        "department_runs": department_runs,
        "department_queries": len(department_queries.captured_queries),
        "department_learners": Profile.objects.filter(department=department).count(),
    }


def _peak_mb() -> float:
    for line in open("/proc/self/status").read().splitlines():  # noqa: SIM115 - a one-line read of /proc
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _probe_export() -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from people.models import User
    from reports import services
    from reports.models import ExportJob
    from socialwise.celery import app

    hr = User.objects.get(email=HR_EMAIL)
    # Through the view: above the inline limit it records a job, queues its task and answers with the job's page.
    # Here the task goes to an in-memory queue nobody reads, and this process then does the worker's part, measured.
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"
    client = Client()
    client.force_login(hr)
    view_status = client.get(EXPORT_URL).status_code
    job = ExportJob.objects.filter(requested_by=hr).latest("pk")
    with open("/proc/self/clear_refs", "w") as refs:  # reset the peak resident memory to the current one
        refs.write("5")
    before = _peak_mb()
    started = time.perf_counter()
    job = services.run_export(job_id=job.pk)
    export_seconds = time.perf_counter() - started
    growth = _peak_mb() - before
    path = job.file.path
    with open(path, "rb") as exported:
        rows = sum(1 for _ in exported) - 1
    export_bytes = os.path.getsize(path)
    copy_seconds, copy_rows = {}, 0
    for name, order in (("in the export's order", COPY_ORDER), ("unordered", "")):
        sql = COPY_SQL.format(tz=settings.TIME_ZONE, order=order).replace("%%", "%")
        started = time.perf_counter()
        lines = 0
        with connection.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
            for data in copy:
                lines += bytes(data).count(b"\n")
        copy_seconds[name] = time.perf_counter() - started
        copy_rows = lines
    return {
        "view_status": view_status,
        "export_seconds": export_seconds,
        "memory_growth_mb": round(growth, 1),
        "rows": rows,
        "export_bytes": export_bytes,
        "copy_seconds": copy_seconds,
        "copy_rows": copy_rows,
    }


def _main(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    probes = {"report": _probe_report, "export": _probe_export}
    print(json.dumps(probes[argv[argv.index("--probe") + 1]]()))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
