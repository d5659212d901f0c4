"""Grading of learners' responses to questions in the `quizzes.gift` data model.

Pure functions over `(qtype, data)` as produced by `quizzes.gift.parse_gift` (see `ParsedQuestion`). Nothing here
touches Django or a database.

Responses, as returned by `validate_response` and accepted by `grade`:

* multichoice: a choice id, i.e. the choice's index in `data["choices"]` as a string ("0", "1", ...)
* multiresponse: a list of choice ids
* truefalse: a bool
* shortanswer: the typed text
* numerical: the typed number as a string; `.` or `,` is the decimal separator
* matching: a dict from the index of a pair in `data["pairs"]` (int) to the chosen answer text
* essay: the typed text
* description: None

`grade` treats None (and an empty selection) as "no answer", which scores 0 where there is something to grade.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Grade", "grade", "max_fraction", "public_view", "validate_response"]

# Weights such as 33.33333% add up to 99.99999%: totals this close to 0 or 1 count as exactly 0 or 1.
_SNAP = 1e-4
_NUMBER_RE = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TRUE_WORDS = {"true", "t", "1", "yes", "on"}
_FALSE_WORDS = {"false", "f", "0", "no", "off"}


@dataclass(frozen=True)
class Grade:
    """The outcome of grading one response.

    `fraction` is in 0..1, or None when a person must mark the response (essay) or there is nothing to grade
    (description). `feedback` lists the per-answer feedback texts that apply to this response, in question order.
    `correct` is `fraction == 1.0`, or None when `fraction` is None.
    """

    fraction: float | None
    feedback: list[str]
    correct: bool | None


def _clamp(fraction: float) -> float:
    if abs(fraction - 1.0) < _SNAP:
        return 1.0
    if abs(fraction) < _SNAP:
        return 0.0
    return min(1.0, max(0.0, fraction))


def _graded(fraction: float, feedback: list[str]) -> Grade:
    fraction = _clamp(fraction)
    return Grade(fraction=fraction, feedback=[text for text in feedback if text], correct=fraction == 1.0)


def _choice_index(data: dict, choice_id: object) -> int:
    choices = data["choices"]
    text = str(choice_id).strip()
    if not text.isdigit() or int(text) >= len(choices):
        raise ValueError(f"unknown choice {text!r}")
    return int(text)


def _parse_number(text: str) -> float | None:
    """Read a learner's number: optional sign, `.` or `,` as decimal separator, optional exponent; else None."""
    text = text.strip().replace("\u2212", "-")
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    if not _NUMBER_RE.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _normalise_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _wildcard_match(pattern: str, response: str) -> bool:
    """Moodle's short answer rule: case-insensitive, `*` matches any run of characters, `\\*` is a literal star."""
    pieces = re.split(r"(?<!\\)\*", _normalise_text(pattern))
    regex = ".*".join(re.escape(piece.replace("\\*", "*")) for piece in pieces)
    return re.fullmatch(regex, _normalise_text(response), flags=re.DOTALL) is not None


def _numerical_matches(answer: dict, value: float) -> bool:
    kind = answer["kind"]
    if kind == "any":
        return True
    if kind == "range":
        low, high = answer["low"], answer["high"]
        epsilon = 1e-9 * max(1.0, abs(low), abs(high))
        return low - epsilon <= value <= high + epsilon
    target = answer["value"]
    tolerance = (answer["tolerance"] or 0.0) if kind == "tolerance" else 0.0
    epsilon = 1e-9 * max(1.0, abs(target))
    return abs(value - target) <= abs(tolerance) + epsilon


def _real_pairs(data: dict) -> list[int]:
    """Indexes of the matching pairs that are items to match (distractors have an empty question)."""
    return [index for index, pair in enumerate(data["pairs"]) if pair["question"]]


def _answer_pool(data: dict) -> list[str]:
    """Distinct answer texts of a matching question, distractors included, in question order."""
    return list(dict.fromkeys(pair["answer"] for pair in data["pairs"]))


def grade(qtype: str, data: dict, response: object) -> Grade:
    """Grade a response (see the module docstring for its shape per type).

    * multichoice: the chosen choice's fraction and feedback.
    * multiresponse: the sum of the selected choices' fractions (a negative one lowers it), clamped to 0..1, and
      their feedback.
    * truefalse: 1 or 0; the "right" feedback for a right answer, the "wrong" one otherwise.
    * shortanswer / numerical: the first answer, in question order, that matches gives fraction and feedback; no
      match scores 0. Short answers compare case-insensitively with trimmed, collapsed whitespace and `*`
      wildcards. Numbers match an exact value, `value ± tolerance`, a `low..high` range, or the `any` catch-all.
    * matching: the share of items matched to their right answer.
    * essay: fraction None (manual marking); description: fraction None.

    Raises ValueError for an unknown type or a response that refers to choices or items the question lacks.
    """
    if qtype == "multichoice":
        if response is None or response == "":
            return _graded(0.0, [])
        choice = data["choices"][_choice_index(data, response)]
        return _graded(choice["fraction"], [choice["feedback"]])
    if qtype == "multiresponse":
        selected = sorted({_choice_index(data, choice_id) for choice_id in response or []})
        choices = [data["choices"][index] for index in selected]
        return _graded(sum(choice["fraction"] for choice in choices), [choice["feedback"] for choice in choices])
    if qtype == "truefalse":
        if response is None:
            return _graded(0.0, [])
        right = bool(response) == data["answer"]
        return _graded(1.0 if right else 0.0, [data["feedback_right"] if right else data["feedback_wrong"]])
    if qtype == "shortanswer":
        text = "" if response is None else str(response)
        for answer in data["answers"]:
            if _wildcard_match(answer["text"], text):
                return _graded(answer["fraction"], [answer["feedback"]])
        return _graded(0.0, [])
    if qtype == "numerical":
        if response is None or str(response).strip() == "":
            return _graded(0.0, [])
        value = response if isinstance(response, int | float) else _parse_number(str(response))
        if value is None:
            raise ValueError(f"{response!r} is not a number")
        for answer in data["answers"]:
            if _numerical_matches(answer, float(value)):
                return _graded(answer["fraction"], [answer["feedback"]])
        return _graded(0.0, [])
    if qtype == "matching":
        items = _real_pairs(data)
        chosen = {int(key): value for key, value in (response or {}).items()}
        unknown = sorted(set(chosen) - set(items))
        if unknown:
            raise ValueError(f"unknown item {unknown[0]}")
        right = sum(1 for index in items if chosen.get(index) == data["pairs"][index]["answer"])
        return _graded(right / len(items) if items else 0.0, [])
    if qtype in ("essay", "description"):
        return Grade(fraction=None, feedback=[], correct=None)
    raise ValueError(f"unknown question type {qtype!r}")


def max_fraction(qtype: str, data: dict) -> float:
    """The best fraction any response can earn: 1.0 for a well-formed gradable question, 0.0 for a description.

    Essays count 1.0 (a marker may award full marks). For choice, short answer and numerical questions it is the
    best reachable total, clamped to 0..1, so a question whose weights never reach 100% shows it.
    """
    if qtype == "multichoice":
        return _clamp(max((choice["fraction"] for choice in data["choices"]), default=0.0))
    if qtype == "multiresponse":
        return _clamp(sum(choice["fraction"] for choice in data["choices"] if choice["fraction"] > 0))
    if qtype in ("shortanswer", "numerical"):
        return _clamp(max((answer["fraction"] for answer in data["answers"]), default=0.0))
    if qtype == "matching":
        return 1.0 if _real_pairs(data) else 0.0
    if qtype in ("truefalse", "essay"):
        return 1.0
    if qtype == "description":
        return 0.0
    raise ValueError(f"unknown question type {qtype!r}")


def public_view(qtype: str, data: dict, *, shuffle_seed: int | None = None) -> dict:
    """What a learner's browser may see before answering: no fractions, no feedback, no right answers.

    * multichoice / multiresponse: `{"qtype", "multiple", "choices": [{"id", "text"}]}`, with `text_format` on a
      choice whose format differs from the question's. Ids are the choice indexes as strings; with a
      `shuffle_seed` the display order is shuffled reproducibly, without one it is the author's order.
    * matching: `{"qtype", "items": [{"id", "text"}], "answers": [str]}`: the items to match (distractors are not
      items) and the pool of distinct answers, distractors included. The pool is shuffled with the seed, else
      sorted alphabetically, so its order never gives away the pairs; items are shuffled with the seed too.
    * every other type: `{"qtype"}` only.
    """
    rng = random.Random(shuffle_seed) if shuffle_seed is not None else None  # noqa: S311 - display order only
    if qtype in ("multichoice", "multiresponse"):
        choices = []
        for index, choice in enumerate(data["choices"]):
            shown = {"id": str(index), "text": choice["text"]}
            if "text_format" in choice:
                shown["text_format"] = choice["text_format"]
            choices.append(shown)
        if rng:
            rng.shuffle(choices)
        return {"qtype": qtype, "multiple": qtype == "multiresponse", "choices": choices}
    if qtype == "matching":
        items = []
        for index in _real_pairs(data):
            pair = data["pairs"][index]
            item = {"id": str(index), "text": pair["question"]}
            if "question_format" in pair:
                item["text_format"] = pair["question_format"]
            items.append(item)
        answers = _answer_pool(data)
        if rng:
            rng.shuffle(items)
            rng.shuffle(answers)
        else:
            answers.sort(key=lambda text: (text.casefold(), text))
        return {"qtype": qtype, "items": items, "answers": answers}
    if qtype in ("truefalse", "shortanswer", "numerical", "essay", "description"):
        return {"qtype": qtype}
    raise ValueError(f"unknown question type {qtype!r}")


def _single(raw: object, what: str) -> str | None:
    """One string from form input, which may arrive as a string or a one-item list; None when absent."""
    if isinstance(raw, list | tuple):
        if len(raw) > 1:
            raise ValueError(f"give only one {what}")
        raw = raw[0] if raw else None
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise ValueError(f"{what} must be text, not {type(raw).__name__}")
    return raw


def validate_response(qtype: str, data: dict, raw: object) -> object:
    """Turn raw form input (strings or lists of strings) into a response for `grade`.

    Raises ValueError with a message fit to show the learner when the input is missing or malformed.
    """
    if qtype == "multichoice":
        choice_id = _single(raw, "answer")
        if choice_id is None or not choice_id.strip():
            raise ValueError("choose an answer")
        return str(_choice_index(data, choice_id))
    if qtype == "multiresponse":
        values = [raw] if isinstance(raw, str) else list(raw or [])
        if any(not isinstance(value, str) for value in values):
            raise ValueError("answers must be choice ids")
        selected = sorted({_choice_index(data, value) for value in values if value.strip()})
        if not selected:
            raise ValueError("choose at least one answer")
        return [str(index) for index in selected]
    if qtype == "truefalse":
        if isinstance(raw, bool):
            return raw
        word = _single(raw, "answer")
        if word is not None and word.strip().lower() in _TRUE_WORDS:
            return True
        if word is not None and word.strip().lower() in _FALSE_WORDS:
            return False
        raise ValueError(f"answer must be true or false, not {word!r}")
    if qtype in ("shortanswer", "essay"):
        text = _single(raw, "answer")
        if text is None or not text.strip():
            raise ValueError("enter an answer")
        return text.strip() if qtype == "shortanswer" else text
    if qtype == "numerical":
        text = _single(raw, "answer")
        if text is None or not text.strip():
            raise ValueError("enter a number")
        if _parse_number(text) is None:
            raise ValueError(f"{text.strip()!r} is not a number")
        return text.strip()
    if qtype == "matching":
        return _validate_matching(data, raw)
    if qtype == "description":
        return None
    raise ValueError(f"unknown question type {qtype!r}")


def _validate_matching(data: dict, raw: object) -> dict[int, str]:
    if not isinstance(raw, Mapping):
        raise ValueError("matching answers must map items to answers")
    items = _real_pairs(data)
    pool = set(_answer_pool(data))
    response: dict[int, str] = {}
    for key, value in raw.items():
        key_text = str(key).strip()
        if not key_text.isdigit() or int(key_text) not in items:
            raise ValueError(f"unknown item {key_text!r}")
        answer = _single(value, "answer")
        if answer is None or not answer.strip():
            continue
        if answer.strip() not in pool:
            raise ValueError(f"{answer.strip()!r} is not one of the answers")
        response[int(key_text)] = answer.strip()
    missing = [index for index in items if index not in response]
    if missing:
        raise ValueError("match every item")
    return response
