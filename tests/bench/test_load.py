"""The capacity test's own logic, without a server: its TOTP codes are the ones allauth accepts, its answers are
spread over the choices, its ladder brackets the knee, and every verdict fails when it should."""

from __future__ import annotations

import copy
import random

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from bench import load, load_driver

SETUP = {
    "courses": {
        "5": {"url": "/c/", "modules": [{"url": "/c/m1/", "quizzes": [25]}, {"url": "/c/m2/", "quizzes": [26]}]},
    }
}


def _step(label, offered, p95, passed=True):
    return {
        "label": label,
        "offered": offered,
        "seconds": 10.0,
        "arrived_per_s": offered,
        "answered_per_s": offered,
        "p95_ms": p95,
        "p99_ms": p95 * 1.5,
        "errors_pct": 0.0,
        "generator_lag_p99_ms": 3.0,
        "by_request": {},
        "passed": passed,
    }


def _staff(**changes):
    staff = {"signed_in": True, "second_factor": True, "ended_cleanly": True, "died": "", "errors": []}
    staff["answers"] = [("step 1", 200, 0.05), ("step 2", 200, 0.06), ("step 3", 0, 30.0)]  # step 3: overloaded
    return {**staff, **changes}


def _healthy() -> dict:
    return {
        "learners": 10,
        "signed_in": 10,
        "logins": 12,
        "sign_in": _step("sign-in", 0, 900),
        "steps": [_step("step 1", 8, 120), _step("step 2", 12, 300), _step("step 3", 18, 2000, passed=False)],
        "sustained": _step("step 2", 12, 300),
        "not_sustained": _step("step 3", 18, 2000, passed=False),
        "alone": {**_step("learners alone", 12, 280), "requests": 120, "p50_ms": 90},
        "with_staff": {**_step("learners with HR and the manager", 12, 300), "requests": 120, "p50_ms": 95},
        "accepted": 40,
        "refused": 1,
        "picked": {"0": 10, "1": 12, "2": 9},
        "visited": {"course /c/": 5, "module /c/m1/": 2, "module /c/m2/": 3, "quiz 25": 2, "quiz 26": 1},
        "staff": {"hr": _staff(), "manager": _staff(second_factor=False)},
        "generator": {"cpus": [1], "cpu_seconds": 3.0, "wall_seconds": 90},
    }


def _failed(out: dict, decisions: int = 40) -> set[str]:
    return {r.metric for r in load._verdicts(out, SETUP, decisions, {}) if r.ok is False}


def test_the_generators_codes_are_the_ones_an_authenticator_app_shows():
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    for counter in (0, 1, 59_000_000, 59_000_001):
        assert load_driver.totp(secret, at=counter * 30 + 7) == format_hotp_value(hotp_value(secret, counter))


def test_answers_are_spread_over_the_choices_and_carry_the_forms_hidden_fields():
    page = """<form method="post" action="/quizzes/attempts/7/answer/" class="choice-form">
        <input type="hidden" name="csrfmiddlewaretoken" value="tok"><input type="hidden" name="sequence" value="2">
        <input type="radio" name="choice" id="choice-1" value="a"><input type="radio" name="choice" id="choice-2"
        value="b"><input type="radio" name="choice" id="choice-3" value="c"></form>"""
    form = load_driver.answer_form(page)
    rng = random.Random(3)
    positions = set()
    for _ in range(30):
        data, picked = form.fill(rng)
        assert ("csrfmiddlewaretoken", "tok") in data and ("sequence", "2") in data
        positions.update(position for position, _of in picked)
    assert positions == {0, 1, 2}
    assert load_driver.answer_form("<p>Your result</p>") is None


def test_a_healthy_run_passes_every_verdict():
    assert _failed(_healthy()) == set()


@pytest.mark.parametrize(
    ("change", "verdict"),
    [
        (lambda o: o["staff"]["hr"].update(died="ConnectionResetError", ended_cleanly=False), "HR"),
        (lambda o: o["staff"]["hr"].update(second_factor=False), "HR"),
        (lambda o: o["staff"]["hr"].update(answers=[("step 2", 500, 0.1)]), "HR"),
        (lambda o: o["staff"]["hr"].update(answers=[]), "HR"),
        (lambda o: o["staff"]["manager"].update(died="Traceback", ended_cleanly=False), "the chief executive"),
        (lambda o: o.update(accepted=0), "Decision"),
        (lambda o: o["alone"].update(p95_ms=1000), "learners' p95 change"),  # −70 %: improbable
        (lambda o: o["alone"].update(errors_pct=5.0), "learners' p95 change"),
        (lambda o: o["alone"].update(p95_ms=float("inf")), "learners' p95 change"),
        (lambda o: o.update(alone=None), "learners' p95 change"),
        (lambda o: o.update(with_staff=None), "learners' p95 change"),
        (lambda o: o.update(not_sustained=None), "sustainable"),
        (lambda o: o.update(sustained=None, steps=[_step("step 1", 8, 900, passed=False)]), "sustainable"),
        (lambda o: o.update(signed_in=9), "learners signed in"),
        (lambda o: o.update(picked={"0": 30, "1": 1}), "choices"),
        (lambda o: o["visited"].pop("quiz 26"), "choices"),
        (lambda o: o["sustained"].update(generator_lag_p99_ms=400), "generator lag"),
    ],
)
def test_each_verdict_fails_when_it_should(change, verdict):
    out = copy.deepcopy(_healthy())
    change(out)
    failed = _failed(out, decisions=out["accepted"] or 0)
    assert any(metric.startswith(verdict) for metric in failed), failed


def test_decisions_must_match_the_answers_accepted():
    assert "Decision rows per accepted answer" in _failed(_healthy(), decisions=39)
    assert "Decision rows per accepted answer" in _failed(_healthy(), decisions=41)


class FakeRun:
    """Sustains any rate up to `capacity`."""

    def __init__(self, capacity: float):
        self.capacity, self.rates = capacity, []

    def step(self, label, rate, seconds):
        self.rates.append(rate)
        return _step(label, rate, 100 if rate <= self.capacity else 900)


CONFIG = {"first_rate": 8.0, "min_rate": 1.0, "factor": 1.5, "max_steps": 9, "step_seconds": 1, "p95_goal_ms": 500}


@pytest.mark.parametrize(("capacity", "sustained", "failed"), [(20, 18.0, 22.0), (3, 2.8, 3.5), (0.5, None, 1.0)])
def test_the_ladder_brackets_the_knee_going_up_or_down(capacity, sustained, failed):
    run = FakeRun(capacity)
    _steps, got_sustained, got_failed = load_driver.ladder(run, CONFIG, lambda text: None)
    assert (got_sustained or {}).get("offered") == sustained
    assert got_failed["offered"] == failed


def test_a_step_is_judged_on_its_arrivals_not_on_the_nominal_rate():
    config = {"p95_goal_ms": 500}
    # Poisson arrivals over a short step fell short of the nominal rate by chance: every one answered in time.
    assert load_driver.passes({**_step("step 1", 2.0, 170), "answered_per_s": 1.6}, config)
    assert not load_driver.passes({**_step("step 1", 2.0, 170), "errors_pct": 2.5}, config)
    assert not load_driver.passes(_step("step 1", 2.0, 501), config)


def test_an_arrival_dropped_or_unanswered_is_a_failure_slower_than_any_goal():
    setup = {"password": "x", "learners": [{"email": "a@example.com", "courses": []}], "courses": {}}
    run = load_driver.Run({"base": "http://127.0.0.1:9", "setup": setup, "seed": 1})
    run.records["step 1"] = [("module page", True, 0.1, 0.001)] * 97
    run.arrivals["step 1"] = 98  # one still in flight when the step ended
    run.dropped["step 1"] = 2  # two found every learner busy
    summary = run.summary("step 1", 10.0, 10.0)
    assert summary["unanswered"] == 3
    assert summary["errors_pct"] == 3.0
    assert summary["p99_ms"] == float("inf")
    assert summary["arrived_per_s"] == 10.0
    assert not load_driver.passes(summary, {"p95_goal_ms": 500})
    run.pool.shutdown()


def test_learners_head_for_the_quiz_the_run_has_reached_least():
    spread = load_driver.Spread()
    courses = [
        {"url": "/a/", "modules": [{"url": "/a/1/", "quizzes": [1, 2]}, {"url": "/a/2/", "quizzes": []}]},
        {"url": "/b/", "modules": [{"url": "/b/1/", "quizzes": [3]}]},
    ]
    learner = load_driver.Learner(0, "a@example.com", "x", courses, random.Random(5), "http://127.0.0.1:9", spread)
    reached = []
    for _ in range(4):
        _course, module, quiz = learner._target()
        place = f"quiz {quiz}" if quiz else f"module {module['url']}"
        spread.visit(place)
        reached.append(place)
    assert sorted(reached) == ["module /a/2/", "quiz 1", "quiz 2", "quiz 3"]  # four trips, four places
    learner.refused.update({1, 2, 3})  # refused everywhere with a quiz: only the module without one is left
    assert {learner._target()[1]["url"] for _ in range(5)} == {"/a/2/"}


def test_a_step_lasts_long_enough_for_a_p95_and_no_longer_than_its_cap():
    config = {"step_seconds": 10, "min_requests": 40, "max_step_seconds": 40}
    assert load_driver.step_seconds(8.0, config) == 10
    assert load_driver.step_seconds(2.0, config) == 20
    assert load_driver.step_seconds(0.5, config) == 40


def test_a_run_without_decisions_fails_however_healthy_the_rest():
    out = _healthy()
    out.update(accepted=0, picked={})
    failed = _failed(out, decisions=0)
    assert "Decision rows per accepted answer" in failed
    assert "choices other than the first" in failed


def test_the_comparison_runs_a_step_below_the_knee_and_never_below_the_ladder():
    config = {"factor": 2.0, "min_rate": 0.5}
    assert load_driver.comparison_rate(_step("step 3", 8.0, 400), config) == 4.0
    assert load_driver.comparison_rate(_step("step 3", 0.7, 400), config) == 0.5
    assert load_driver.comparison_rate(_step("step 3", 0.4, 400), config) == 0.4
