"""Plain values in, xAPI 1.0.3 statement dictionaries out. Nothing here reads the database or knows the other apps:
callers pass ids, names and IRIs, so `xapi` imports nothing from courses or quizzes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings

from xapi.vocabulary import ActivityType, Verb

if TYPE_CHECKING:
    from people.models import User

# Registrations are derived from the enrolment, so every statement of one course cycle carries the same one.
# (Statement ids are random, made once when the outbox row is written and resent unchanged.)
NAMESPACE = uuid.UUID("8f0b8e52-51b3-4f0e-9a36-3c2f6d9f7e11")
LANGUAGE = "en-GB"


def site_iri() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def activity_iri(kind: str, identifier: int | str) -> str:
    """A stable IRI for one of our activities, built from its id (`activity_iri("module", 42)`), never from its slug
    or title, which editors change."""
    return f"{site_iri()}/xapi/activities/{kind}/{identifier}"


def registration_for(enrolment_id: int) -> uuid.UUID:
    """One xAPI registration per enrolment cycle, so an LRS can tell a learner's first course run from a retake."""
    return uuid.uuid5(NAMESPACE, f"{site_iri()}/enrolment/{enrolment_id}")


def actor_for(user: User) -> dict:
    """The learner as an account on this site, named by user id: never their email or name, which the LRS (another
    organisation's system, often) does not need."""
    return {"objectType": "Agent", "account": {"homePage": site_iri(), "name": str(user.pk)}}


@dataclass(frozen=True)
class Activity:
    """An xAPI activity. For a question, give `interaction_type` ("choice", "true-false"…) and its `choices` as
    (id, text) pairs; `correct_responses` lists the right answers as xAPI patterns, when there are right answers: a
    choice id, or ids joined with "[,]" when all of them must be chosen."""

    iri: str
    name: str
    type: ActivityType
    interaction_type: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    correct_responses: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        definition: dict[str, Any] = {"type": self.type.iri, "name": {LANGUAGE: self.name}}
        if self.interaction_type:
            definition["interactionType"] = self.interaction_type
            if self.choices:
                definition["choices"] = [{"id": cid, "description": {LANGUAGE: text}} for cid, text in self.choices]
            if self.correct_responses:
                definition["correctResponsesPattern"] = list(self.correct_responses)
        return {"objectType": "Activity", "id": self.iri, "definition": definition}


@dataclass(frozen=True)
class Result:
    """What came of it. `response` is the chosen choice id(s) for an answered question; scores are plain numbers."""

    success: bool | None = None
    completion: bool | None = None
    response: str | None = None
    score_raw: Decimal | float | int | None = None
    score_max: Decimal | float | int | None = None
    extensions: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        result: dict[str, Any] = {}
        if self.success is not None:
            result["success"] = self.success
        if self.completion is not None:
            result["completion"] = self.completion
        if self.response:
            result["response"] = self.response
        if self.score_raw is not None:
            # xAPI wants min <= raw <= max and scaled in [-1, 1]; penalties can make a raw score negative.
            raw = float(self.score_raw)
            score: dict[str, Any] = {"raw": _number(raw)}
            if raw >= 0:
                score["min"] = 0
            if self.score_max and float(self.score_max) > 0 and raw <= float(self.score_max):
                score["max"] = _number(self.score_max)
                score["scaled"] = max(-1.0, round(raw / float(self.score_max), 4))
            result["score"] = score
        if self.extensions:
            result["extensions"] = self.extensions
        return result


def _number(value) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def build_statement(
    *,
    statement_id: uuid.UUID,
    actor_user: User,
    verb: Verb,
    activity: Activity,
    timestamp: datetime,
    result: Result | None = None,
    parent: Activity | None = None,
    grouping: Activity | None = None,
    registration: uuid.UUID | None = None,
) -> dict:
    """The full statement as it will be sent, every time: stored once in the outbox and never rebuilt."""
    context: dict[str, Any] = {"platform": "Socialwise", "language": LANGUAGE}
    if registration:
        context["registration"] = str(registration)
    context_activities = {}
    if parent:
        context_activities["parent"] = [parent.as_dict()]
    if grouping:
        context_activities["grouping"] = [grouping.as_dict()]
    if context_activities:
        context["contextActivities"] = context_activities
    statement: dict[str, Any] = {
        "id": str(statement_id),
        "actor": actor_for(actor_user),
        "verb": {"id": verb.iri, "display": {"en-US": verb.value}},
        "object": activity.as_dict(),
        "context": context,
        "timestamp": timestamp.isoformat(),
    }
    if result is not None and (result_dict := result.as_dict()):
        statement["result"] = result_dict
    return statement
