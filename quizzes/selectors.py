"""Reads for the quiz screens. Each function's query count is fixed, whatever the number of attempts or steps."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Enrolment
from quizzes import grading, guessing, knowledge, scenarios
from quizzes.models import (
    GRADABLE_TYPES,
    Attempt,
    Decision,
    Question,
    QuestionCategory,
    QuizKind,
    ReviewWhen,
    ScoreToKeep,
)

if TYPE_CHECKING:
    from wagtail.models import Page

    from people.models import User


@dataclass
class QuizOverview:
    """A learner's standing on one quiz page: past attempts (newest first), the open one, the attempt whose score
    counts and how many attempts remain (None: no limit)."""

    attempts: list[Attempt] = field(default_factory=list)
    open_attempt: Attempt | None = None
    kept: Attempt | None = None
    attempts_left: int | None = None
    has_passed: bool = False
    next_start_at: datetime | None = None

    @property
    def can_start(self) -> bool:
        if self.open_attempt is not None:
            return True
        if self.next_start_at is not None:
            return False
        return self.attempts_left is None or self.attempts_left > 0


@dataclass(frozen=True)
class ResultNext:
    """What a result page celebrates and which next step is its one main button."""

    moment: str  # "course", "module" or "" (nothing finished by this attempt's pass)
    lead: str  # "course" (certificate or summary), "next_module", "retry" or "module" (back to it)


def result_next(
    *, passed: bool, can_retry: bool, module_completed: bool, course_completed: bool, has_next_module: bool
) -> ResultNext:
    """A finish is celebrated only after a pass (a missed retry of a finished module is no moment), and the main
    button is the step that follows: the course's end, the next module, another try after a miss, else the module."""
    moment = "course" if passed and course_completed else "module" if passed and module_completed else ""
    if moment == "course":
        lead = "course"
    elif moment == "module" and has_next_module:
        lead = "next_module"
    elif not passed and can_retry:
        lead = "retry"
    else:
        lead = "module"
    return ResultNext(moment=moment, lead=lead)


def next_start_at(*, page: Page, finished: list[Attempt], now: datetime | None = None) -> datetime | None:
    """When the learner may start again after an attempt that did not pass, if the page asks for a wait and it has
    not passed yet. `finished` are the learner's finished attempts of this cycle, newest first."""
    wait = getattr(page, "wait_between_attempts", 0) or 0
    if not wait or not finished or finished[0].passed:
        return None
    ready = finished[0].submitted_at + timedelta(minutes=wait)
    return ready if ready > (now or timezone.now()) else None


def cycle_start(*, user: User, page: Page) -> datetime | None:
    """When the learner's current cycle of the quiz's course began, if they are recertifying: attempts before it
    belong to an earlier cycle. None in a first cycle (or without an enrolment): every attempt counts. One query."""
    row = (
        Enrolment.objects.filter(user=user, is_current=True, course__path=page.path[: -2 * page.steplen])
        .values_list("cycle", "enrolled_at")
        .first()
    )
    return row[1] if row and row[0] > 1 else None


def quiz_overview(*, user: User, page: Page) -> QuizOverview:
    """Two queries: the start of a recertification cycle (see `cycle_start`) and the attempts."""
    if not user.is_authenticated:
        return QuizOverview(attempts_left=page.attempts_allowed or None)
    since = cycle_start(user=user, page=page)
    attempts = list(Attempt.objects.filter(user=user, page=page).order_by("-number"))
    finished = [a for a in attempts if a.is_finished]
    this_cycle = [a for a in finished if since is None or a.started_at >= since]
    kept = None
    if this_cycle:
        if page.score_to_keep == ScoreToKeep.LAST:
            kept = this_cycle[0]
        else:
            kept = max(this_cycle, key=lambda a: (a.score, a.submitted_at))
    left = max(0, page.attempts_allowed - len(this_cycle)) if page.attempts_allowed else None
    return QuizOverview(
        attempts=finished,
        open_attempt=next((a for a in attempts if not a.is_finished), None),
        kept=kept,
        attempts_left=left,
        has_passed=any(a.passed for a in this_cycle),
        # With no attempt left there is nothing to wait for.
        next_start_at=None
        if left == 0
        else next_start_at(page=page, finished=sorted(this_cycle, key=lambda a: a.submitted_at, reverse=True)),
    )


def own_attempt(*, user: User, attempt_id: int) -> Attempt | None:
    """The attempt if it belongs to `user`; one query with its version and page."""
    return Attempt.objects.select_related("version", "page").filter(pk=attempt_id, user=user).first()


def decisions_of(attempt: Attempt) -> list[Decision]:
    return list(attempt.decisions.order_by("sequence"))


# --- Scenarios -------------------------------------------------------------------------------------------------------


@dataclass
class Meter:
    label: str
    value: int
    minimum: int
    maximum: int
    change: int | None = None
    better: str = "higher"  # "higher", "lower" or "neither" (VariableBlock.better)

    @property
    def judgement(self) -> str:
        """good, fair or poor by the third of the range the value is in, read the way the author said is better;
        neutral for a plain count. The meter's colour; the words beside it say the same."""
        if self.better not in ("higher", "lower") or self.maximum <= self.minimum:
            return "neutral"
        share = (self.value - self.minimum) / (self.maximum - self.minimum)
        if self.better == "lower":
            share = 1 - share
        return "good" if share >= 2 / 3 else "fair" if share >= 1 / 3 else "poor"

    @property
    def low(self) -> float:
        return self.minimum + (self.maximum - self.minimum) / 3

    @property
    def high(self) -> float:
        return self.minimum + 2 * (self.maximum - self.minimum) / 3

    @property
    def optimum(self) -> int | None:
        return {"higher": self.maximum, "lower": self.minimum}.get(self.better)

    @property
    def change_is_better(self) -> bool | None:
        """Whether the last change moved the value the good way; None for no change or a plain count."""
        if not self.change or self.better not in ("higher", "lower"):
            return None
        return (self.change > 0) == (self.better == "higher")


def meters(spec: dict, values: dict[str, int], before: dict[str, int] | None = None) -> list[Meter]:
    return [
        Meter(
            label=variable["label"],
            value=values.get(variable["key"], variable["initial"]),
            minimum=variable["minimum"],
            maximum=variable["maximum"],
            change=(values.get(variable["key"], 0) - before.get(variable["key"], 0)) if before is not None else None,
            # scenario versions published before "better" existed read as "higher", the block's default
            better=variable.get("better", "higher"),
        )
        for variable in spec["variables"]
    ]


def decision_progress(*, done: int, fewest_left: int, most_left: int) -> dict:
    """How far through the story: a dot per decision (taken, this one, still to come, and the ones only some ways on
    meet, drawn as optional) and the sentence a screen reader hears for them. The range comes from
    `scenarios.decisions_left`, an upper bound on loopy stories, so "up to" stays true."""
    number, fewest, most = done + 1, done + fewest_left, done + most_left
    track = ["done"] * done + ["current"] + ["todo"] * (fewest_left - 1) + ["maybe"] * (most_left - fewest_left)
    if fewest == most:
        text = _("Decision %(number)s of %(total)s") % {"number": number, "total": most}
    elif most == fewest + 1:
        # "of 3 or 4", never a "3–4" range (which read as a bug), and why it is not one number
        text = _("Decision %(number)s of %(fewest)s or %(most)s, depending on your choices") % {
            "number": number,
            "fewest": fewest,
            "most": most,
        }
    else:
        text = _("Decision %(number)s of up to %(most)s, depending on your choices") % {"number": number, "most": most}
    return {"track": track, "progress_text": text}


def scenario_step(attempt: Attempt, decisions: list[Decision]) -> dict:
    """What the current step shows: the situation, the new posts, the posts seen earlier, the variables now and the
    choices by their ids and texts only (no scores, feedback or targets)."""
    spec = attempt.version.content
    by_key = scenarios.nodes_by_key(spec)
    node = by_key[attempt.current_key]
    fewest, most = scenarios.decisions_left(spec, attempt.current_key) or (1, 1)
    earlier_posts = []
    for decision in decisions:
        earlier_posts.extend(by_key[decision.step_key]["posts"] if decision.step_key in by_key else [])
    return {
        "number": attempt.position + 1,
        **decision_progress(done=attempt.position, fewest_left=fewest, most_left=most),
        "clock": node["clock"],
        "situation": node["situation"],
        "posts": node["posts"],
        "earlier_posts": earlier_posts,
        "choices": [{"id": choice["id"], "text": choice["text"]} for choice in node["choices"]],
        "meters": meters(spec, attempt.variables),
    }


def _variables_before(spec: dict, decisions: list[Decision], sequence: int) -> dict[str, int]:
    before = scenarios.initial_variables(spec)
    for decision in decisions:
        if decision.sequence < sequence:
            before = decision.variables
    return before


def scenario_feedback(attempt: Attempt, decisions: list[Decision], decision: Decision) -> dict:
    """After a choice: the choice, its feedback and score, how the variables moved, the score so far."""
    spec = attempt.version.content
    by_key = scenarios.nodes_by_key(spec)
    step = by_key[decision.step_key]
    choice = scenarios.find_choice(step, decision.choice_id)
    score_so_far = sum(d.score for d in decisions if d.sequence <= decision.sequence)
    is_last = decision.sequence == attempt.position - 1
    return {
        "step": step,
        "choice": choice,
        "score_change": int(decision.score),
        "score_so_far": int(score_so_far),
        "meters": meters(spec, decision.variables, _variables_before(spec, decisions, decision.sequence)),
        "finished": attempt.is_finished and is_last,
        "is_last": is_last,
    }


def scenario_story(attempt: Attempt, decisions: list[Decision]) -> dict:
    """The end of a scenario: the ending, the path taken with each choice's score and the variables after it."""
    spec = attempt.version.content
    by_key = scenarios.nodes_by_key(spec)
    rows = []
    chosen: set[tuple[str, int]] = set()
    for decision in decisions:
        step = by_key[decision.step_key]
        choice = scenarios.find_choice(step, decision.choice_id)
        chosen.add((decision.step_key, step["choices"].index(choice) + 1))
        score = int(decision.score)
        rows.append(
            {
                "clock": step["clock"],
                "choice": choice["text"],
                "score": score,
                "tone": "up" if score > 0 else "down" if score < 0 else "flat",
                "values": [decision.variables.get(v["key"], v["initial"]) for v in spec["variables"]],
            }
        )
    ending = by_key.get(attempt.ending_key)
    return {
        "ending": ending,
        "lines": scenarios.debrief_lines(ending, chosen=chosen, variables=attempt.variables, score=int(attempt.score))
        if ending
        else [],
        "rows": rows,
        "start_values": [v["initial"] for v in spec["variables"]],
        "variables": spec["variables"],
        "meters": meters(spec, attempt.variables, scenarios.initial_variables(spec)),
        "max_score": spec["max_score"],
        "pass_mark": spec["pass_mark"],
    }


# --- Knowledge checks ------------------------------------------------------------------------------------------------


def knowledge_question(attempt: Attempt) -> dict:
    """The current question as the learner may see it before answering (see `knowledge.public_question`)."""
    copy = attempt.questions[attempt.position]
    return {
        "number": attempt.position + 1,
        "total": len(attempt.questions),
        "copy": copy,
        "view": knowledge.public_question(copy),
    }


@dataclass(frozen=True)
class ReviewStanding:
    """Where a learner stands when they look at one of their attempts: is this attempt finished, have they passed the
    check (in this cycle), and are any attempts left."""

    finished: bool
    passed: bool
    no_attempts_left: bool


def review_options(content: dict) -> dict[str, str]:
    """The review options a knowledge-check version was taken under. Versions kept before review options existed
    had one switch; they read as the data migration set their pages (shown: after passing; hidden: never)."""
    if "review_right_answers" in content:
        return {"right_answers": content["review_right_answers"], "feedback": content["review_feedback"]}
    shown = content.get("show_right_answers", True)
    return {
        "right_answers": ReviewWhen.AFTER_PASSING if shown else ReviewWhen.NEVER,
        "feedback": ReviewWhen.IMMEDIATELY,
    }


def review_allows(when: str, standing: ReviewStanding) -> bool:
    """Whether a review option set to `when` lets the learner see it now. Only “immediately” shows anything while
    the attempt is still open; an unknown value shows nothing."""
    if when == ReviewWhen.IMMEDIATELY:
        return True
    if not standing.finished:
        return False
    if when == ReviewWhen.AFTER_ATTEMPT:
        return True
    if when == ReviewWhen.AFTER_PASSING:
        return standing.passed or standing.no_attempts_left
    if when == ReviewWhen.AFTER_LAST_ATTEMPT:
        return standing.no_attempts_left
    return False


def review_standing(attempt: Attempt, *, page: Page) -> ReviewStanding:
    """Two queries (see `quiz_overview`); `page` is the attempt's page as its specific type."""
    overview = quiz_overview(user=attempt.user, page=page)
    return ReviewStanding(
        finished=attempt.is_finished,
        passed=overview.has_passed,
        no_attempts_left=overview.attempts_left == 0 and overview.open_attempt is None,
    )


def _marked(copy: dict, decision: Decision, *, show_feedback: bool, show_right_answers: bool) -> dict:
    """One answered question as the learner may see it. What the review options hide is left out of the result
    altogether, not just out of the template."""
    marked = {
        "copy": copy,
        "decision": decision,
        "your_answer": knowledge.describe_response(copy, decision.response),
        "show_feedback": show_feedback,
        "feedback": [],
        "general_feedback": "",
        "correct": None,
        "mark": None,
        "max_mark": Decimal(str(knowledge.max_mark(copy))),
        "right_answers": [],
    }
    if show_feedback:
        result = grading.grade(copy["qtype"], copy["data"], decision.response)
        marked.update(feedback=result.feedback, correct=result.correct, mark=decision.score)
    if show_right_answers:
        marked.update(right_answers=knowledge.right_answers(copy), general_feedback=copy["general_feedback"])
    return marked


def _allowed(attempt: Attempt, standing: ReviewStanding) -> dict[str, bool]:
    options = review_options(attempt.version.content)
    return {
        "show_feedback": review_allows(options["feedback"], standing),
        "show_right_answers": review_allows(options["right_answers"], standing),
    }


def knowledge_feedback(attempt: Attempt, decision: Decision, *, standing: ReviewStanding) -> dict:
    """After one answer: what the review options let the learner see of it now."""
    marked = _marked(attempt.questions[decision.sequence], decision, **_allowed(attempt, standing))
    marked["number"] = decision.sequence + 1
    marked["total"] = len(attempt.questions)
    marked["is_last"] = decision.sequence == attempt.position - 1
    marked["finished"] = attempt.is_finished and marked["is_last"]
    return marked


def knowledge_result(attempt: Attempt, decisions: list[Decision], *, standing: ReviewStanding) -> dict:
    """A finished attempt: each answer as the review options let the learner see it, and when more will show."""
    allowed = _allowed(attempt, standing)
    options = review_options(attempt.version.content)
    content = attempt.version.content
    return {
        "questions": [_marked(attempt.questions[d.sequence], d, **allowed) for d in decisions],
        "pass_mark": content["pass_mark"],
        "pass_text": pass_text(pass_mark=content["pass_mark"], slots=content["slots"]),
        "right_answers_later": not allowed["show_right_answers"] and options["right_answers"] != ReviewWhen.NEVER,
        "right_answers_when": options["right_answers"],
        **allowed,
    }


def guessing_pass_probability(*, slots: list[dict], pass_mark: int) -> Fraction:
    """The exact chance that a learner who only guesses passes one attempt (see `quizzes.guessing`). One query for
    the chosen questions and one per random slot."""
    chosen_ids = [slot["id"] for slot in slots if slot["type"] == "question"]
    chosen = {q.pk: (q.qtype, q.data) for q in Question.objects.filter(pk__in=chosen_ids, qtype__in=GRADABLE_TYPES)}
    pools = [([chosen[slot["id"]]], 1) for slot in slots if slot["type"] == "question" and slot["id"] in chosen]
    for slot in slots:
        if slot["type"] != "random":
            continue
        category = QuestionCategory.objects.filter(pk=slot["category"]).first()
        if category is None:
            continue
        scope = category.subtree_filter() if slot["subcategories"] else Q(category=category)
        pool = list(
            Question.objects.filter(scope, qtype__in=GRADABLE_TYPES).exclude(pk__in=chosen).values_list("qtype", "data")
        )
        if pool:
            pools.append((pool, slot["count"]))
    return guessing.pass_probability(slots=pools, pass_mark=pass_mark)


def draw_size(slots: list[dict]) -> int:
    """How many questions an attempt asks (chosen ones plus each draw); a chosen question that is gone counts."""
    return sum(1 if slot["type"] == "question" else slot["count"] for slot in slots)


def pass_text(*, pass_mark: int, slots: list[dict]) -> str:
    """The pass rule in the learner's words: “Answer at least 3 of 4 questions correctly to pass.” Exact when every
    question is worth one mark (every type here is); the percentage is the fallback for an empty check."""
    total = draw_size(slots)
    if pass_mark <= 0:
        return _("Every finished attempt passes.")
    if total == 0:
        return _("You pass with at least %(n)s%% of the marks.") % {"n": pass_mark}
    needed = max(1, math.ceil(pass_mark * total / 100))
    if total == 1:
        return _("Answer the question correctly to pass.")
    if needed >= total:
        return _("Answer all %(total)s questions correctly to pass.") % {"total": total}
    return _("Answer at least %(needed)s of %(total)s questions correctly to pass.") % {
        "needed": needed,
        "total": total,
    }


def outcome_label(outcome: str, *, passed: bool | None = None) -> str:
    """The ending's tag on the result page. The ending and the score are separate: choices that scored badly can
    still reach a good ending, and "A good ending" beside "Not passed" read as pass and fail at once (QA)."""
    if outcome == "good" and passed is False:
        return _("A good ending, but a score below the pass mark")
    return {"good": _("A good ending"), "mixed": _("A mixed ending"), "poor": _("A poor ending")}.get(outcome, outcome)


# --- Personal data -----------------------------------------------------------------------------------------------------


def export_attempts(user: User) -> list[dict]:
    """The learner's attempts for their personal-data download: each attempt's exported fields (its personal-data
    policy, quizzes/apps.py) and, for every answer they gave, what they answered and what the review options let them
    see of it now (the same rules as the feedback and result pages). Nothing of a question or step they have not
    answered: no fractions, no other choices' feedback, no tokens; no running score while the review options hide
    marks. A few queries per attempt."""
    from people.personal_data import row

    attempts = Attempt.objects.filter(user=user).select_related("page", "version").prefetch_related("decisions")
    rows = []
    for attempt in attempts.order_by("page_id", "number"):
        decisions = list(attempt.decisions.all())
        data = {**row(attempt), "quiz": attempt.page.title}
        if attempt.kind == QuizKind.SCENARIO:
            data["answers"] = [_exported_choice(attempt, decision) for decision in decisions]
        else:
            allowed = _allowed(attempt, review_standing(attempt, page=attempt.page.specific))
            data["answers"] = [_exported_answer(attempt, decision, allowed) for decision in decisions]
            if not attempt.is_finished and not allowed["show_feedback"]:
                data["score"] = None  # the marks so far would say which answers were right
        rows.append(data)
    return rows


def _exported_choice(attempt: Attempt, decision: Decision) -> dict:
    step = scenarios.nodes_by_key(attempt.version.content).get(decision.step_key, {})
    try:
        choice = scenarios.find_choice(step, decision.choice_id) if step else {}
    except scenarios.ScenarioError:
        choice = {}
    return {
        "number": decision.sequence + 1,
        "situation": step.get("situation", ""),
        "you_chose": choice.get("text", ""),
        "feedback": choice.get("feedback", ""),
        "score": decision.score,
        "answered_at": decision.created_at,
    }


def _exported_answer(attempt: Attempt, decision: Decision, allowed: dict[str, bool]) -> dict:
    if not 0 <= decision.sequence < len(attempt.questions):
        return {"number": decision.sequence + 1, "answered_at": decision.created_at}
    copy = attempt.questions[decision.sequence]
    marked = _marked(copy, decision, **allowed)
    return {
        "number": decision.sequence + 1,
        "question": copy["title"],
        "text": copy["text"],
        "your_answer": marked["your_answer"],
        "feedback": marked["feedback"],
        "general_feedback": marked["general_feedback"],
        "correct": marked["correct"],
        "mark": marked["mark"],
        "max_mark": marked["max_mark"],
        "right_answers": marked["right_answers"],
        "answered_at": decision.created_at,
    }
