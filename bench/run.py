"""`make bench`: every benchmark of the project in one run, on PostgreSQL, each goal reported as a ratio against a
baseline measured in the same run. Prints a table and writes bench/results.json.

A benchmark is a module in this package with `NAME` and `run(ctx) -> list[Result]`; add it to BENCHMARKS below.
Run one with `python -m bench.run NAME`. The run fails (exit 1) when a goal is missed, when a goal gets no verdict
(`--quick` included) and when a benchmark module is missing or a name asked for is not one. Every benchmark drops and
recreates the database DATABASE_URL names (it must be set, and on PostgreSQL; exit 2 otherwise), and only when that
database does not exist yet, is empty or was made by a benchmark (it carries bench.support.MARKER): any other is
refused with nothing dropped (exit 2).
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.support import NotAScratchDatabase

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
BENCHMARKS = [
    "bench.people_import",
    "bench.scim",
    "bench.gift_import",
    "bench.reports",
    "bench.team",
    "bench.goals",
    "bench.counts",
    "bench.quiz_load",
    "bench.load",
]


@dataclass
class Result:
    """One measured figure and, where the issue sets one, its goal. `ok` is None when there is no goal."""

    benchmark: str
    metric: str
    value: float
    unit: str
    goal: str = ""
    ok: bool | None = None
    details: dict = field(default_factory=dict)


@dataclass
class Context:
    database_url: str
    redis_url: str
    root: Path = ROOT
    quick: bool = False


def _available(module_name: str) -> bool:
    try:
        importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name == module_name:
            return False
        raise
    return True


def problems(results: list[Result], *, missing: list[str]) -> list[str]:
    """Why the run fails, in words; empty when every goal was measured and met."""
    found = [f"{name}: no such benchmark module" for name in missing]
    for r in results:
        if r.goal and r.ok is None:
            found.append(f"{r.benchmark}: {r.metric}: no verdict on the goal {r.goal}")
        elif r.ok is False:
            found.append(f"{r.benchmark}: {r.metric}: goal {r.goal or '(none)'} missed")
    return found


def main(argv: list[str]) -> int:
    wanted = [a for a in argv if not a.startswith("-")]
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        # Every benchmark drops and recreates the database it is given: only ever one named on purpose.
        print(  # noqa: T201
            "make bench drops and recreates the PostgreSQL database DATABASE_URL names: set it to a scratch database,"
            " e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialwise_bench make bench"
        )
        return 2
    ctx = Context(
        database_url=database_url,
        redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9"),
        quick="--quick" in argv,
    )
    results: list[Result] = []
    run_started = time.perf_counter()
    known = {name.rsplit(".", 1)[-1] for name in BENCHMARKS}
    missing = [f"bench.{name}" for name in wanted if name not in known]
    for module_name in BENCHMARKS:
        short = module_name.rsplit(".", 1)[-1]
        if wanted and short not in wanted:
            continue
        if not _available(module_name):
            missing.append(module_name)
            continue
        module = importlib.import_module(module_name)
        print(f"\n== {module.NAME} ==", flush=True)  # noqa: T201
        started = time.perf_counter()
        try:
            results.extend(module.run(ctx))
        except NotAScratchDatabase as refused:
            print(f"REFUSED {refused}", file=sys.stderr)  # noqa: T201
            return 2
        except Exception as error:  # noqa: BLE001 - one benchmark crashing fails the run, the others still run
            print(f"   crashed: {error}", file=sys.stderr, flush=True)  # noqa: T201
            results.append(
                Result(
                    module.NAME,
                    f"ran to the end ({type(error).__name__})",
                    0,
                    "",
                    "no crash",
                    False,
                    details={"error": str(error)[-2000:]},  # kept in results.json: why, not only that
                )
            )
        print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)  # noqa: T201
    _print(results)
    _keep(results, ctx)
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")  # noqa: T201
    print(f"total time {_duration(time.perf_counter() - run_started)}")  # noqa: T201
    failures = problems(results, missing=missing)
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)  # noqa: T201
    return 1 if failures else 0


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


def _keep(results: list[Result], ctx: Context) -> None:
    """Write the figures to bench/results.json, replacing those of the benchmarks just run and keeping the others'
    last figures, so one file holds the latest measurement of every benchmark with when and how it was taken."""
    try:
        kept = json.loads(RESULTS.read_text()).get("benchmarks", {})
    except (OSError, ValueError, AttributeError):
        kept = {}
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    measured_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    for name in dict.fromkeys(r.benchmark for r in results):
        kept[name] = {
            "measured_at": measured_at,
            "quick": ctx.quick,
            "machine": machine,
            "results": [asdict(r) for r in results if r.benchmark == name],
        }
    RESULTS.write_text(json.dumps({"benchmarks": kept}, indent=2, ensure_ascii=False) + "\n")


def _print(results: list[Result]) -> None:
    rows = [("benchmark", "metric", "value", "goal", "ok")]
    rows += [
        (r.benchmark, r.metric, f"{r.value:.3g} {r.unit}".strip(), r.goal, {True: "yes", False: "NO", None: ""}[r.ok])
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))  # noqa: T201


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
