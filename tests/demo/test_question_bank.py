"""The demo bank and the demo's learner text hold CONTENT.md §4b: no internal codes, one pool of six or more per
knowledge check with no question in two pools, no length cue, at most one true/false question per draw, and a learner
who only guesses passes one attempt with a chance below 10 %, computed exactly and borne out by 1,000 guessers.

These read demo/content as the demo loader does and need no database; tests/demo/test_seed_demo.py checks what
`seed_demo` builds from it."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from fractions import Fraction

from django.http import QueryDict

import pytest

from demo.loaders.base import content, courses_content
from demo.loaders.quizzes import parsed_pool, pool_path
from quizzes import grading, guessing, knowledge
from quizzes.models import Question

INTERNAL_CODE = re.compile(r"\b[A-C][0-9]\b|Step [A-Z][0-9]")
# Keys whose values only wire the demo together (codes, slugs, targets); every other string reaches a learner.
WIRING_KEYS = {
    "code",
    "module",
    "key",
    "next",
    "goto",
    "otherwise",
    "slug",
    "variable",
    "quizzes",
    "all",
    "type",
    "step",
    "choice",
}
BANK = content("question_bank")
MODULES_WITH_A_CHECK = [
    (course["code"], module)
    for course in courses_content()
    for module in course["modules"]
    if "KC" in module["quizzes"]
]


def learner_strings(value, where: str = ""):
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in WIRING_KEYS:
                yield from learner_strings(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from learner_strings(item, f"{where}[{index}]")


def multiple_choice() -> list[dict]:
    return [q for pool in BANK["POOLS"].values() for q in pool if q["type"] == "multichoice"]


@pytest.mark.parametrize("name", ["course_a", "course_b", "course_c", "scenarios", "question_bank"])
def test_no_internal_code_reaches_learner_text(name):
    data = {key: value for key, value in content(name).items() if key.isupper()}
    found = [
        f"{where}: …{text[max(0, m.start() - 40) : m.end() + 20]}…"
        for where, text in learner_strings(data, name)
        for m in INTERNAL_CODE.finditer(text)
    ]
    assert found == []


def test_the_code_pattern_catches_what_the_issue_found():
    for text in ("Pick one objective from module A4.", "Revisit A4–A6.", "in C3", "Step H2a"):
        assert INTERNAL_CODE.search(text), text
    assert not INTERNAL_CODE.search("Route 12, the 07:55 from Hollin, CEFR level B12")


def test_every_knowledge_check_has_its_own_pool_of_six_or_more_and_no_question_is_used_twice():
    pools = BANK["POOLS"]
    assert sorted(pools) == sorted(module["code"] for _course, module in MODULES_WITH_A_CHECK)
    assert {code: len(pool) for code, pool in pools.items() if len(pool) < 6} == {}
    texts = [" ".join(q["text"].casefold().split()) for pool in pools.values() for q in pool]
    assert [text for text in set(texts) if texts.count(text) > 1] == []
    titles = [q["title"] for pool in pools.values() for q in pool]
    assert [title for title in set(titles) if titles.count(title) > 1] == []
    # At most one true/false question in any draw: at most one in each pool.
    assert {code: n for code, pool in pools.items() if (n := sum(q["type"] == "truefalse" for q in pool)) > 1} == {}


def test_the_right_option_is_the_longest_in_at_most_a_third_and_the_shortest_in_at_most_a_third():
    questions = multiple_choice()
    longest = [q["title"] for q in questions if len(q["right"][0]) >= max(len(text) for text, _ in q["wrong"])]
    shortest = [q["title"] for q in questions if len(q["right"][0]) <= min(len(text) for text, _ in q["wrong"])]
    assert len(longest) * 3 <= len(questions), longest
    assert len(shortest) * 3 <= len(questions), shortest


def test_options_have_four_choices_and_feedback_within_the_word_limits():
    for pool in BANK["POOLS"].values():
        for q in pool:
            if q["type"] == "truefalse":
                assert len(q["if_wrong"].split()) <= 40 and len(q["if_right"].split()) <= 40, q["title"]
                continue
            options = [q["right"], *q["wrong"]]
            assert len(options) == 4, q["title"]
            for text, feedback in options:
                assert len(text.split()) <= 25 and 0 < len(feedback.split()) <= 40, (q["title"], text)
                assert "all of the above" not in text.casefold(), q["title"]


def pool_of(course_code: str, module: dict) -> list:
    return parsed_pool(module["code"], pool_path(course_code, module["title"]))


def exact_chance(course_code: str, module: dict) -> Fraction:
    pool = [(q.qtype, q.data) for q in pool_of(course_code, module)]
    return guessing.pass_probability(slots=[(pool, BANK["DRAW"])], pass_mark=BANK["PASS_MARK"][course_code])


@pytest.mark.parametrize(
    ("course_code", "module"), MODULES_WITH_A_CHECK, ids=lambda v: v["code"] if isinstance(v, dict) else v
)
def test_a_guessing_learner_passes_one_attempt_with_a_chance_below_ten_percent(course_code, module):
    assert exact_chance(course_code, module) < Fraction(1, 10)


def guessed_attempt_passes(questions: list[Question], *, pass_mark: int, rng: random.Random) -> bool:
    """One attempt by a learner who picks at random among what the question page shows, marked as the attempt
    service marks it."""
    score = maximum = Decimal(0)
    for question in rng.sample(questions, BANK["DRAW"]):
        copy = knowledge.question_copy(question, shuffle_choices=True, rng=rng)
        view = knowledge.public_question(copy)
        post = QueryDict(mutable=True)
        if view["qtype"] == "truefalse":
            post["answer"] = rng.choice(["true", "false"])
        else:
            post["answer"] = rng.choice(view["choices"])["id"]
        response = grading.validate_response(copy["qtype"], copy["data"], knowledge.raw_response(copy, post))
        score += Decimal(str(grading.grade(copy["qtype"], copy["data"], response).fraction))
        maximum += Decimal(str(knowledge.max_mark(copy)))
    return score * 100 >= pass_mark * maximum


def test_a_thousand_guessing_learners_agree_with_the_exact_chance():
    rng = random.Random(17)  # fixed, so the test gives the same verdict every run
    for course_code, module in MODULES_WITH_A_CHECK:
        questions = [
            Question(pk=number, qtype=q.qtype, title=q.title, text=q.text, data=q.data)
            for number, q in enumerate(pool_of(course_code, module), start=1)
        ]
        passes = sum(
            guessed_attempt_passes(questions, pass_mark=BANK["PASS_MARK"][course_code], rng=rng) for _ in range(1000)
        )
        expected = float(exact_chance(course_code, module))
        # Within four standard errors of the exact chance (and a pass or two for the rarest cases).
        margin = 4 * (expected * (1 - expected) / 1000) ** 0.5 + 0.002
        assert abs(passes / 1000 - expected) <= margin, (module["code"], passes, expected)
        assert passes < 100, module["code"]
