"""The result page's finish moment and its one main button (quizzes.selectors.result_next), and the score as the ring
shows it (the `points` filter)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quizzes.scenarios import decisions_left
from quizzes.selectors import ResultNext, decision_progress, outcome_label, result_next
from quizzes.templatetags.quizzes_tags import points


@pytest.mark.parametrize(
    ("passed", "can_retry", "module_completed", "course_completed", "has_next_module", "expected"),
    [
        # A pass that finishes the course: the certificate or summary leads.
        (True, True, True, True, False, ResultNext(moment="course", lead="course")),
        # A pass that finishes a module: the next module leads.
        (True, True, True, False, True, ResultNext(moment="module", lead="next_module")),
        # The course's last module still has others open elsewhere: back to the module.
        (True, True, True, False, False, ResultNext(moment="module", lead="module")),
        # A pass while the module still has other work: back to it.
        (True, True, False, False, True, ResultNext(moment="", lead="module")),
        # A miss: another try leads, and nothing is celebrated, not even a module finished by an earlier pass.
        (False, True, True, False, True, ResultNext(moment="", lead="retry")),
        (False, True, True, True, False, ResultNext(moment="", lead="retry")),
        # A miss with no attempt left (or a wait before the next): back to the module.
        (False, False, False, False, True, ResultNext(moment="", lead="module")),
    ],
)
def test_the_main_button_is_the_step_that_follows_and_only_a_pass_is_celebrated(
    passed, can_retry, module_completed, course_completed, has_next_module, expected
):
    assert (
        result_next(
            passed=passed,
            can_retry=can_retry,
            module_completed=module_completed,
            course_completed=course_completed,
            has_next_module=has_next_module,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("30.00"), "30"),
        (Decimal("2.50"), "2.5"),
        (Decimal("-15"), "\u221215"),
        (0, "0"),
        (Decimal("-0"), "0"),
        (100, "100"),
    ],
)
def test_the_ring_shows_points_without_trailing_zeros_and_with_a_real_minus(value, shown):
    assert points(value) == shown


def _step(key, *targets):
    return {"kind": "step", "key": key, "choices": [{"next": target} for target in targets]}


def test_the_decisions_left_range_over_every_way_on():
    spec = {
        "nodes": [
            _step("A", "B", "ROUTE"),
            _step("B", "END"),
            {"kind": "branch", "key": "ROUTE", "rules": [{"goto": "C"}], "otherwise": "END"},
            _step("C", "D"),
            _step("D", "END", "A"),  # a way back to the start: a path never takes a step twice
            {"kind": "ending", "key": "END"},
        ]
    }
    # A, then the branch's "otherwise" straight to the end; or A, the branch, C and D (B's way takes two)
    assert decisions_left(spec, "A") == (1, 3)
    assert decisions_left(spec, "B") == (1, 1)
    assert decisions_left(spec, "C") == (2, 4)  # C and D; or back through A to B
    assert decisions_left({"nodes": [_step("A", "A")]}, "A") is None  # no ending reachable


def test_a_loopy_story_bounds_its_walk_and_the_range_stays_truthful(monkeypatch):
    """A story whose steps all lead to one another has n! simple paths; the walk stops after its budget and says the
    shortest way exactly and the most as the steps still reachable (an upper bound, so "up to" stays true)."""
    keys = [f"S{n}" for n in range(12)]
    spec = {
        "nodes": [_step(key, *[k for k in keys if k != key], "END") for key in keys]
        + [{"kind": "ending", "key": "END"}]
    }
    assert decisions_left(spec, "S0") == (1, 12)
    # The same answers on the small story above when its walk is cut off at once.
    monkeypatch.setattr("quizzes.scenarios.DECISIONS_WALK_BUDGET", 1)
    small = {
        "nodes": [
            _step("A", "B", "ROUTE"),
            _step("B", "END"),
            {"kind": "branch", "key": "ROUTE", "rules": [{"goto": "C"}], "otherwise": "END"},
            _step("C", "D"),
            _step("D", "END", "A"),
            {"kind": "ending", "key": "END"},
            _step("LOST", "LOST"),
        ]
    }
    assert decisions_left(small, "A") == (1, 4)  # the most is A, B, C and D: reachable, an upper bound of the true 3
    assert decisions_left(small, "C") == (2, 4)
    assert decisions_left(small, "LOST") is None


@pytest.mark.parametrize(
    ("done", "left", "track", "text"),
    [
        # One length whichever way: every dot a decision that will come.
        (0, (3, 3), ["current", "todo", "todo"], "Decision 1 of 3"),
        # 3 or 4: the fourth dot is optional, and the sentence says why there is no one number.
        (0, (3, 4), ["current", "todo", "todo", "maybe"], "Decision 1 of 3 or 4, depending on your choices"),
        (1, (2, 2), ["done", "current", "todo"], "Decision 2 of 3"),
        # Wider apart (or a loopy story's bound): "up to", never a "2–6" range.
        (
            1,
            (1, 5),
            ["done", "current", "maybe", "maybe", "maybe", "maybe"],
            "Decision 2 of up to 6, depending on your choices",
        ),
        (2, (1, 1), ["done", "done", "current"], "Decision 3 of 3"),
    ],
)
def test_the_step_indicator_draws_a_dot_per_decision_and_says_the_same_in_words(done, left, track, text):
    progress = decision_progress(done=done, fewest_left=left[0], most_left=left[1])
    assert progress == {"track": track, "progress_text": text}
    assert "–" not in progress["progress_text"]


@pytest.mark.parametrize(
    ("outcome", "passed", "label"),
    [
        ("good", True, "A good ending"),
        ("good", None, "A good ending"),
        # QA: a good ending reached with a failing score read as pass and fail at once.
        ("good", False, "A good ending, but a score below the pass mark"),
        ("mixed", False, "A mixed ending"),
        ("poor", True, "A poor ending"),
    ],
)
def test_the_ending_tag_never_reads_as_a_pass_beside_a_failing_score(outcome, passed, label):
    assert outcome_label(outcome, passed=passed) == label
