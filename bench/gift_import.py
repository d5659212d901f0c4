"""GIFT question import: a generated file of 20,000 questions (about 700 KB, the issue's 400 KB file was smaller: multiple choice, true/false, short
answer and numeric in ten categories) through `manage.py import_questions` into a fresh PostgreSQL database.
Goal from issue 14: under 20 s. The baseline in the same run is a quarter of the file into another bank: the full
file may take at most 5× as long (4× the questions, plus slack), so the import stays linear, with no per-row query
left that grows with the bank."""

from __future__ import annotations

import json
import os
import resource
import tempfile
import time
from pathlib import Path

from bench.run import Context, Result
from bench.support import env_for, fresh_database, manage

NAME = "gift import"
QUESTIONS = 20_000
GOAL_SECONDS = 20.0
MAX_SCALING = 5.0


def gift_file(count: int, *, seed: str) -> str:
    """`count` distinct questions in four types, each with its own text so none is a duplicate of another."""
    blocks = []
    for n in range(count):
        step = count // 10 or 1
        category = f"$CATEGORY: {seed}/Topic {n // step}\n\n" if n % step == 0 else ""
        kind = n % 4
        if kind == 0:
            body = f"::{seed}{n}::Reply to post {n}?{{=Yes ~No ~Later}}"
        elif kind == 1:
            body = f"::{seed}{n}::Pause ad {n}?{{T}}"
        elif kind == 2:
            body = f"::{seed}{n}::Tag for case {n}?{{=c{n}}}"
        else:
            body = f"::{seed}{n}::Hours for {n}?{{#{n % 97}}}"
        blocks.append(category + body)
    return "\n\n".join(blocks) + "\n"


def _import(path: Path, bank: str, env: dict[str, str]) -> tuple[float, float, dict]:
    """Wall seconds, the command's own CPU seconds (Python: start-up, parsing, checks; the database's work is not in
    it), and its JSON summary. On a busy machine the wall time is the one that moves."""
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    output = manage(["import_questions", str(path), "--format", "gift", "--bank", bank, "--json"], env).stdout
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return elapsed, cpu, json.loads(output.strip().splitlines()[-1])


def run(ctx: Context) -> list[Result]:
    count = 4_000 if ctx.quick else QUESTIONS
    fresh_database(ctx.database_url)
    env = env_for(ctx.database_url)
    with tempfile.TemporaryDirectory() as folder:
        small, large = Path(folder) / "quarter.gift", Path(folder) / "full.gift"
        small.write_text(gift_file(count // 4, seed="B"), encoding="utf-8")
        large.write_text(gift_file(count, seed="F"), encoding="utf-8")
        baseline, _cpu, small_summary = _import(small, "Baseline", env)
        full, full_cpu, full_summary = _import(large, "Bench", env)
        size_kb = large.stat().st_size / 1024
    every_one = full_summary.get("imported") == count and small_summary.get("imported") == count // 4
    return [
        Result(
            benchmark=NAME,
            metric=f"import {count:,} questions ({size_kb:,.0f} KB)",
            value=full,
            unit="s",
            goal=f"< {GOAL_SECONDS:.0f} s, every question imported",
            ok=full < GOAL_SECONDS and every_one,
            details={
                "summary": full_summary,
                "command_cpu_s": round(full_cpu, 2),
                "load_average_1m": round(os.getloadavg()[0], 1),
            },
        ),
        Result(
            benchmark=NAME,
            metric=f"full file vs a quarter of it ({baseline:.1f} s)",
            value=full / baseline,
            unit="×",
            goal=f"≤ {MAX_SCALING:.0f}× (linear)",
            ok=full / baseline <= MAX_SCALING and every_one,
        ),
    ]
