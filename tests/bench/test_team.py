"""The manager's scope benchmark's verdicts (bench/team.py) fail when they should: a ratio above 2×, a scope that is
not what it claims, or a report that differs from the live scan however fast it is."""

from __future__ import annotations

from bench import team


def _probe(**changes) -> dict:
    found = {"ceo_team": 98_000, "lead_team": 980, "reporting_lines": 199_900, "load": (1.0, 1.0, 1.0)}
    for page in team.PAGES:
        found.update(
            {
                f"ceo_{page}_ms": 110.0,
                f"lead_{page}_ms": 100.0,
                f"ceo_{page}_runs": [110.0],
                f"lead_{page}_runs": [100.0],
                f"ceo_{page}_cpu_ms": 50.0,
                f"lead_{page}_cpu_ms": 50.0,
                f"{page}_shows_scope": True,
            }
        )
    found.update(report_identical=True, learners_identical=True)
    found.update(changes)
    return found


def _verdicts(found: dict) -> dict[str, bool]:
    return {result.metric.split("'s ")[1].split(" (")[0]: result.ok for result in team.results(100_000, 1.0, found)[1:]}


def test_every_page_within_twice_a_leads_time_with_the_same_answer_passes():
    assert _verdicts(_probe()) == {"My team": True, "completion report": True, "learner status": True}


def test_a_report_that_differs_from_the_live_scan_fails_however_fast():
    assert _verdicts(_probe(report_identical=False))["completion report"] is False
    assert _verdicts(_probe(learners_identical=False))["learner status"] is False


def test_a_ratio_above_two_or_a_scope_that_is_not_the_organisation_fails():
    assert _verdicts(_probe(ceo_report_ms=201.0))["completion report"] is False
    assert set(_verdicts(_probe(ceo_team=500)).values()) == {False}
