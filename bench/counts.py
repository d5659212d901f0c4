"""The maintained completion counts and the manager's scope on PostgreSQL, and the report's SQL on SQLite: each goal a
ratio or a verdict measured in this one run, on the database DATABASE_URL names (dropped and recreated).

(The manager's scope at 100,000 learners is bench/team.py's.) At 1,000,000 learners (4,000,000 current enrolments; the generator writes with COPY and SQL):
* the department × course report read from the counts: under 50 ms, at least 20 times faster than the same report
  from a live scan of the enrolments, and identical to it;
* one department's report from the counts: under 20 ms;
* the cohort × course report from the cohort counts: identical to the live scan (its time is reported);
* after 10,000 randomised writes through the services (bench/write_mix.py: progress, completion, enrolment, new
  cycle, required/optional, assignments made and withdrawn, deactivation, department and manager moves, cohort
  changes, unpublish/publish recount, erasure), every cell of the three kinds of counts (departments, cohorts,
  teams) and the team headcount equal to a live scan;
* a progress write (a module completed) no more than 10 % slower with the counting triggers than without them,
  measured in interleaved batches.
On SQLite at 20,000 learners:
* the report's SQL within 1.5 times its hand-written query (the live scan, for filters the counts cannot answer, is
  reported beside it).

`--quick`: 10,000 / 2,000 learners and 1,000 writes; the same verdicts on less data (the 20× needs the big
run: at 10,000 learners the live scan is too short to be 20 times anything).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

from bench.run import Context, Result
from bench.support import PYTHON, ROOT, env_for, fresh_database, manage

NAME = "counts"
SIZES = {  # (counts, SQLite) learners
    False: (1_000_000, 20_000),
    True: (10_000, 2_000),
}
MODULES = 40
WRITES = 10_000
QUICK_WRITES = 1_000
PROGRESS_WRITES = 300
REPEATS = 7
ONE_DEPARTMENT = "LOAD3-4"
REPORT_URL = "/admin/learning-reports/completion/results/"
LEARNERS_URL = "/admin/learning-reports/learners/results/"

# The report's numbers written by hand (current required cycles of active people by department and course), as the
# issue's baseline: the live scan the report replaced.
BASELINE_SQL = """
SELECT p.department_id, e.course_id, count(*),
       sum(CASE WHEN e.completed_at IS NOT NULL THEN 1 ELSE 0 END),
       sum(CASE WHEN e.completed_at IS NULL AND e.due_on < %s THEN 1 ELSE 0 END),
       sum(CASE WHEN e.completed_at IS NULL AND NOT (e.due_on < %s)
                AND (e.progress_percent > 0 OR e.started_at IS NOT NULL) THEN 1 ELSE 0 END)
FROM courses_enrolment e
JOIN people_user u ON u.id = e.user_id
LEFT JOIN people_profile p ON p.user_id = u.id
WHERE e.is_current AND e.required AND u.is_active
GROUP BY p.department_id, e.course_id
"""


def run(ctx: Context) -> list[Result]:
    counts_size, sqlite_size = SIZES[ctx.quick]
    writes = QUICK_WRITES if ctx.quick else WRITES
    fresh_database(ctx.database_url)
    env = env_for(ctx.database_url, DJANGO_SETTINGS_MODULE="bench.settings")
    generated = _generate(counts_size, env)
    probe = _probe("postgresql", env, writes)
    probe["generated_s"] = generated
    with tempfile.TemporaryDirectory() as folder:
        sqlite_env = env_for(f"sqlite:///{folder}/bench.sqlite3", DJANGO_SETTINGS_MODULE="bench.settings")
        manage(["migrate", "--noinput", "-v", "0"], sqlite_env)
        _generate(sqlite_size, sqlite_env)
        sqlite = _probe("sqlite", sqlite_env)
    return _results((counts_size, sqlite_size), writes, probe, sqlite)


def _generate(learners: int, env: dict[str, str]) -> float:
    started = time.perf_counter()
    output = manage(["generate_load_data", "--learners", str(learners), "--modules", str(MODULES)], env, timeout=7200)
    print(f"   {output.stdout.strip().splitlines()[-1]}", flush=True)  # noqa: T201
    return time.perf_counter() - started


def _results(sizes: tuple[int, int], writes: int, pg: dict, sqlite: dict) -> list[Result]:
    counts_size, sqlite_size = sizes
    at = f"{counts_size:,} learners"
    speedup = pg["live_ms"] / pg["counted_ms"] if pg["counted_ms"] > 0 else 0
    progress = pg["progress_on_ms"] / pg["progress_off_ms"]
    sqlite_ratio = sqlite["counted_ms"] / sqlite["baseline_ms"]
    sqlite_live_ratio = sqlite["live_ms"] / sqlite["baseline_ms"]
    results = [
        Result(
            NAME,
            f"generate_load_data up to {at} ({pg['enrolments']:,} current enrolments)",
            pg["generated_s"],
            "s",
            details={"module_progress_rows": pg["progress_rows"], "sizes_mb": pg["sizes_mb"]},
        ),
        Result(
            NAME,
            f"department × course report from the counts, {at}",
            pg["counted_ms"],
            "ms",
            "< 50 ms",
            pg["counted_ms"] < 50 and pg["report_identical"],
            {
                "runs": pg["counted_runs"],
                "cpu_ms": pg.get("counted_cpu_ms"),
                "cells": pg["cells"],
                "identical_to_live_scan": pg["report_identical"],
                "load": pg.get("load"),
            },
        ),
        Result(
            NAME,
            f"… against the live scan ({pg['live_ms']:.0f} ms; hand-written GROUP BY {pg['baseline_ms']:.0f} ms)",
            speedup,
            "×",
            "≥ 20× faster, same answer",
            speedup >= 20 and pg["report_identical"],
            {"live_runs": pg["live_runs"], "hand_written_ms": pg["baseline_ms"]},
        ),
        Result(
            NAME,
            f"one department's report from the counts, {at}",
            pg["department_ms"],
            "ms",
            "< 20 ms",
            pg["department_ms"] < 20 and pg["department_identical"],
            {
                "runs": pg["department_runs"],
                "cpu_ms": pg.get("department_cpu_ms"),
                "identical_to_live_scan": pg["department_identical"],
            },
        ),
        Result(
            NAME,
            f"cohort × course report from the cohort counts, {at} (live scan {pg['cohort_live_ms']:.0f} ms)",
            pg["cohort_ms"],
            "ms",
            "identical to the live scan",
            pg["cohort_identical"],
            {"runs": pg["cohort_runs"], "live_runs": pg["cohort_live_runs"]},
        ),
        Result(
            NAME,
            f"cells differing from the live scan after {writes:,} randomised writes (departments, cohorts, teams)",
            pg["wrong_cells"],
            "cells",
            "0, every kind of write made, reports identical",
            pg["wrong_cells"] == 0
            and pg["report_identical_after"]
            and pg["writes_done"] == writes
            and not pg["kinds_missing"],
            {
                "kinds": pg["write_kinds"],
                "kinds_missing": pg["kinds_missing"],
                "cells": pg["cells_after"],
                "writes_per_s": pg["writes_per_s"],
            },
        ),
        Result(
            NAME,
            f"progress write with the counting triggers, against without ({pg['progress_writes']} each)",
            progress,
            "×",
            "≤ 1.10×",
            progress <= 1.10 and pg["progress_writes"] >= PROGRESS_WRITES // 2,
            {"with_ms": pg["progress_on_ms"], "without_ms": pg["progress_off_ms"]},
        ),
    ]
    results += [
        Result(
            NAME,
            f"SQLite, {sqlite_size:,} learners: the report's SQL (from the counts) against its hand-written query",
            sqlite_ratio,
            "×",
            "≤ 1.5×, same answer",
            sqlite_ratio <= 1.5 and sqlite["report_identical"],
            {"report_ms": sqlite["counted_ms"], "hand_written_ms": sqlite["baseline_ms"]},
        ),
        Result(
            NAME,
            "… the live scan (filters the counts cannot answer) against the same query",
            sqlite_live_ratio,
            "×",
            details={"live_ms": sqlite["live_ms"]},
        ),
    ]
    return results


PAGES = {"team": "My team", "report": "completion report", "learners": "learner status"}


def _probe(kind: str, env: dict[str, str], writes: int = 0) -> dict:
    result = subprocess.run(  # noqa: S603 - this module, with our own arguments
        [PYTHON, "-m", "bench.counts", "--probe", kind, str(writes)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=7200,
    )
    if result.returncode != 0:
        raise RuntimeError(f"probe {kind} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Probes: inside a Django process on the benchmark database -------------------------------------------------------
def _timed(call, repeats: int = REPEATS) -> tuple[float, list[float], float]:
    """Median wall milliseconds after a warm-up, the runs, and the median CPU milliseconds of this process (the
    load-independent part: on a crowded machine the wall time is mostly waiting for a core)."""
    call()
    runs, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        call()
        runs.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return statistics.median(runs), [round(r, 2) for r in runs], round(statistics.median(cpu), 2)


def _reports(today) -> dict:
    """The department × course, one department's and the cohort × course report, each from the counts and from the
    live scan (the same selector with the counts switched off), and the hand-written GROUP BY."""
    from django.db import connection

    from people.models import Department
    from reports import selectors
    from reports.filters import GroupBy, ReportFilters

    everyone = selectors.ReportScope(everyone=True)
    by_department = ReportFilters(group_by=GroupBy.DEPARTMENT)
    one = ReportFilters(group_by=GroupBy.DEPARTMENT, department=Department.objects.get(code=ONE_DEPARTMENT))
    by_cohort = ReportFilters(group_by=GroupBy.COHORT)

    def report(filters):
        return selectors.completion_by_group(scope=everyone, filters=filters, today=today)

    found = {}
    answer = selectors.counts_can_answer
    for key, filters in (("counted", by_department), ("department", one), ("cohort", by_cohort)):
        found[f"{key}_ms"], found[f"{key}_runs"], found[f"{key}_cpu_ms"] = _timed(
            lambda filters=filters: report(filters)
        )
        counted = report(filters)
        selectors.counts_can_answer = lambda **kwargs: False  # the same report, from the live scan
        try:
            live_key = "live" if key == "counted" else f"{key}_live"
            found[f"{live_key}_ms"], found[f"{live_key}_runs"], _cpu = _timed(
                lambda filters=filters: report(filters), repeats=REPEATS if key == "counted" else 3
            )
            live = report(filters)
        finally:
            selectors.counts_can_answer = answer
        found["report_identical" if key == "counted" else f"{key}_identical"] = bool(counted) and counted == live

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL, [today, today])
            cursor.fetchall()

    found["baseline_ms"], _runs, _cpu = _timed(baseline)
    return found


def _write_mix(writes: int, today) -> dict:
    """`writes` randomised writes through the services (bench/write_mix.py) on the generated organisation. The
    assignments made target single people (an assignment to a department enrols its 10,000 people, a bulk job), and
    module unpublishing recounts a small course made for it (the generated ones have a million enrolments each)."""
    from django.utils import timezone

    from bench.write_mix import KINDS, WriteMix
    from courses import services as course_services
    from courses.models import CourseIndexPage, CoursePage, ModulePage
    from people.models import Cohort, Department, User

    rng = random.Random(21)  # noqa: S311 - a repeatable mix, not a secret
    learner_ids = list(User.objects.filter(email__startswith="learner").values_list("pk", flat=True))
    courses = [(c, list(ModulePage.objects.child_of(c).live().specific())) for c in CoursePage.objects.live()]
    small = CoursePage(title="Recount course", slug="bench-recount", summary="Generated for the write mix.")
    CourseIndexPage.objects.first().add_child(instance=small)
    small.save_revision().publish()
    small_modules = []
    for number in range(3):
        module = ModulePage(title=f"Recount module {number}", summary="Generated.", minutes=3)
        small.add_child(instance=module)
        module.save_revision().publish()
        small_modules.append(module)
    for user in User.objects.filter(pk__in=rng.sample(learner_ids, 50)):
        course_services.enrol_user(user=user, course=small, required=True, due_on=timezone.localdate())
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        email="bench-admin@load.example", password=None
    )
    mix = WriteMix(
        people=learner_ids,
        courses=[*courses, (small, small_modules)],
        recount_courses=[(small, small_modules)],
        departments=list(Department.objects.filter(parent__isnull=False)),
        cohorts=list(Cohort.objects.filter(code__startswith="LOAD-C")),
        admin=admin,
        today=today,
        rng=rng,
        assign_to_groups=False,
        max_unpublished=10,  # each recounts the small course's enrolments one by one, in one transaction
    )
    started = time.perf_counter()
    kinds = mix.run(writes)
    return {
        "write_kinds": kinds,
        "writes_done": sum(kinds.values()),
        "kinds_missing": sorted(set(KINDS) - set(kinds)),
        "writes_per_s": round(writes / (time.perf_counter() - started), 1),
    }


def _progress_writes(count: int) -> dict:
    """A module completed for `count` learners with the triggers on and `count` with them off, in interleaved batches
    of 10, so load on the machine hits both alike. Each write is the learner's first completion of that module. The
    writes made with the triggers off leave the counts behind (by design: the database is the benchmark's scratch):
    reconcile them (`manage.py reconcile_completion_counts`) before reading the counts of this database again."""
    from django.db import connection

    from courses import services as course_services
    from courses.models import ModulePage, ModuleProgress
    from people.models import User

    rng = random.Random(7)  # noqa: S311
    modules = list(ModulePage.objects.live().filter(slug__startswith="module-").specific())
    users = list(User.objects.filter(email__startswith="learner", is_active=True).order_by("?")[: count * 4])
    done = set(
        ModuleProgress.objects.filter(state=2, enrolment__user__in=users).values_list("enrolment__user_id", "module_id")
    )
    pairs = []
    for user in users:
        module = rng.choice(modules)
        if (user.pk, module.pk) not in done:
            pairs.append((user, module))
            done.add((user.pk, module.pk))
    pairs = pairs[: count * 2]
    timings: dict[bool, list[float]] = {True: [], False: []}
    for index in range(0, len(pairs), 10):
        triggers = (index // 10) % 2 == 0
        with connection.cursor() as cursor:
            state = "ENABLE" if triggers else "DISABLE"
            cursor.execute(f"ALTER TABLE courses_enrolment {state} TRIGGER USER")
        for user, module in pairs[index : index + 10]:
            started = time.perf_counter()
            course_services.record_module_completion(user=user, module=module)
            timings[triggers].append((time.perf_counter() - started) * 1000)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE courses_enrolment ENABLE TRIGGER USER")
    return {
        "progress_on_ms": statistics.median(timings[True]),
        "progress_off_ms": statistics.median(timings[False]),
        "progress_writes": min(len(timings[True]), len(timings[False])),
    }


def _sizes_mb() -> dict[str, int]:
    """The database and its largest tables (with their indexes), for the deployment's memory settings."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'database', pg_database_size(current_database()) UNION ALL "
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relname IN "
            "('courses_moduleprogress', 'courses_enrolment', 'people_user', 'people_profile', "
            "'reports_completioncount', 'reports_completiontotal', 'reports_teamcompletioncount', "
            "'people_reportingline')"
        )
        return {name: round(size / 2**20) for name, size in cursor.fetchall()}


def _main(argv: list[str]) -> int:
    import django

    django.setup()
    from django.utils import timezone

    from courses.models import Enrolment, ModuleProgress
    from reports import selectors, services
    from socialwise.celery import app

    # Tasks the writes queue (a certificate when a course is finished, xAPI statements) go to an in-memory queue
    # nobody reads: a worker's job, not the write's, and not what is measured here.
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"
    kind, writes = argv[argv.index("--probe") + 1], int(argv[argv.index("--probe") + 2])
    today = timezone.localdate()
    services.fold_completion_deltas(today=today)
    found = _reports(today)
    found["load"] = os.getloadavg()
    found["cells"] = len(services.stored_completion_cells())
    if kind == "postgresql":
        found["enrolments"] = Enrolment.objects.filter(is_current=True).count()
        found["progress_rows"] = ModuleProgress.objects.count()
        found["sizes_mb"] = _sizes_mb()
        found.update(_write_mix(writes, today))
        services.fold_completion_deltas(today=today)
        wrong, cells = 0, 0
        for family in services.COUNT_FAMILIES:
            live = selectors.live_completion_cells(today=today, group=family.name)
            stored = services.stored_completion_cells(family)
            wrong += sum(1 for key in live.keys() | stored.keys() if live.get(key, 0) != stored.get(key, 0))
            cells += len(live)
        live_heads, stored_heads = selectors.live_headcounts(), services.stored_headcounts()
        wrong += sum(
            1 for key in live_heads.keys() | stored_heads.keys() if live_heads.get(key) != stored_heads.get(key)
        )
        found["wrong_cells"], found["cells_after"] = wrong, cells + len(live_heads)
        after = _reports(today)
        found["report_identical_after"] = all(after[k] for k in ("report_identical", "department_identical"))
        found["report_identical_after"] &= after["cohort_identical"]
        found.update(_progress_writes(PROGRESS_WRITES))
    print(json.dumps(found, default=str))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
