"""The goals benchmark's verdicts fail when they should: a page over 200 ms, more queries at 50 objectives than at 5,
and a page that leaves objectives out (timing a page that shows less would prove nothing)."""

from __future__ import annotations

import pytest

from bench import goals

FIGURES = {
    "small_ms": 40.0,
    "small_queries": 22,
    "big_ms": 120.0,
    "big_runs": [118.0, 120.0, 125.0, 119.0, 121.0],
    "big_cpu_ms": 80.0,
    "big_queries": 22,
    "bytes": 400_000,
    "values": 7800,
    "load": [0.5, 0.4, 0.3],
}


def _verdicts(**changed) -> tuple[bool | None, bool | None]:
    """(the page's verdict, the query count's verdict)."""
    results = {r.unit: r for r in goals.results_from({**FIGURES, **changed}) if r.goal}
    return results["ms"].ok, results["queries"].ok


def test_the_page_fails_at_200_ms_and_a_growing_query_count_fails():
    assert _verdicts() == (True, True)
    assert _verdicts(big_ms=200.0) == (False, True)
    assert _verdicts(big_queries=23) == (True, False)
    assert _verdicts(big_ms=2181.4, small_queries=21) == (False, False)


def _section(pk: int, *, months: bool = True) -> str:
    table = f'<table class="listing" aria-labelledby="objective-{pk}-investment">' if months else ""
    return (
        f'<section class="sw-goal"><polyline class="sw-chart__line"/><p>20 people, 5 hours in all</p>{table}</section>'
    )


def test_a_page_that_leaves_objectives_or_their_parts_out_is_not_timed():
    goals.check_page("".join(_section(pk) for pk in range(3)), objectives=3)
    with pytest.raises(RuntimeError, match="shows 2 of the 3 objectives' sections"):
        goals.check_page("".join(_section(pk) for pk in range(2)), objectives=3)
    with pytest.raises(RuntimeError, match="month tables"):
        goals.check_page("".join(_section(pk, months=pk != 1) for pk in range(3)), objectives=3)
