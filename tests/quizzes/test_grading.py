"""Tests of `quizzes.grading`: grading every question type, the learner's public view and response validation.
Plain pytest: no Django, no database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizzes.gift import parse_gift, parse_gift_file
from quizzes.grading import Grade, grade, max_fraction, public_view, validate_response

FILES_DIR = Path(__file__).resolve().parent / "files"


def _data(source: str) -> tuple[str, dict]:
    result = parse_gift(source)
    assert result.errors == []
    question = result.questions[0]
    return question.qtype, question.data


PHISH = _data(
    "Phish? {=Report it#Right. ~Click#Trap. ~%50%Ask a colleague#Half way. ~%-50%Reply#Confirms your address.}"
)
HABITS = _data(
    "Habits? {~%50%Password manager#Unique passwords. ~%50%Two-factor#Good. ~%-100%Reuse#One leak opens all. ~Ignore}"
)
THIRDS = _data("Continents? {~%33.33333%Africa ~%33.33333%Asia ~%33.33333%Europe ~%-100%China}")
TRUE_Q = _data("Public posts are public.{TRUE#Check your settings.#Right.}")
SHORT = _data("MFA means? {=multi-factor authentication#Exactly. =%50%*factor*#Close. =%0%*#No.}")
NUMBER = _data("Pi? {#\n=3.1415:0.0005#Good.\n=%50%3..4#Roughly.\n~#Not pi.}")
MATCH = _data("Match. {=LinkedIn -> Jobs =Instagram -> Photos =Slack -> Chat = -> Banking}")


# -- grade --------------------------------------------------------------------------------------------------------


def test_the_right_choice_scores_full_marks_with_its_feedback() -> None:
    assert grade(*PHISH, "0") == Grade(fraction=1.0, feedback=["Right."], correct=True)


def test_a_wrong_choice_scores_zero_and_a_partial_one_its_weight() -> None:
    assert grade(*PHISH, "1") == Grade(fraction=0.0, feedback=["Trap."], correct=False)
    assert grade(*PHISH, "2") == Grade(fraction=0.5, feedback=["Half way."], correct=False)


def test_a_negative_single_choice_is_clamped_to_zero() -> None:
    assert grade(*PHISH, "3").fraction == 0.0


def test_no_choice_scores_zero_without_feedback() -> None:
    assert grade(*PHISH, None) == Grade(fraction=0.0, feedback=[], correct=False)


def test_an_unknown_choice_id_is_rejected() -> None:
    with pytest.raises(ValueError, match="^unknown choice '9'$"):
        grade(*PHISH, "9")


def test_multiple_answers_add_their_weights() -> None:
    assert grade(*HABITS, ["0", "1"]) == Grade(fraction=1.0, feedback=["Unique passwords.", "Good."], correct=True)
    assert grade(*HABITS, ["1"]).fraction == 0.5


def test_selecting_a_negative_answer_lowers_the_mark_but_never_below_zero() -> None:
    assert grade(*HABITS, ["0", "1", "2"]).fraction == 0.0
    assert grade(*THIRDS, ["0", "1", "3"]).fraction == 0.0
    assert grade(*HABITS, ["0", "3"]) == Grade(fraction=0.5, feedback=["Unique passwords."], correct=False)


def test_fractional_weights_that_add_up_to_99_99999_percent_count_as_full_marks() -> None:
    assert grade(*THIRDS, ["0", "1", "2"]) == Grade(fraction=1.0, feedback=[], correct=True)


def test_selecting_the_same_choice_twice_counts_once() -> None:
    assert grade(*HABITS, ["0", "0"]).fraction == 0.5


def test_true_false_shows_the_right_feedback_for_a_right_answer_and_the_wrong_one_otherwise() -> None:
    assert grade(*TRUE_Q, True) == Grade(fraction=1.0, feedback=["Right."], correct=True)
    assert grade(*TRUE_Q, False) == Grade(fraction=0.0, feedback=["Check your settings."], correct=False)


def test_short_answers_ignore_case_and_surrounding_or_repeated_spaces() -> None:
    assert grade(*SHORT, "  Multi-Factor   AUTHENTICATION ") == Grade(fraction=1.0, feedback=["Exactly."], correct=True)


def test_short_answers_match_wildcards_in_answer_order() -> None:
    assert grade(*SHORT, "two factor thing") == Grade(fraction=0.5, feedback=["Close."], correct=False)
    assert grade(*SHORT, "no idea") == Grade(fraction=0.0, feedback=["No."], correct=False)


def test_a_backslash_star_in_a_short_answer_is_a_literal_star() -> None:
    qtype, data = _data("Wildcard character? {=\\*}")
    assert grade(qtype, data, "*").correct is True
    assert grade(qtype, data, "anything").correct is False


def test_an_unmatched_short_answer_scores_zero_without_feedback() -> None:
    qtype, data = _data("Capital of France? {=Paris}")
    assert grade(qtype, data, "Lyon") == Grade(fraction=0.0, feedback=[], correct=False)


@pytest.mark.parametrize(
    ("response", "fraction", "feedback"),
    [
        ("3.1415", 1.0, "Good."),
        ("3,142", 1.0, "Good."),
        ("3.141", 1.0, "Good."),
        (" +3.14159 ", 1.0, "Good."),
        ("3.5", 0.5, "Roughly."),
        ("4", 0.5, "Roughly."),
        ("-7", 0.0, "Not pi."),
        ("314.15e-2", 1.0, "Good."),
    ],
)
def test_numerical_answers_match_tolerances_ranges_and_the_catch_all_in_order(
    response: str, fraction: float, feedback: str
) -> None:
    assert grade(*NUMBER, response) == Grade(fraction=fraction, feedback=[feedback], correct=fraction == 1.0)


def test_an_exact_numerical_answer_needs_the_exact_number() -> None:
    qtype, data = _data("Days in a leap year? {#366}")
    assert grade(qtype, data, "366").correct is True
    assert grade(qtype, data, "366,0").correct is True
    assert grade(qtype, data, 365.0) == Grade(fraction=0.0, feedback=[], correct=False)


def test_a_numerical_response_that_is_not_a_number_is_rejected() -> None:
    with pytest.raises(ValueError, match="^'pi' is not a number$"):
        grade(*NUMBER, "pi")


def test_matching_scores_the_share_of_right_pairs() -> None:
    assert grade(*MATCH, {0: "Jobs", 1: "Photos", 2: "Chat"}) == Grade(fraction=1.0, feedback=[], correct=True)
    assert grade(*MATCH, {0: "Jobs", 1: "Banking", 2: "Photos"}).fraction == pytest.approx(1 / 3)
    assert grade(*MATCH, {"0": "Jobs"}).fraction == pytest.approx(1 / 3)


def test_matching_rejects_an_item_the_question_lacks() -> None:
    with pytest.raises(ValueError, match="^unknown item 3$"):
        grade(*MATCH, {3: "Banking"})


def test_essays_wait_for_manual_marking_and_descriptions_have_nothing_to_grade() -> None:
    assert grade("essay", {}, "My answer") == Grade(fraction=None, feedback=[], correct=None)
    assert grade("description", {}, None) == Grade(fraction=None, feedback=[], correct=None)


def test_grading_an_unknown_type_is_an_error() -> None:
    with pytest.raises(ValueError, match="^unknown question type 'cloze'$"):
        grade("cloze", {}, "x")


def _right_response(qtype: str, data: dict) -> object:
    if qtype == "multichoice":
        return next(str(index) for index, choice in enumerate(data["choices"]) if choice["fraction"] == 1.0)
    if qtype == "multiresponse":
        return [str(index) for index, choice in enumerate(data["choices"]) if choice["fraction"] > 0]
    if qtype == "truefalse":
        return data["answer"]
    if qtype == "shortanswer":
        return next(answer["text"] for answer in data["answers"] if answer["fraction"] == 1.0)
    if qtype == "numerical":
        answer = next(answer for answer in data["answers"] if answer["fraction"] == 1.0)
        return str(answer["value"] if answer["kind"] != "range" else answer["low"])
    if qtype == "matching":
        return {index: pair["answer"] for index, pair in enumerate(data["pairs"]) if pair["question"]}
    return "An essay." if qtype == "essay" else None


def test_every_question_of_the_demo_file_can_be_answered_fully_right() -> None:
    for question in parse_gift_file(FILES_DIR / "socialwise_all_types.gift").questions:
        response = validate_response(question.qtype, question.data, _right_response(question.qtype, question.data))
        result = grade(question.qtype, question.data, response)
        if question.qtype in ("essay", "description"):
            assert result.fraction is None
        else:
            assert result.correct is True, question.title
            assert max_fraction(question.qtype, question.data) == 1.0


# -- max_fraction -------------------------------------------------------------------------------------------------


def test_max_fraction_is_the_best_reachable_mark() -> None:
    assert max_fraction(*PHISH) == 1.0
    assert max_fraction(*THIRDS) == 1.0
    assert max_fraction("multiresponse", {"choices": [{"text": "a", "fraction": 0.5, "feedback": ""}]}) == 0.5
    assert max_fraction(*TRUE_Q) == 1.0
    assert max_fraction(*MATCH) == 1.0
    assert max_fraction("essay", {}) == 1.0
    assert max_fraction("description", {}) == 0.0


# -- public_view --------------------------------------------------------------------------------------------------


def test_public_view_of_choices_shows_texts_and_index_ids_but_no_marks_or_feedback() -> None:
    view = public_view(*PHISH)
    assert view == {
        "qtype": "multichoice",
        "multiple": False,
        "choices": [
            {"id": "0", "text": "Report it"},
            {"id": "1", "text": "Click"},
            {"id": "2", "text": "Ask a colleague"},
            {"id": "3", "text": "Reply"},
        ],
    }
    assert public_view(*HABITS)["multiple"] is True


def test_public_view_shuffles_reproducibly_with_a_seed_and_keeps_the_ids() -> None:
    first = public_view(*HABITS, shuffle_seed=42)
    assert first == public_view(*HABITS, shuffle_seed=42)
    assert sorted(first["choices"], key=lambda choice: choice["id"]) == public_view(*HABITS)["choices"]
    orders = {tuple(c["id"] for c in public_view(*HABITS, shuffle_seed=seed)["choices"]) for seed in range(20)}
    assert len(orders) > 1


def test_public_view_of_matching_lists_items_and_a_pool_that_gives_nothing_away() -> None:
    view = public_view(*MATCH)
    assert view == {
        "qtype": "matching",
        "items": [{"id": "0", "text": "LinkedIn"}, {"id": "1", "text": "Instagram"}, {"id": "2", "text": "Slack"}],
        "answers": ["Banking", "Chat", "Jobs", "Photos"],
    }
    shuffled = public_view(*MATCH, shuffle_seed=7)
    assert sorted(shuffled["answers"]) == view["answers"]
    assert sorted(shuffled["items"], key=lambda item: item["id"]) == view["items"]


def test_public_view_keeps_an_answer_format_that_differs_from_the_question() -> None:
    view = public_view(*_data("[html]<p>Pick</p>{=<b>yes</b> ~[plain]no}"))
    assert view["choices"][1] == {"id": "1", "text": "no", "text_format": "plain"}


@pytest.mark.parametrize("question", [PHISH, HABITS, TRUE_Q, SHORT, NUMBER, MATCH])
def test_public_view_never_contains_fractions_feedback_or_right_answers(question: tuple[str, dict]) -> None:
    dumped = json.dumps(public_view(*question, shuffle_seed=3))
    for secret in ("fraction", "feedback", "Right.", "Trap.", "Exactly.", "multi-factor", "3.1415", "Not pi."):
        assert secret not in dumped
    assert public_view(*TRUE_Q) == {"qtype": "truefalse"}


# -- validate_response --------------------------------------------------------------------------------------------


def test_validation_accepts_well_formed_form_input() -> None:
    assert validate_response(*PHISH, " 2 ") == "2"
    assert validate_response(*PHISH, ["1"]) == "1"
    assert validate_response(*HABITS, ["3", "0", "0"]) == ["0", "3"]
    assert validate_response(*HABITS, "1") == ["1"]
    assert validate_response(*TRUE_Q, "true") is True
    assert validate_response(*TRUE_Q, ["False"]) is False
    assert validate_response(*SHORT, "  MFA ") == "MFA"
    assert validate_response(*NUMBER, " 3,14 ") == "3,14"
    assert validate_response(*MATCH, {"0": "Jobs", "1": ["Photos"], "2": "Banking"}) == {
        0: "Jobs",
        1: "Photos",
        2: "Banking",
    }
    assert validate_response("essay", {}, "Line one\nLine two") == "Line one\nLine two"
    assert validate_response("description", {}, "ignored") is None


@pytest.mark.parametrize(
    ("question", "raw", "message"),
    [
        (PHISH, "", "choose an answer"),
        (PHISH, None, "choose an answer"),
        (PHISH, "7", "unknown choice '7'"),
        (PHISH, "-1", "unknown choice '-1'"),
        (PHISH, ["0", "1"], "give only one answer"),
        (PHISH, 3, "answer must be text, not int"),
        (HABITS, [], "choose at least one answer"),
        (HABITS, ["0", "x"], "unknown choice 'x'"),
        (HABITS, [1], "answers must be choice ids"),
        (TRUE_Q, "maybe", "answer must be true or false, not 'maybe'"),
        (TRUE_Q, None, "answer must be true or false, not None"),
        (SHORT, "   ", "enter an answer"),
        (NUMBER, "", "enter a number"),
        (NUMBER, "three", "'three' is not a number"),
        (NUMBER, "1,000.5", "'1,000.5' is not a number"),
        (NUMBER, "1e999", "'1e999' is not a number"),
        (MATCH, "Jobs", "matching answers must map items to answers"),
        (MATCH, {"0": "Jobs", "3": "Banking"}, "unknown item '3'"),
        (MATCH, {"0": "Jobs", "1": "Paris", "2": "Chat"}, "'Paris' is not one of the answers"),
        (MATCH, {"0": "Jobs", "1": ""}, "match every item"),
        (("essay", {}), "", "enter an answer"),
        (("cloze", {}), "x", "unknown question type 'cloze'"),
    ],
)
def test_validation_rejects_malformed_input_with_a_clear_message(
    question: tuple[str, dict], raw: object, message: str
) -> None:
    with pytest.raises(ValueError) as excinfo:
        validate_response(*question, raw)
    assert str(excinfo.value) == message
