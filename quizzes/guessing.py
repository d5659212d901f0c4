"""The exact chance that a learner who only guesses passes one attempt at a knowledge check.

Pure functions over the GIFT data model, like `quizzes.grading`. A guesser picks uniformly among what the question
page offers: one option of a multiple-choice question, true or false, a non-empty set of options of a
multiple-response question, one answer per matching item; they cannot guess a typed answer (short answer,
numerical), which scores nothing. Each random slot draws its questions uniformly without repeats, as
`quizzes.knowledge.draw_questions` does, and the attempt passes when `score × 100 ≥ pass mark × maximum`, as
`quizzes.services.answer_question` marks it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from fractions import Fraction
from math import comb

from quizzes import grading

__all__ = ["guess_distribution", "pass_probability"]

# Beyond this many possible draws for one slot the exact sum is not worth its time; refuse rather than guess.
MAX_DRAWS = 200_000
Distribution = dict[Fraction, Fraction]  # mark → probability


def _clamp(value: Fraction) -> Fraction:
    return min(Fraction(1), max(Fraction(0), value))


def _fraction(value: float) -> Fraction:
    # Weights come from GIFT percentages such as 33.33333%; limit_denominator turns them back into thirds.
    return Fraction(value).limit_denominator(100_000)


def guess_distribution(qtype: str, data: dict) -> Distribution:
    """The marks a guesser earns on one question, each with its probability."""
    outcomes: Distribution = defaultdict(Fraction)
    if qtype == "multichoice":
        choices = data["choices"]
        for choice in choices:
            outcomes[_clamp(_fraction(choice["fraction"]))] += Fraction(1, len(choices))
    elif qtype == "truefalse":
        outcomes[Fraction(1)] += Fraction(1, 2)
        outcomes[Fraction(0)] += Fraction(1, 2)
    elif qtype == "multiresponse":
        fractions = [_fraction(choice["fraction"]) for choice in data["choices"]]
        subsets = [s for size in range(1, len(fractions) + 1) for s in itertools.combinations(fractions, size)]
        for subset in subsets:
            outcomes[_clamp(sum(subset, Fraction(0)))] += Fraction(1, len(subsets))
    elif qtype == "matching":
        items = [pair for pair in data["pairs"] if pair["question"]]
        pool = len(dict.fromkeys(pair["answer"] for pair in data["pairs"]))
        right = Fraction(1, pool)
        for hits in range(len(items) + 1):
            chance = comb(len(items), hits) * right**hits * (1 - right) ** (len(items) - hits)
            outcomes[Fraction(hits, len(items))] += chance
    else:
        outcomes[Fraction(0)] += Fraction(1)
    return dict(outcomes)


def _add(left: dict, right: dict) -> dict:
    """Convolve two distributions over (score, maximum) pairs."""
    total: dict = defaultdict(Fraction)
    for (score_a, max_a), p_a in left.items():
        for (score_b, max_b), p_b in right.items():
            total[(score_a + score_b, max_a + max_b)] += p_a * p_b
    return dict(total)


def _question(qtype: str, data: dict) -> dict:
    maximum = _fraction(grading.max_fraction(qtype, data))
    return {(mark, maximum): p for mark, p in guess_distribution(qtype, data).items()}


def _slot(pool: list[tuple[str, dict]], count: int) -> dict:
    """Every equally likely draw of `count` questions from `pool`, summed."""
    count = min(count, len(pool))
    draws = comb(len(pool), count)
    if draws > MAX_DRAWS:
        raise ValueError(f"{draws} possible draws is too many to sum exactly")
    per_question = [_question(qtype, data) for qtype, data in pool]
    total: dict = defaultdict(Fraction)
    for picked in itertools.combinations(range(len(pool)), count):
        outcome = {(Fraction(0), Fraction(0)): Fraction(1)}
        for index in picked:
            outcome = _add(outcome, per_question[index])
        for key, p in outcome.items():
            total[key] += p / draws
    return dict(total)


def pass_probability(*, slots: list[tuple[list[tuple[str, dict]], int]], pass_mark: int) -> Fraction:
    """The exact chance that one guessed attempt passes. `slots` lists, per slot of the check, its pool of
    (qtype, data) questions and how many it draws (a chosen question is a pool of one, drawing one); pools of
    different slots are taken to be disjoint."""
    outcome = {(Fraction(0), Fraction(0)): Fraction(1)}
    for pool, count in slots:
        outcome = _add(outcome, _slot(pool, count))
    return sum(
        (p for (score, maximum), p in outcome.items() if maximum > 0 and score * 100 >= pass_mark * maximum),
        Fraction(0),
    )
