"""What goals adds to the learner's dashboard through courses/hooks.py: their personal goals, or an invitation to
set one when their team has an objective. Two queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from goals import access, selectors

if TYPE_CHECKING:
    from django.http import HttpRequest


def dashboard_panel(*, request: HttpRequest) -> str:
    user = request.user
    goals = list(selectors.goals_of(user=user))
    if not goals and not access.learner_objectives(user).exists():
        return ""
    return render_to_string("goals/includes/dashboard.html", {"goals": goals}, request=request)
