"""The SCIM benchmark's verdicts (bench/scim.py) fail when any one of their conditions is missed, not only on time."""

from __future__ import annotations

import pytest

from bench import scim

SYNC = {
    "seconds": 100.0,
    "puts": 1000,
    "answers_200": 1000,
    "applied": 1000,
    "movers": 100,
    "movers_enrolled": 100,
    "audit_entries": 999,
}
RESTATE = {"seconds": 50.0, "puts": 1000, "answers_200": 1000, "new_audit_entries": 0}
PLAN = "Index Scan using people_user_email_upper on people_user (actual time=0.02..0.02 rows=1 loops=1)"
LOOKUP = {"median_ms": 12.0, "lookups": 200, "found": 200, "plan": PLAN}


def test_met_when_every_condition_holds():
    assert scim.sync_met(**SYNC) and scim.restate_met(**RESTATE) and scim.lookup_met(**LOOKUP)


@pytest.mark.parametrize(
    "missed",
    [
        {"seconds": 120.0},
        {"answers_200": 999},
        {"applied": 999},
        {"movers_enrolled": 99},
        {"audit_entries": 998},
    ],
)
def test_the_full_sync_fails_on_any_miss(missed):
    assert not scim.sync_met(**{**SYNC, **missed})


@pytest.mark.parametrize("missed", [{"seconds": 120.5}, {"answers_200": 999}, {"new_audit_entries": 1}])
def test_the_next_sync_fails_on_any_miss(missed):
    assert not scim.restate_met(**{**RESTATE, **missed})


@pytest.mark.parametrize(
    "missed",
    [
        {"median_ms": 20.0},
        {"found": 199},
        {"plan": "Seq Scan on people_user (actual time=0.01..30.5 rows=1 loops=1)"},
        {"plan": "Index Scan using people_user_pkey on people_user"},
    ],
)
def test_the_lookup_fails_on_any_miss(missed):
    assert not scim.lookup_met(**{**LOOKUP, **missed})
