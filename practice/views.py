"""Learner and facilitator screens of practice: save a practice note, take a refresher, see a cohort session. Each
view checks who may act, calls one service or selector and renders or redirects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import ModulePage
from practice import selectors, services
from practice.exceptions import PracticeError
from practice.models import CohortSession, RefresherDue
from quizzes import knowledge


@login_required
@require_POST
def save_note(request, module_id: int, block_id: str):
    module = ModulePage.objects.live().public().filter(pk=module_id).first()
    if module is None:
        raise Http404(_("This module is not available."))
    text = request.POST.get("text")
    if text is None:
        return HttpResponseBadRequest(_("The notes are missing."))
    try:
        note = services.save_practice_note(
            user=request.user,
            module=module,
            block_id=block_id,
            text=text,
            done=request.POST.get("done") == "on",
            shared_with_trainer=request.POST.get("shared") == "on",
        )
    except PracticeError as error:
        messages.error(request, str(error))
        return redirect(f"{module.url}#practice-{block_id}")
    if note.shared_with_trainer:
        messages.success(request, _("Your notes are saved and shared with the trainer."))
    else:
        messages.success(request, _("Your notes are saved. Only you can see them."))
    return redirect(f"{module.url}#practice-{block_id}")


def _questions(refresher: RefresherDue) -> list[dict]:
    return [
        {"position": i, "copy": copy, "view": knowledge.public_question(copy)}
        for i, copy in enumerate(refresher.questions)
    ]


@login_required
def refresher(request, refresher_id: int):
    if request.method == "POST":
        try:
            answered = services.answer_refresher(user=request.user, refresher_id=refresher_id, posted=request.POST)
        except PracticeError as error:
            item = RefresherDue.objects.filter(pk=refresher_id, user=request.user).first()
            if item is None:
                raise Http404(str(error)) from error
            return render(
                request,
                "practice/refresher.html",
                {"refresher": item, "questions": _questions(item), "error": str(error), "posted": request.POST},
                status=400,
            )
        messages.success(
            request,
            _("Refresher done: %(right)d of %(n)d right.") % {"right": answered.correct, "n": len(answered.questions)},
        )
        return redirect("practice:refresher", refresher_id=answered.pk)
    try:
        item = services.open_refresher(user=request.user, refresher_id=refresher_id)
    except PracticeError as error:
        if not RefresherDue.objects.filter(pk=refresher_id, user=request.user).exists():
            raise Http404(str(error)) from error
        messages.error(request, str(error))
        return redirect("courses:dashboard")
    context = {"refresher": item, "questions": _questions(item), "posted": None}
    if item.answered_at:
        context["answers"] = {a.position: a for a in item.answers.all()}
        context["confidence"] = selectors.still_confident(user=request.user)
    return render(request, "practice/refresher.html", context)


@login_required
def session(request, session_id: int):
    item = get_object_or_404(CohortSession.objects.select_related("cohort", "module", "facilitator"), pk=session_id)
    if not selectors.can_see_session(user=request.user, session=item):
        raise Http404(_("This session does not exist."))
    return render(
        request,
        "practice/session.html",
        {
            "session": item,
            "leads": selectors.can_see_all_choices(user=request.user, session=item),
            "scenarios": selectors.cohort_choices(session=item, viewer=request.user),
            "minimum": selectors.minimum_group_size(),
            "is_past": item.starts_at < timezone.now(),
        },
    )
