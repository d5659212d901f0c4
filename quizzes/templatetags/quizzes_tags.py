"""Template helpers for quiz screens: question texts in their GIFT format, and signed numbers."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister, attribute_rule

register = template.Library()


class QuestionTextWhitelister(Whitelister):
    """Imported question texts may carry HTML: keep simple formatting and links, drop everything else (scripts,
    styles, images, headings that would break the page outline)."""

    element_rules = {
        **{
            name: rule
            for name, rule in DEFAULT_ELEMENT_RULES.items()
            if name not in {"img", "h1", "h2", "h3", "h4", "h5", "h6", "div"}
        },
        "code": attribute_rule({}),
        "pre": attribute_rule({}),
        "u": attribute_rule({}),
        "span": attribute_rule({}),
    }


_whitelister = QuestionTextWhitelister()


@register.filter
def question_text(text: str, text_format: str = "moodle") -> SafeString:
    """Render a GIFT text by its format: HTML and Moodle auto-format through an allow-list of tags, Markdown and
    plain text as escaped paragraphs (Markdown's marks stay as typed)."""
    if text_format in ("html", "moodle"):
        cleaned = _whitelister.clean(text)
        # The allow-list above leaves only harmless tags, and every text node is escaped by the whitelister.
        html = cleaned.replace("\n", "<br>") if text_format == "moodle" and "<" not in text else cleaned
        return mark_safe(html)  # noqa: S308
    return mark_safe(linebreaks(escape(text)))  # noqa: S308 - escaped just before


@register.filter
def signed(value) -> str:
    """+10, 0 or −10 (with a real minus sign), for score and variable changes."""
    number = int(value)
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"\u2212{-number}"
    return "0"


@register.filter
def points(value) -> str:
    """A score as it is read: 30, 2.5 or −15 (a real minus sign), without trailing zeros."""
    number = Decimal(str(value)).normalize()
    if number == 0:
        return "0"
    text = format(number.quantize(Decimal(1)) if number == number.to_integral() else number, "f")
    return text.replace("-", "\u2212")


@register.filter
def posted_value(posted, key: str) -> str:
    """The value the learner posted under `key`, to show their answer again after an error ("" when none)."""
    return posted.get(key, "") if posted else ""


@register.simple_tag(takes_context=True)
def target_name(context, target: str) -> str:
    """The key of the block a choice or branch leads to (targets are block ids), for the trainer's preview; the raw
    value where no page is in the context."""
    page = context.get("page")
    if page is None or not hasattr(page, "editor_spec"):
        return target
    names = context.get("_scenario_target_names")
    if names is None:
        names = {}
        for block in page.steps:
            names.setdefault(block.value.get("key") or "", block.value.get("key") or "")
            names[block.id] = block.value.get("key") or ""
        context.dicts[0]["_scenario_target_names"] = names
    return names.get(target, target)
