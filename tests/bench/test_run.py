"""`make bench` fails rather than passing quietly: a missing benchmark module, a name that is not a benchmark, a goal
without a verdict and a missed goal each fail the run."""

from __future__ import annotations

from bench import run
from bench.run import Result


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
    monkeypatch.setattr(run, "ROOT", tmp_path)
    monkeypatch.setattr(run, "RESULTS", tmp_path / "results.json")
    monkeypatch.setattr(run, "BENCHMARKS", ["bench.no_such_benchmark"])
    assert run.main(["--quick"]) == 1
    assert "FAILED bench.no_such_benchmark: no such benchmark module" in capsys.readouterr().err
    assert run.main(["typo"]) == 1
    assert "FAILED bench.typo: no such benchmark module" in capsys.readouterr().err
