"""What practice adds to courses' learner pages, registered in PracticeConfig.ready() through courses/hooks.py
(courses never imports practice): the dashboard panel, the notes of earlier tasks above a module, and the note form
inside a practice-task block."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone

from practice import selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

    from courses.models import ModulePage


def dashboard_panel(*, request: HttpRequest) -> str:
    """Refreshers due, the next one, the "still confident" score and upcoming sessions (four queries)."""
    user = request.user
    today = timezone.localdate()
    context = {
        "refreshers": selectors.refreshers_due(user=user, today=today),
        "next_refresher": selectors.next_refresher(user=user, today=today),
        "confidence": selectors.still_confident(user=user),
        "sessions": selectors.upcoming_sessions(user=user, now=timezone.now()),
    }
    return render_to_string("practice/includes/dashboard.html", context, request=request)


def earlier_notes(*, request: HttpRequest, module: ModulePage) -> str:
    """The learner's notes on the practice tasks of the module before, shown at the top of this one."""
    reflections = selectors.previous_task_notes(user=request.user, module=module)
    return render_to_string("practice/includes/reflection.html", {"reflections": reflections}, request=request)


def note_form(*, request: HttpRequest, module: ModulePage, block_id: str, value) -> str:
    """The learner's own note form under a practice task."""
    note = selectors.own_note(user=request.user, module=module, block_id=block_id)
    return render_to_string(
        "practice/includes/note_form.html",
        # The last module has no next one to start with the notes.
        {
            "module": module,
            "block_id": block_id,
            "note": note,
            "has_next_module": module.get_next_siblings().live().exists(),
        },
        request=request,
    )
