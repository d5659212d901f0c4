"""Learner actions: each view checks who may act, calls one service or selector and renders or redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.exceptions import CompletionNeedsQuiz, ModuleLocked, ModuleNotAvailable
from courses.models import CoursePage, ModulePage


def _visible_module(request, module_id: int) -> ModulePage:
    """A live, public module in a live course, or 404: learners cannot act on pages they cannot see."""
    module = ModulePage.objects.live().public().filter(pk=module_id).first()
    if module is None or not module.get_parent().live:
        raise Http404(_("This module is not available."))
    return module


@login_required
def dashboard(request):
    cards = selectors.dashboard_cards(user=request.user)
    assigned = [c for c in cards if c.enrolment.required and not c.enrolment.completed_at]
    started = [c for c in cards if not c.enrolment.required and not c.enrolment.completed_at]
    # "Up next": the first unfinished course with a module open. It is shown once, as the featured card that owns the
    # next action, so the lists below leave it out (no second button to the same module).
    up_next = next((c for c in assigned + started if c.next_module is not None), None)
    return render(
        request,
        "courses/dashboard.html",
        {
            "assigned": [c for c in assigned if c is not up_next],
            "started": [c for c in started if c is not up_next],
            "completed": [c for c in cards if c.enrolment.completed_at],
            "up_next": up_next,
            "up_next_assigned": any(c is up_next for c in assigned),
            "overdue_count": sum(1 for c in assigned if c.is_overdue),
            "in_progress_count": len(assigned) + len(started),
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
    context = selectors.module_context(user=request.user, module=module)
    outline = context["outline"]
    if outline.enrolment is not None and outline.enrolment.completed_at is not None:
        return redirect("courses:course-complete", course_id=context["course"].pk)
    done = sum(1 for row in outline.modules if row.is_completed)
    messages.success(
        request,
        _("Module complete: “%(title)s”. %(done)d of %(total)d modules done.")
        % {"title": module.title, "done": done, "total": len(outline.modules)},
    )
    if context["next_module"] is not None:
        return redirect(context["next_module"].url)
    return redirect(context["course"].url)


@login_required
def course_complete(request, course_id: int):
    """The learner's own course-complete page. Only their own enrolment is read, so a course they have not finished
    sends them to the course; a course they cannot open answers 404."""
    # An id past the database's integer range (10^20) finds nothing rather than an overflow error.
    course = CoursePage.objects.live().public().filter(pk=course_id).first() if course_id < 2**31 else None
    if course is None:
        raise Http404(_("This course is not available."))
    completion = selectors.course_completion(user=request.user, course=course)
    if completion is None:
        messages.info(request, _("You have not completed “%(title)s” yet.") % {"title": course.title})
        return redirect(course.url)
    return render(
        request,
        "courses/course_complete.html",
        {"course": course, "completion": completion, "completion_cards": [completion.card]},
    )


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
    # The confirmation sits beside the answer (the page opens there), not in the banner at the top.
    return redirect(f"{module.url}?saved={block_id}#reflection-{block_id}")


@login_required
def search(request):
    """Search over the courses and modules the learner may open."""
    query = selectors.clean_search_query(request.GET.get("q"))
    hits = selectors.search_learning(user=request.user, query=query)
    return render(
        request,
        "courses/search.html",
        {"query": query, "hits": hits, "too_long": len(request.GET.get("q") or "") > selectors.MAX_QUERY_LENGTH},
    )
