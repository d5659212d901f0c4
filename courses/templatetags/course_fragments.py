"""What higher apps add to courses' templates, through the registry in courses/hooks.py: courses' templates load
this library and no other app's."""

from __future__ import annotations

from django import template

from courses import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_panels(context):
    return hooks.dashboard_panels(request=context["request"])


@register.simple_tag(takes_context=True)
def card_notes(context, *card_lists):
    """`{% card_notes completed as notes %}`: every card's notes, fetched once for all the cards given."""
    enrolments = [card.enrolment for cards in card_lists for card in cards or [] if card.enrolment]
    return hooks.card_notes(request=context["request"], enrolments=enrolments)


@register.filter
def note_for(notes, enrolment):
    if not notes or enrolment is None:
        return ""
    return notes.get(enrolment.pk, "")


@register.simple_tag(takes_context=True)
def module_fragments(context, module):
    return hooks.module_fragments(request=context["request"], module=module)


@register.simple_tag(takes_context=True)
def block_fragments(context, block_type, module, block_id, value):
    return hooks.block_fragments(
        block_type=block_type, request=context["request"], module=module, block_id=block_id, value=value
    )


@register.simple_tag(takes_context=True)
def completion_award(context, enrolment):
    """`{% completion_award enrolment as award %}`: e.g. "Get your certificate", or "" when the course gives nothing."""
    return hooks.completion_award(request=context["request"], enrolment=enrolment)
