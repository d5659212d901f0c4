"""Practice on course screens. courses never imports practice: its templates load this library by name."""

from __future__ import annotations

from django import template
from django.utils import timezone

from practice import selectors

register = template.Library()


@register.inclusion_tag("practice/includes/note_form.html", takes_context=True)
def practice_note_form(context, module, block_id):
    user = context["request"].user
    return {
        "module": module,
        "block_id": block_id,
        "note": selectors.own_note(user=user, module=module, block_id=block_id),
        # The last module has no next one to start with the notes.
        "has_next_module": module.get_next_siblings().live().exists(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("practice/includes/reflection.html", takes_context=True)
def practice_reflection(context, module):
    return {"reflections": selectors.previous_task_notes(user=context["request"].user, module=module)}


@register.inclusion_tag("practice/includes/dashboard.html", takes_context=True)
def practice_dashboard(context):
    user = context["request"].user
    today = timezone.localdate()
    return {
        "refreshers": selectors.refreshers_due(user=user, today=today),
        "next_refresher": selectors.next_refresher(user=user, today=today),
        "confidence": selectors.still_confident(user=user),
        "sessions": selectors.upcoming_sessions(user=user, now=timezone.now()),
    }
