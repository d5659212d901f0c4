"""What quizzes tell the xAPI outbox: quiz attempted, each decision answered (with the choice and its result), quiz
passed or failed. Called inside the quiz services' transactions; each event has a stable key, so a repeat records
one statement. With XAPI_ENABLED off these calls do nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.html import strip_tags

from courses.models import CoursePage, Enrolment, ModulePage
from courses.statements import course_activity, module_activity
from quizzes import scenarios
from quizzes.models import QuizKind
from xapi import services as xapi_services
from xapi.statements import Activity, Result, activity_iri, registration_for
from xapi.vocabulary import ActivityType, Verb

if TYPE_CHECKING:
    from quizzes.models import Attempt, Decision


def _quiz(attempt: Attempt) -> Activity:
    return Activity(iri=activity_iri("quiz", attempt.page_id), name=attempt.page.title, type=ActivityType.ASSESSMENT)


def _module_and_registration(attempt: Attempt):
    module = ModulePage.objects.filter(path=attempt.page.path[: -attempt.page.steplen]).first()
    if module is None:
        return None, None, None
    course = CoursePage.objects.filter(path=module.path[: -module.steplen]).first()
    enrolment = Enrolment.objects.filter(user_id=attempt.user_id, course=course, is_current=True).first()
    return module, course, registration_for(enrolment.pk) if enrolment else None


def record_attempted(*, attempt: Attempt) -> None:
    if not settings.XAPI_ENABLED:
        return
    module, _course, registration = _module_and_registration(attempt)
    xapi_services.record_statement(
        actor_user=attempt.user,
        verb=Verb.ATTEMPTED,
        activity=_quiz(attempt),
        key=f"quiz-attempted:attempt-{attempt.pk}",
        parent=module_activity(module) if module else None,
        registration=registration,
    )


def record_answered(*, attempt: Attempt, decision: Decision) -> None:
    if not settings.XAPI_ENABLED:
        return
    module, course, registration = _module_and_registration(attempt)
    quiz = _quiz(attempt)
    if attempt.kind == QuizKind.SCENARIO:
        node = scenarios.nodes_by_key(attempt.version.content).get(decision.step_key, {})
        choices = node.get("choices", [])
        best = max(choices, key=lambda c: c["score"], default=None)
        step = Activity(
            iri=activity_iri("quiz", f"{attempt.page_id}/steps/{decision.step_key}"),
            name=strip_tags(node.get("situation") or decision.step_key)[:200] or decision.step_key,
            type=ActivityType.INTERACTION,
            interaction_type="choice",
            choices=tuple((c["id"], c["text"]) for c in choices),
            correct_responses=(best["id"],) if best else (),
        )
        result = Result(
            response=decision.choice_id,
            success=bool(best and decision.choice_id == best["id"]),
            score_raw=decision.score,
            score_max=best["score"] if best else None,
        )
    else:
        copy = attempt.questions[decision.sequence] if decision.sequence < len(attempt.questions) else {}
        step = Activity(
            iri=activity_iri("quiz", f"{attempt.page_id}/questions/{copy.get('id', decision.sequence)}"),
            name=strip_tags(copy.get("title") or copy.get("text") or f"Question {decision.sequence + 1}")[:200],
            type=ActivityType.INTERACTION,
            interaction_type="other",
        )
        result = Result(response=str(decision.response)[:500], success=decision.correct, score_raw=decision.score)
    xapi_services.record_statement(
        actor_user=attempt.user,
        verb=Verb.ANSWERED,
        activity=step,
        key=f"decision-{decision.pk}",
        result=result,
        parent=quiz,
        grouping=course_activity(course) if course else None,
        registration=registration,
    )


def record_result(*, attempt: Attempt) -> None:
    if not settings.XAPI_ENABLED:
        return
    module, _course, registration = _module_and_registration(attempt)
    xapi_services.record_statement(
        actor_user=attempt.user,
        verb=Verb.PASSED if attempt.passed else Verb.FAILED,
        activity=_quiz(attempt),
        key=f"quiz-result:attempt-{attempt.pk}",
        result=Result(success=attempt.passed, completion=True, score_raw=attempt.score, score_max=attempt.maximum),
        parent=module_activity(module) if module else None,
        registration=registration,
    )
