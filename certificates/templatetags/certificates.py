"""Certificates on the learner's dashboard, fetched once for all cards: `{% certificates_for_cards completed as
certificates %}` at the top, then `certificates|certificate_for:card.enrolment` in a card."""

from django import template

from certificates import selectors

register = template.Library()


@register.simple_tag
def certificates_for_cards(*card_lists):
    """One query for the certificates of every card given (none when no card has an enrolment)."""
    return selectors.certificates_by_enrolment(
        enrolment_ids=[card.enrolment.pk for cards in card_lists for card in cards or [] if card.enrolment]
    )


@register.filter
def certificate_for(certificates, enrolment):
    if not certificates or enrolment is None:
        return None
    return certificates.get(enrolment.pk)
