"""Learners' own goals, a manager's view of their team's goals (and recording a review), and the JSON endpoint
sources post metric values to. Each view checks who may see what (goals/access.py): a learner reaches only their own
goals, a manager only their reporting line's, anyone else's id answers 404."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from allauth.account.adapter import get_adapter

from goals import access, selectors, services
from goals.exceptions import ValueRefused
from goals.forms import GoalReviewForm, PersonalGoalForm
from goals.models import Objective
from goals.values import parse_note, parse_period, parse_value
from people.selectors import has_reports, report_ids

MAX_BODY_BYTES = 256 * 1024
MAX_VALUES_PER_POST = 1000


# --- A learner's own goals -------------------------------------------------------------------------------------------
@login_required
def my_goals(request):
    form = PersonalGoalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        goal = services.save_personal_goal(
            user=request.user,
            objective=form.cleaned_data["objective"],
            text=form.cleaned_data["text"],
            shared_with_manager=form.cleaned_data["shared_with_manager"],
        )
        messages.success(request, _("Your goal for “%(objective)s” is saved.") % {"objective": goal.objective.title})
        return redirect("goals:mine")
    return render(
        request,
        "goals/my_goals.html",
        {
            "form": form,
            "goals": selectors.goals_of(user=request.user),
            "has_objectives": form.fields["objective"].queryset.exists(),
        },
    )


@login_required
@require_POST
def delete_goal(request, goal_id: int):
    goal = access.goal_for_author(request.user, goal_id)
    services.delete_personal_goal(goal=goal)
    messages.success(request, _("Your goal was deleted."))
    return redirect("goals:mine")


# --- A manager's team ------------------------------------------------------------------------------------------------
@login_required
def team_goals(request):
    if not has_reports(user=request.user):
        raise PermissionDenied(_("The team page is for people with someone reporting to them."))
    team = report_ids(manager=request.user)
    goals = [
        {"goal": goal, "text": access.shown_text(goal, request.user)}
        for goal in selectors.team_goals(manager=request.user, user_ids=team)
    ]
    return render(
        request,
        "goals/team_goals.html",
        {
            "goals": goals,
            "form": GoalReviewForm(initial={"reviewed_on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def record_review(request, goal_id: int):
    goal = access.goal_for_manager(request.user, goal_id)
    form = GoalReviewForm(request.POST)
    if form.is_valid():
        services.record_goal_review(manager=request.user, goal=goal, reviewed_on=form.cleaned_data["reviewed_on"])
        messages.success(
            request,
            _("Review with %(name)s recorded.") % {"name": goal.user.get_full_name() or goal.user.email},
        )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("goals:team")


# --- The JSON endpoint -----------------------------------------------------------------------------------------------
def _error(status: int, message: str, **extra) -> JsonResponse:
    response = JsonResponse({"error": message, **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="socialwise-metrics"'
    return response


def _over_limit(key: str, limit: int) -> bool:
    """A fixed one-minute window in the shared cache (Redis in production), so the limit holds across processes."""
    window = int(timezone.now().timestamp() // 60)
    name = f"goals-api:{key}:{window}"
    cache.add(name, 0, timeout=120)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=120)
        count = 1
    return count > limit


def _client(request) -> str:
    """The caller's address as the sign-in limits read it: behind TRUSTED_PROXY_COUNT proxies, the one they saw."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"


@csrf_exempt  # authenticated by the source's token alone: no session or cookie is ever read here
def post_values(request):
    """POST {"objective": id, "values": [{"period": "YYYY-MM-DD", "value": 1150, "note": "…"}]} with
    `Authorization: Bearer <token>`. All values are checked first; any error answers 400 naming each one and writes
    nothing. The same period again updates its value (history kept); the answer says created/updated/unchanged."""
    if request.method != "POST":
        response = _error(405, _("Use POST."))
        response["Allow"] = "POST"
        return response
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _space, token = header.partition(" ")
    source = services.source_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
    if source is None:
        # Only failed attempts count against an address, so a stranger's junk tokens never use up a source's limit.
        if _over_limit(f"failed:{_client(request)}", settings.GOALS_API_RATE_PER_MINUTE * 2):
            return _error(429, _("Too many requests. Wait a minute and try again."))
        return _error(401, _("Send a valid source token as “Authorization: Bearer <token>”."))
    if _over_limit(f"source:{source.pk}", settings.GOALS_API_RATE_PER_MINUTE):
        return _error(429, _("Too many requests for this source. Wait a minute and try again."))
    if len(request.body) > MAX_BODY_BYTES:
        return _error(413, _("The request is larger than 256 KB. Send fewer values at a time."))
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _error(400, _("The body is not JSON (UTF-8)."))
    if not isinstance(payload, dict):
        return _error(400, _("Send a JSON object with “objective” and “values”."))
    objective_id = payload.get("objective")
    if isinstance(objective_id, bool) or not isinstance(objective_id, int) or not 0 < objective_id < 2**63:
        return _error(400, _("“objective” must be the objective's number."))
    objective = Objective.objects.filter(pk=objective_id, sources=source).first()
    if objective is None:
        return _error(403, _("This source may not post values to that objective."))
    items = payload.get("values")
    if not isinstance(items, list) or not items:
        return _error(400, _("“values” must be a list of {period, value, note}."))
    if len(items) > MAX_VALUES_PER_POST:
        return _error(413, _("Send at most %(n)d values at a time.") % {"n": MAX_VALUES_PER_POST})
    parsed, errors = [], []
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append({"index": position, "errors": [_("Each value must be an object.")]})
            continue
        day, period_error = parse_period(item.get("period"))
        value, value_error = parse_value(item.get("value"))
        note, note_error = parse_note(item.get("note"))
        problems = [p for p in (period_error, value_error, note_error) if p]
        if problems:
            errors.append({"index": position, "errors": problems})
        else:
            parsed.append((day, value, note))
    if errors:
        return _error(400, _("Nothing was saved: some values have errors."), values=errors)
    results = []
    try:
        with transaction.atomic():
            for day, value, note in parsed:
                recorded = services.record_metric_value(
                    objective=objective, period=day, value=value, note=note, source=source.name
                )
                results.append({"period": recorded.value.period_start.isoformat(), "status": recorded.action})
    except ValueRefused as error:
        return _error(400, str(error))
    services.mark_source_used(source=source)
    return JsonResponse({"objective": objective.pk, "results": results})
