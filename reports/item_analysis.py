"""Item analysis of knowledge checks, for trainers (Moodle's quiz statistics report is the anchor): for one check,
its attempts, mean score and the chance a guesser passes; for each question of its pool, the learners and answers,
the facility index, the discrimination index, each option's selection rate and the flags that say what to look at.

Statistics about fewer than `REPORTS_MIN_GROUP_SIZE` learners are not shown (analytics/privacy.py); the answer-length
cue is a property of the question itself and is always shown. Every finished attempt of active learners counts, as
in Moodle's "all attempts". Reads only; a fixed number of queries whatever the number of attempts."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from analytics import privacy
from quizzes import knowledge
from quizzes import selectors as quiz_selectors
from quizzes.models import (
    GRADABLE_TYPES,
    Attempt,
    Decision,
    KnowledgeCheckPage,
    Question,
    QuestionCategory,
    QuestionType,
)
from reports.selectors import quiz_labels

if TYPE_CHECKING:
    from fractions import Fraction

# Moodle's defaults for what deserves a look: nearly everyone right, or strong and weak learners alike right.
TOO_EASY_ABOVE = 0.9
DISCRIMINATION_BELOW = 0.2


@dataclass
class OptionRate:
    text: str
    right: bool
    chosen: int
    share: int | None  # percent of the question's answers; None while held back


@dataclass
class ItemRow:
    """One question of the check's pool (or one asked in an attempt that has since left the pool)."""

    number: int
    question_id: int | None
    title: str
    text: str
    qtype: str
    in_pool: bool
    learners: int = 0
    answers: int = 0
    shown: bool = False  # enough learners for statistics (the small-group rule)
    facility: float | None = None
    discrimination: float | None = None
    options: list[OptionRate] = field(default_factory=list)
    length_cue: bool = False
    flags: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def type_label(self) -> str:
        return str(QuestionType(self.qtype).label) if self.qtype in QuestionType.values else self.qtype

    @property
    def facility_percent(self) -> int | None:
        return None if self.facility is None else round(100 * self.facility)

    @property
    def discrimination_text(self) -> str:
        return "" if self.discrimination is None else f"{self.discrimination:.2f}"

    @property
    def options_text(self) -> str:
        return " · ".join(
            f"{'✓ ' if o.right else ''}{o.text}: {'—' if o.share is None else f'{o.share}%'}" for o in self.options
        )

    @property
    def flags_text(self) -> str:
        return "; ".join(self.flags)


@dataclass
class ItemAnalysis:
    check: KnowledgeCheckPage | None
    check_label: str = ""
    attempts: int = 0
    learners: int = 0
    shown: bool = False
    mean_percent: int | None = None
    sd_percent: int | None = None
    guess_chance: Fraction | None = None
    pass_mark: int | None = None
    rows: list[ItemRow] = field(default_factory=list)

    @property
    def guess_percent(self) -> str:
        return "" if self.guess_chance is None else f"{100 * float(self.guess_chance):.1f}%"


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)


def has_length_cue(qtype: str, data: dict) -> bool:
    """The right option of a multiple-choice question is at least as long as every other option: test-wise
    learners pick the longest option, so a bank where that is often right can be passed by length alone."""
    if qtype != QuestionType.MULTICHOICE or len(data.get("choices", [])) < 2:
        return False
    best = max(choice["fraction"] for choice in data["choices"])
    right = [len(strip_tags(c["text"])) for c in data["choices"] if c["fraction"] == best]
    wrong = [len(strip_tags(c["text"])) for c in data["choices"] if c["fraction"] != best]
    return bool(right and wrong) and max(right) >= max(wrong)


def _options(qtype: str, data: dict) -> list[tuple[str, bool, object]]:
    """(text, right, response value) for each option a learner could pick, in the author's order."""
    if qtype in ("multichoice", "multiresponse"):
        best = max((c["fraction"] for c in data["choices"]), default=0)
        return [
            (
                Truncator(strip_tags(c["text"])).chars(80),
                c["fraction"] == best if qtype == "multichoice" else c["fraction"] > 0,
                str(i),
            )
            for i, c in enumerate(data["choices"])
        ]
    if qtype == "truefalse":
        return [(_("True"), data["answer"] is True, True), (_("False"), data["answer"] is False, False)]
    return []


def _pool(check: KnowledgeCheckPage) -> list[Question]:
    """The questions the check can ask now: its chosen questions and every question its random slots draw from."""
    slots = check.slots()
    chosen = [slot["id"] for slot in slots if slot["type"] == "question"]
    found = {q.pk: q for q in Question.objects.filter(pk__in=chosen, qtype__in=GRADABLE_TYPES)}
    categories = QuestionCategory.objects.in_bulk([slot["category"] for slot in slots if slot["type"] == "random"])
    for slot in slots:
        category = categories.get(slot["category"]) if slot["type"] == "random" else None
        if category is None:
            continue
        scope = category.subtree_filter() if slot["subcategories"] else None
        queryset = Question.objects.filter(scope) if scope is not None else Question.objects.filter(category=category)
        found.update({q.pk: q for q in queryset.filter(qtype__in=GRADABLE_TYPES)})
    return sorted(found.values(), key=lambda q: q.pk)


def knowledge_checks() -> list[KnowledgeCheckPage]:
    return list(KnowledgeCheckPage.objects.order_by("path"))


def item_analysis(*, check: KnowledgeCheckPage | None) -> ItemAnalysis:
    """The item analysis of `check` (the first knowledge check if None)."""
    if check is None:
        check = KnowledgeCheckPage.objects.order_by("path").first()
        if check is None:
            return ItemAnalysis(check=None)
    check = check.specific if not isinstance(check, KnowledgeCheckPage) else check
    minimum = privacy.minimum_group_size()
    attempts = list(
        Attempt.objects.filter(page=check, submitted_at__isnull=False, user__is_active=True).values_list(
            "pk", "user_id", "score", "maximum", "questions"
        )
    )
    by_attempt = {
        pk: (user_id, float(score), float(maximum), copies) for pk, user_id, score, maximum, copies in attempts
    }
    learners = {user_id for user_id, *_rest in by_attempt.values()}
    result = ItemAnalysis(
        check=check,
        check_label=quiz_labels([check])[check.pk],
        attempts=len(by_attempt),
        learners=len(learners),
        shown=privacy.enough(len(learners)),
        pass_mark=check.pass_mark,
        guess_chance=quiz_selectors.guessing_pass_probability(slots=check.slots(), pass_mark=check.pass_mark),
    )
    if result.shown and by_attempt:
        percents = [100 * score / maximum for _u, score, maximum, _c in by_attempt.values() if maximum > 0]
        mean = sum(percents) / len(percents)
        result.mean_percent = round(mean)
        result.sd_percent = round(math.sqrt(sum((p - mean) ** 2 for p in percents) / len(percents)))

    # Per question: (learner, mark as a share of the question's maximum, rest of the attempt as a share, response).
    answers: dict[int, list[tuple[int, float, float | None, object]]] = defaultdict(list)
    copies_seen: dict[int, dict] = {}
    decisions = Decision.objects.filter(attempt_id__in=list(by_attempt)).values_list(
        "attempt_id", "sequence", "score", "response"
    )
    for attempt_id, sequence, score, response in decisions:
        user_id, total, maximum, copies = by_attempt[attempt_id]
        if not 0 <= sequence < len(copies or []):
            continue
        copy = copies[sequence]
        question_max = knowledge.max_mark(copy)
        if question_max <= 0:
            continue
        mark = float(score)
        rest_max = maximum - question_max
        rest = (total - mark) / rest_max if rest_max > 0 else None
        answers[copy["question_id"]].append((user_id, mark / question_max, rest, response))
        copies_seen.setdefault(copy["question_id"], copy)

    pool = _pool(check)
    in_pool = {q.pk for q in pool}
    subjects = [(q.pk, q.title, q.text, q.qtype, q.data) for q in pool]
    subjects += [
        (qid, copy["title"], copy["text"], copy["qtype"], copy["data"])
        for qid, copy in copies_seen.items()
        if qid not in in_pool
    ]
    for number, (qid, title, text, qtype, data) in enumerate(subjects, start=1):
        rows = answers.get(qid, [])
        row = ItemRow(
            number=number,
            question_id=qid,
            title=title or Truncator(strip_tags(text)).chars(60),
            text=Truncator(strip_tags(text)).chars(160),
            qtype=qtype,
            in_pool=qid in in_pool,
            learners=len({user_id for user_id, *_rest in rows}),
            answers=len(rows),
            length_cue=has_length_cue(qtype, data),
        )
        row.shown = privacy.enough(row.learners)
        options = _options(qtype, data)
        if row.shown:
            row.facility = sum(mark for _u, mark, _r, _resp in rows) / len(rows)
            paired = [(mark, rest) for _u, mark, rest, _resp in rows if rest is not None]
            row.discrimination = _pearson([m for m, _ in paired], [r for _, r in paired])
            picked = defaultdict(int)
            for _u, _m, _r, response in rows:
                for value in response if isinstance(response, list) else [response]:
                    picked[value] += 1
            row.options = [
                OptionRate(text=o_text, right=right, chosen=picked[value], share=round(100 * picked[value] / len(rows)))
                for o_text, right, value in options
            ]
            if row.facility > TOO_EASY_ABOVE:
                row.flags.append(_("Too easy: more than 90% of answers are right."))
            if row.discrimination is not None and row.discrimination < DISCRIMINATION_BELOW:
                row.flags.append(_("Not discriminating: strong and weak learners do about as well."))
            if any(not o.right and o.chosen == 0 for o in row.options):
                row.flags.append(_("A distractor nobody picks."))
        else:
            row.options = [OptionRate(text=o_text, right=right, chosen=0, share=None) for o_text, right, _v in options]
            row.note = (
                _("Not asked yet.")
                if not rows
                else _("Fewer than %(n)d learners: not shown, to keep practice private.") % {"n": minimum}
            )
        if row.length_cue:
            row.flags.append(_("Answer-length cue: the right answer is the longest option."))
        if not row.in_pool:
            row.flags.append(_("No longer in the check's pool."))
        result.rows.append(row)
    return result
