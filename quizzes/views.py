"""Learner actions on quizzes: start or resume an attempt, answer the current step or question, read the feedback
and the result. Each view checks that the attempt is the learner's own, calls one service or selector and renders or
redirects. Nothing rendered before an answer carries its score, feedback, correctness or where it leads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Page

from courses import selectors as courses_selectors
from courses.models import ModulePage
from quizzes import knowledge, selectors, services
from quizzes.exceptions import (
    AttemptFinished,
    AttemptNotFound,
    AttemptTooSoon,
    InvalidAnswer,
    NoAttemptsLeft,
    NotCurrentStep,
    QuizLocked,
    QuizNotAvailable,
    QuizOutOfRange,
)
from quizzes.models import Attempt, KnowledgeCheckPage, QuizKind, ScenarioPage


def _own_attempt(request, attempt_id: int) -> Attempt:
    """The learner's own attempt, or 404: other people's attempts are not theirs to see, nor to know of."""
    attempt = selectors.own_attempt(user=request.user, attempt_id=attempt_id)
    if attempt is None:
        raise Http404(_("This attempt does not exist."))
    return attempt


def _frame(attempt: Attempt) -> dict:
    """What every attempt screen shows around its content: the quiz, its module and course."""
    ancestors = {
        page.depth: page for page in Page.objects.ancestor_of(attempt.page).filter(depth__gte=attempt.page.depth - 2)
    }
    return {
        "attempt": attempt,
        "quiz": attempt.page,
        "quiz_title": attempt.version.content["title"],
        "module": ancestors.get(attempt.page.depth - 1),
        "course": ancestors.get(attempt.page.depth - 2),
    }


@login_required
@require_POST
def start_attempt(request, page_id: int):
    page = Page.objects.live().type(ScenarioPage, KnowledgeCheckPage).filter(pk=page_id).first()
    if page is None:
        raise Http404(_("This quiz is not available."))
    page = page.specific
    try:
        attempt = services.start_attempt(user=request.user, page=page)
    except (NoAttemptsLeft, QuizLocked, AttemptTooSoon, QuizOutOfRange) as error:
        messages.error(request, str(error))
        return redirect(page.url)
    except QuizNotAvailable as error:
        raise Http404(str(error)) from error
    return redirect("quizzes:attempt", attempt_id=attempt.pk)


@login_required
def attempt_view(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    if attempt.is_finished:
        return redirect("quizzes:attempt-result", attempt_id=attempt.pk)
    return _render_current(request, attempt)


def _render_current(request, attempt: Attempt, *, error: str = "", posted=None):
    context = {
        **_frame(attempt),
        "error": error,
        "posted": posted,
        "posted_answers": posted.getlist("answer") if posted else [],
    }
    if attempt.kind == QuizKind.SCENARIO:
        context["step"] = selectors.scenario_step(attempt, selectors.decisions_of(attempt))
        return render(request, "quizzes/attempt_step.html", context)
    context["question"] = selectors.knowledge_question(attempt)
    return render(request, "quizzes/attempt_question.html", context)


@login_required
@require_POST
def answer(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    try:
        sequence = int(request.POST.get("sequence", ""))
    except ValueError:
        return HttpResponseBadRequest(
            _("The form has lost track of which step it was for. Go back and reload the page.")
        )
    try:
        if attempt.kind == QuizKind.SCENARIO:
            answered = services.choose_in_scenario(
                user=request.user, attempt_id=attempt.pk, sequence=sequence, choice_id=request.POST.get("choice", "")
            )
        else:
            copy = attempt.questions[min(max(sequence, 0), len(attempt.questions) - 1)]
            answered = services.answer_question(
                user=request.user,
                attempt_id=attempt.pk,
                sequence=sequence,
                raw=knowledge.raw_response(copy, request.POST),
            )
    except InvalidAnswer as error:
        return _render_current(request, attempt, error=str(error), posted=request.POST)
    except NotCurrentStep as error:
        messages.warning(request, str(error))
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    except AttemptFinished as error:
        messages.info(request, str(error))
        return redirect("quizzes:attempt-result", attempt_id=attempt.pk)
    except AttemptNotFound as error:
        raise Http404(str(error)) from error
    if answered.replayed:
        messages.info(request, _("Your answer was already recorded; here is its feedback again."))
    return redirect("quizzes:attempt-feedback", attempt_id=attempt.pk, sequence=answered.decision.sequence)


@login_required
def feedback(request, attempt_id: int, sequence: int):
    attempt = _own_attempt(request, attempt_id)
    decisions = selectors.decisions_of(attempt)
    decision = next((d for d in decisions if d.sequence == sequence), None)
    if decision is None:
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    context = _frame(attempt)
    if attempt.kind == QuizKind.SCENARIO:
        context["feedback"] = selectors.scenario_feedback(attempt, decisions, decision)
        return render(request, "quizzes/step_feedback.html", context)
    standing = selectors.review_standing(attempt, page=attempt.page.specific)
    context["feedback"] = selectors.knowledge_feedback(attempt, decision, standing=standing)
    return render(request, "quizzes/question_feedback.html", context)


@login_required
def result(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    if not attempt.is_finished:
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    context = _frame(attempt)
    page = attempt.page.specific
    context["overview"] = selectors.quiz_overview(user=request.user, page=page)
    module = context["module"]
    if module is not None and module.live and isinstance(module.specific, ModulePage):
        module_context = courses_selectors.module_context(user=request.user, module=module.specific)
        enrolment = module_context["outline"].enrolment
        context["next_module"] = module_context["next_module"]
        context["module_completed"] = module_context["module_row"].is_completed
        context["outline_rows"] = module_context["outline"].modules
        context["modules_done"] = module_context["outline"].modules_done
        context["modules_total"] = len(module_context["outline"].modules)
        context["course_completed"] = enrolment is not None and enrolment.completed_at is not None
        context["enrolment"] = enrolment
        context["course"] = module_context["course"]
    overview = context["overview"]
    context["after"] = selectors.result_next(
        passed=attempt.passed,
        can_retry=overview.can_start and overview.open_attempt is None,
        module_completed=context.get("module_completed", False),
        course_completed=context.get("course_completed", False),
        has_next_module=context.get("next_module") is not None,
    )
    decisions = selectors.decisions_of(attempt)
    if attempt.kind == QuizKind.SCENARIO:
        context["story"] = selectors.scenario_story(attempt, decisions)
        context["outcome_label"] = selectors.outcome_label(attempt.outcome, passed=attempt.passed)
        return render(request, "quizzes/scenario_result.html", context)
    standing = selectors.ReviewStanding(
        finished=True,
        passed=context["overview"].has_passed,
        no_attempts_left=context["overview"].attempts_left == 0 and context["overview"].open_attempt is None,
    )
    context["result"] = selectors.knowledge_result(attempt, decisions, standing=standing)
    return render(request, "quizzes/knowledge_check_result.html", context)
