"""Knowledge checks: drawing an attempt's questions from the bank, and what the learner's browser sees and sends.

Each attempt keeps a copy of its questions (`question_copy`), so later edits to the bank leave it as it was. Choices
travel as random per-attempt tokens, never as their position, so neither the page nor the form gives away which one
is right."""

from __future__ import annotations

import random
import secrets
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from quizzes import grading
from quizzes.models import GRADABLE_TYPES, Question, QuestionCategory

if TYPE_CHECKING:
    from django.http import QueryDict

CHOICE_TYPES = {"multichoice", "multiresponse"}


def draw_questions(*, slots: list[dict], shuffle: bool, rng: random.Random) -> list[Question]:
    """Resolve a knowledge check's slots into questions: chosen questions as they are, random slots drawn without
    repeating a question already in the attempt. Missing or ungradable questions are left out. Two queries per
    random slot, one for every chosen question together."""
    chosen_ids = [slot["id"] for slot in slots if slot["type"] == "question"]
    chosen = Question.objects.filter(pk__in=chosen_ids, qtype__in=GRADABLE_TYPES).select_related("category").in_bulk()
    picked: list[Question] = []
    for slot in slots:
        if slot["type"] == "question":
            if slot["id"] in chosen and chosen[slot["id"]] not in picked:
                picked.append(chosen[slot["id"]])
            continue
        category = QuestionCategory.objects.filter(pk=slot["category"]).first()
        if category is None:
            continue
        in_category = category.subtree_filter() if slot["subcategories"] else Q(category=category)
        pool = list(
            Question.objects.filter(in_category, qtype__in=GRADABLE_TYPES)
            .exclude(pk__in=[question.pk for question in picked])
            .select_related("category")
            .order_by("pk")
        )
        picked.extend(rng.sample(pool, min(slot["count"], len(pool))))
    if shuffle:
        rng.shuffle(picked)
    return picked


def question_copy(question: Question, *, shuffle_choices: bool, rng: random.Random) -> dict:
    """What an attempt keeps of one question: its content, a seed for the order of its choices, and a random token
    for each choice."""
    copy = {
        "question_id": question.pk,
        "qtype": question.qtype,
        "title": question.title,
        "text": question.text,
        "text_format": question.text_format,
        "general_feedback": question.general_feedback,
        "data": question.data,
        "has_embedded_answers": question.has_embedded_answers,
        "seed": rng.randrange(2**31) if shuffle_choices else None,
        "tokens": {},
    }
    if question.qtype in CHOICE_TYPES:
        copy["tokens"] = {secrets.token_urlsafe(6): str(index) for index in range(len(question.data["choices"]))}
    return copy


def max_mark(copy: dict) -> float:
    return grading.max_fraction(copy["qtype"], copy["data"])


def public_question(copy: dict) -> dict:
    """The question as the learner's browser may see it before answering: text and, for choice and matching
    questions, the options (choices under their tokens). No fractions, feedback or right answers."""
    view = grading.public_view(copy["qtype"], copy["data"], shuffle_seed=copy["seed"])
    if copy["qtype"] in CHOICE_TYPES:
        token_of = {index: token for token, index in copy["tokens"].items()}
        view["choices"] = [{"id": token_of[choice["id"]], "text": choice["text"]} for choice in view["choices"]]
    return view


def raw_response(copy: dict, post: QueryDict) -> object:
    """The posted form as `grading.validate_response` takes it, with choice tokens turned back into choice ids."""
    qtype = copy["qtype"]
    if qtype == "multichoice":
        token = post.get("answer", "")
        return copy["tokens"].get(token, "-") if token else ""
    if qtype == "multiresponse":
        return [copy["tokens"].get(token, "-") for token in post.getlist("answer")]
    if qtype == "matching":
        items = grading.public_view(qtype, copy["data"])["items"]
        return {item["id"]: post.get(f"item-{item['id']}", "") for item in items}
    return post.get("answer", "")


def invalid_answer_message(copy: dict) -> str:
    """What to tell a learner whose answer cannot be read, by question type."""
    return {
        "multichoice": _("Choose one of the answers."),
        "multiresponse": _("Choose at least one of the answers."),
        "truefalse": _("Choose true or false."),
        "shortanswer": _("Type your answer."),
        "numerical": _("Type a number, for example 42 or 3.5."),
        "matching": _("Choose an answer for every item."),
    }.get(copy["qtype"], _("Your answer could not be read."))


def describe_response(copy: dict, response: object) -> list[str]:
    """The learner's answer in words, one line per part."""
    qtype, data = copy["qtype"], copy["data"]
    if response is None:
        return []
    if qtype == "multichoice":
        return [data["choices"][int(response)]["text"]]
    if qtype == "multiresponse":
        return [data["choices"][int(index)]["text"] for index in response]
    if qtype == "truefalse":
        return [_("True") if response else _("False")]
    if qtype == "matching":
        pairs = data["pairs"]
        return [
            f"{pairs[int(index)]['question']} → {answer}"
            for index, answer in sorted(response.items(), key=lambda i: int(i[0]))
        ]
    return [str(response)]


def right_answers(copy: dict) -> list[str]:
    """The right answer(s) in words, for trainers who show them after submitting."""
    qtype, data = copy["qtype"], copy["data"]
    if qtype == "multichoice":
        best = max(choice["fraction"] for choice in data["choices"])
        return [choice["text"] for choice in data["choices"] if choice["fraction"] == best]
    if qtype == "multiresponse":
        return [choice["text"] for choice in data["choices"] if choice["fraction"] > 0]
    if qtype == "truefalse":
        return [_("True") if data["answer"] else _("False")]
    if qtype == "shortanswer":
        return [answer["text"] for answer in data["answers"] if answer["fraction"] == 1.0]
    if qtype == "numerical":
        return [_numerical_text(answer) for answer in data["answers"] if answer["fraction"] == 1.0]
    if qtype == "matching":
        return [f"{pair['question']} → {pair['answer']}" for pair in data["pairs"] if pair["question"]]
    return []


def _number(value: float) -> str:
    return f"{value:g}"


def _numerical_text(answer: dict) -> str:
    if answer["kind"] == "range":
        return f"{_number(answer['low'])}–{_number(answer['high'])}"
    if answer["kind"] == "tolerance" and answer["tolerance"]:
        return f"{_number(answer['value'])} ± {_number(answer['tolerance'])}"
    return _number(answer["value"])
