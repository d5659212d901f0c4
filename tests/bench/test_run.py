"""`make bench` fails rather than passing quietly: a missing benchmark module, a name that is not a benchmark, a goal
without a verdict and a missed goal each fail the run. It drops and recreates the database it is pointed at, so it
must be pointed at one: never a database of its own choosing, never a fixed name beside the one given."""

from __future__ import annotations

import importlib
import json

import pytest

from bench import run
from bench.run import Context, Result


def test_a_goal_without_a_verdict_or_missed_fails_and_a_figure_without_a_goal_does_not():
    results = [
        Result("reports", "report time", 1.2, "s", goal="< 3 s", ok=True),
        Result("reports", "the whole page", 1.9, "s"),  # a figure for information: no goal, no verdict
        Result("reports", "against GROUP BY", 1.1, "×", goal="≤ 1.5×", ok=None),
        Result("load", "p95", 900, "ms", goal="≤ 500 ms", ok=False),
    ]
    assert run.problems(results, missing=["bench.gone"]) == [
        "bench.gone: no such benchmark module",
        "reports: against GROUP BY: no verdict on the goal ≤ 1.5×",
        "load: p95: goal ≤ 500 ms missed",
    ]
    assert run.problems(results[:2], missing=[]) == []


def test_a_missing_module_or_an_unknown_name_fails_the_run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/never_touched")  # nothing runs
    monkeypatch.setattr(run, "ROOT", tmp_path)
    monkeypatch.setattr(run, "RESULTS", tmp_path / "results.json")
    monkeypatch.setattr(run, "BENCHMARKS", ["bench.no_such_benchmark"])
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/never_touched")
    assert run.main(["--quick"]) == 1
    assert "FAILED bench.no_such_benchmark: no such benchmark module" in capsys.readouterr().err
    assert run.main(["typo"]) == 1
    assert "FAILED bench.typo: no such benchmark module" in capsys.readouterr().err


class Dropped(Exception):
    """Raised instead of dropping anything."""


@pytest.mark.parametrize("url", [None, "", "sqlite:///var/db.sqlite3"])
def test_make_bench_refuses_to_run_without_a_postgresql_database_named(monkeypatch, capsys, url):
    if url is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(run, "BENCHMARKS", ["bench.not_to_be_run"])
    assert run.main([]) == 2
    assert "drops and recreates the PostgreSQL database DATABASE_URL names" in capsys.readouterr().out


@pytest.mark.parametrize(
    "name", ["bench.load", "bench.quiz_load", "bench.counts", "bench.reports", "bench.scim", "bench.team"]
)
def test_every_benchmark_recreates_only_the_database_it_was_given(monkeypatch, name):
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:  # a benchmark-only package (requirements-bench.txt) not installed
        pytest.skip(f"{name} needs {error.name}")

    def refuse(url: str) -> None:
        raise Dropped(url)

    # Each benchmark makes its database with fresh_database, or (the capacity test) clones it with seeded_database.
    for maker in ("fresh_database", "seeded_database"):
        if hasattr(module, maker):
            monkeypatch.setattr(module, maker, lambda url, **_kwargs: refuse(url))
    given = "postgres://postgres@127.0.0.1:5432/a_scratch_database"
    with pytest.raises(Dropped) as dropped:
        module.run(Context(database_url=given, redis_url="redis://127.0.0.1:6379/15", quick=True))
    assert str(dropped.value) == given


def test_a_benchmark_that_crashes_fails_the_run_and_the_others_still_run(tmp_path, monkeypatch, capsys):
    import sys
    import types

    def crash(ctx):
        raise RuntimeError("probe failed")

    crashing = types.SimpleNamespace(NAME="crashing", run=crash)
    fine = types.SimpleNamespace(NAME="fine", run=lambda ctx: [Result("fine", "t", 1, "s", goal="< 2 s", ok=True)])
    monkeypatch.setitem(sys.modules, "bench.crashing", crashing)
    monkeypatch.setitem(sys.modules, "bench.fine", fine)
    monkeypatch.setattr(run, "ROOT", tmp_path)
    monkeypatch.setattr(run, "RESULTS", tmp_path / "results.json")
    monkeypatch.setattr(run, "BENCHMARKS", ["bench.crashing", "bench.fine"])
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/never_touched")
    assert run.main([]) == 1
    out, err = capsys.readouterr()
    assert "FAILED crashing: ran to the end (RuntimeError): goal no crash missed" in err
    assert "fine" in out and "total time" in out
    kept = json.loads((tmp_path / "results.json").read_text())["benchmarks"]["crashing"]["results"][0]
    assert kept["details"] == {"error": "probe failed"}  # why it crashed stays in results.json


def test_a_database_a_benchmark_did_not_make_stops_the_run_with_nothing_dropped(tmp_path, monkeypatch, capsys):
    import sys
    import types

    from bench.support import NotAScratchDatabase

    def refuse(ctx):
        raise NotAScratchDatabase("database 'precious' holds tables and no marker")

    fake = types.ModuleType("bench.refusing")
    fake.NAME, fake.run = "refusing", refuse
    monkeypatch.setitem(sys.modules, "bench.refusing", fake)
    monkeypatch.setattr(run, "RESULTS", tmp_path / "results.json")
    monkeypatch.setattr(run, "BENCHMARKS", ["bench.refusing"])
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/precious")
    assert run.main([]) == 2
    assert "REFUSED database 'precious' holds tables and no marker" in capsys.readouterr().err
    assert not (tmp_path / "results.json").exists()
