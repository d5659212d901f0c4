"""Learner actions: each view checks who may act, calls one service or selector and renders or redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.exceptions import CompletionNeedsQuiz, ModuleLocked, ModuleNotAvailable
from courses.models import ModulePage


def _visible_module(request, module_id: int) -> ModulePage:
    """A live, public module in a live course, or 404: learners cannot act on pages they cannot see."""
    module = ModulePage.objects.live().public().filter(pk=module_id).first()
    if module is None or not module.get_parent().live:
        raise Http404(_("This module is not available."))
    return module


@login_required
def dashboard(request):
    cards = selectors.dashboard_cards(user=request.user)
    return render(
        request,
        "courses/dashboard.html",
        {
            "assigned": [c for c in cards if c.enrolment.required and not c.enrolment.completed_at],
            "started": [c for c in cards if not c.enrolment.required and not c.enrolment.completed_at],
            "completed": [c for c in cards if c.enrolment.completed_at],
        },
    )


@login_required
@require_POST
def complete_module(request, module_id: int):
    module = _visible_module(request, module_id)
    try:
        services.complete_module_manually(user=request.user, module=module)
    except (CompletionNeedsQuiz, ModuleLocked) as error:
        messages.error(request, str(error))
        return redirect(module.url)
    except ModuleNotAvailable as error:
        raise Http404(str(error)) from error
    messages.success(request, _("“%(title)s” is complete.") % {"title": module.title})
    context = selectors.module_context(user=request.user, module=module)
    if context["next_module"] is not None:
        return redirect(context["next_module"].url)
    return redirect(context["course"].url)


@login_required
@require_POST
def record_time(request, module_id: int):
    module = _visible_module(request, module_id)
    try:
        seconds = int(request.POST.get("seconds", ""))
    except ValueError:
        return HttpResponseBadRequest(_("“seconds” must be a whole number."))
    if seconds < 0:
        return HttpResponseBadRequest(_("“seconds” cannot be negative."))
    try:
        progress = services.record_time_spent(user=request.user, module=module, seconds=seconds)
    except ModuleNotAvailable as error:
        raise Http404(str(error)) from error
    return JsonResponse({"time_spent_seconds": progress.time_spent_seconds})


@login_required
@require_POST
def save_reflection(request, module_id: int, block_id: str):
    module = _visible_module(request, module_id)
    text = request.POST.get("text")
    if text is None:
        return HttpResponseBadRequest(_("The answer is missing."))
    if len(text) > 5000:
        messages.error(request, _("Your answer is too long: keep it under 5,000 characters."))
        return redirect(f"{module.url}#reflection-{block_id}")
    try:
        services.save_reflection_answer(user=request.user, module=module, block_id=block_id, text=text)
    except ModuleLocked as error:
        messages.error(request, str(error))
        return redirect(module.url)
    except ModuleNotAvailable as error:
        raise Http404(str(error)) from error
    messages.success(request, _("Your answer is saved. Only you can see it."))
    return redirect(f"{module.url}#reflection-{block_id}")
