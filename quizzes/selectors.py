"""Reads for the quiz screens. Each function's query count is fixed, whatever the number of attempts or steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from courses.models import Enrolment
from quizzes import grading, knowledge, scenarios
from quizzes.models import Attempt, Decision, QuizKind, ScoreToKeep

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

    @property
    def can_start(self) -> bool:
        return self.open_attempt is not None or self.attempts_left is None or self.attempts_left > 0


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


def meters(spec: dict, values: dict[str, int], before: dict[str, int] | None = None) -> list[Meter]:
    return [
        Meter(
            label=variable["label"],
            value=values.get(variable["key"], variable["initial"]),
            minimum=variable["minimum"],
            maximum=variable["maximum"],
            change=(values.get(variable["key"], 0) - before.get(variable["key"], 0)) if before is not None else None,
        )
        for variable in spec["variables"]
    ]


def scenario_step(attempt: Attempt, decisions: list[Decision]) -> dict:
    """What the current step shows: the situation, the new posts, the posts seen earlier, the variables now and the
    choices by their ids and texts only (no scores, feedback or targets)."""
    spec = attempt.version.content
    by_key = scenarios.nodes_by_key(spec)
    node = by_key[attempt.current_key]
    earlier_posts = []
    for decision in decisions:
        earlier_posts.extend(by_key[decision.step_key]["posts"] if decision.step_key in by_key else [])
    return {
        "number": attempt.position + 1,
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
    for decision in decisions:
        step = by_key[decision.step_key]
        choice = scenarios.find_choice(step, decision.choice_id)
        rows.append(
            {
                "clock": step["clock"],
                "choice": choice["text"],
                "score": int(decision.score),
                "values": [decision.variables.get(v["key"], v["initial"]) for v in spec["variables"]],
            }
        )
    return {
        "ending": by_key.get(attempt.ending_key),
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


def _marked(copy: dict, decision: Decision, show_right_answers: bool) -> dict:
    result = grading.grade(copy["qtype"], copy["data"], decision.response)
    return {
        "copy": copy,
        "decision": decision,
        "your_answer": knowledge.describe_response(copy, decision.response),
        "feedback": result.feedback,
        "general_feedback": copy["general_feedback"],
        "correct": result.correct,
        "mark": decision.score,
        "max_mark": Decimal(str(knowledge.max_mark(copy))),
        "right_answers": knowledge.right_answers(copy) if show_right_answers else [],
    }


def knowledge_feedback(attempt: Attempt, decision: Decision) -> dict:
    content = attempt.version.content
    marked = _marked(attempt.questions[decision.sequence], decision, content["show_right_answers"])
    marked["number"] = decision.sequence + 1
    marked["total"] = len(attempt.questions)
    marked["is_last"] = decision.sequence == attempt.position - 1
    marked["finished"] = attempt.is_finished and marked["is_last"]
    return marked


def knowledge_result(attempt: Attempt, decisions: list[Decision]) -> dict:
    content = attempt.version.content
    return {
        "questions": [_marked(attempt.questions[d.sequence], d, content["show_right_answers"]) for d in decisions],
        "pass_mark": content["pass_mark"],
    }


def outcome_label(outcome: str) -> str:
    return {"good": _("Good"), "mixed": _("Mixed"), "poor": _("Poor")}.get(outcome, outcome)


# --- Personal data -----------------------------------------------------------------------------------------------------


def export_attempts(user: User) -> list[dict]:
    """The learner's attempts for their personal-data download: each attempt's exported fields (its personal-data
    policy, quizzes/apps.py) and, for every answer they gave, what they answered and what they were told then (their
    mark, the feedback for their answer, the right answers only once the attempt is finished and the quiz shows them).
    Nothing of a question or step they have not answered: no fractions, no other choices' feedback, no tokens. Two
    queries."""
    from people.personal_data import row

    attempts = Attempt.objects.filter(user=user).select_related("page", "version").prefetch_related("decisions")
    rows = []
    for attempt in attempts.order_by("page_id", "number"):
        decisions = list(attempt.decisions.all())
        if attempt.kind == QuizKind.SCENARIO:
            answers = [_exported_choice(attempt, decision) for decision in decisions]
        else:
            answers = [_exported_answer(attempt, decision) for decision in decisions]
        rows.append({**row(attempt), "quiz": attempt.page.title, "answers": answers})
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


def _exported_answer(attempt: Attempt, decision: Decision) -> dict:
    if not 0 <= decision.sequence < len(attempt.questions):
        return {"number": decision.sequence + 1, "mark": decision.score, "answered_at": decision.created_at}
    copy = attempt.questions[decision.sequence]
    show_right_answers = attempt.is_finished and attempt.version.content.get("show_right_answers", False)
    marked = _marked(copy, decision, show_right_answers)
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
