"""People CSV import: 50,000 generated rows (managers, departments, cohorts, roles, hire dates) into a fresh
PostgreSQL database through `manage.py import_people`, then the same file again (nothing to change). Goal from the
issue: under a minute for the first import."""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

from bench.run import Context, Result
from bench.support import env_for, fresh_database, manage

NAME = "people import"
ROWS = 50_000
GOAL_SECONDS = 60.0


def run(ctx: Context) -> list[Result]:
    rows = 5_000 if ctx.quick else ROWS
    database_url = ctx.database_url
    fresh_database(database_url)
    env = env_for(database_url, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        manage(["generate_people_csv", str(path), "--rows", str(rows)], env)
        timings = []
        for _attempt in ("first", "again"):
            started = time.perf_counter()
            output = manage(["import_people", str(path), "--no-invitations"], env).stdout
            timings.append((time.perf_counter() - started, output))
    (first, first_out), (again, again_out) = timings
    created = re.search(r"Imported: (\d+) created", first_out)
    unchanged = re.search(r"(\d+) unchanged, 0 skipped", again_out)
    results.append(
        Result(
            benchmark=NAME,
            metric=f"import {rows:,} new people",
            value=first,
            unit="s",
            # The same goal with --quick (fewer rows, so easier): every goal gets a verdict (bench/run.py).
            goal=f"< {GOAL_SECONDS:.0f} s, every row created",
            ok=first < GOAL_SECONDS and created is not None and int(created.group(1)) == rows,
            details={"output": first_out.strip().splitlines()[-1]},
        )
    )
    results.append(
        Result(
            benchmark=NAME,
            metric="the same file again (no change)",
            value=again,
            unit="s",
            goal="changes nothing",
            ok=unchanged is not None and int(unchanged.group(1)) == rows,
            details={"output": again_out.strip().splitlines()[-1]},
        )
    )
    return results
