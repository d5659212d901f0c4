"""Reading a metric value and its period from text, the same way for the admin form, the CSV import and the JSON
endpoint, so every path refuses NaN, Infinity, 10^20, year 9999 or a NUL with the same clear words. Pure."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from analytics.csv_import import parse_date
from goals.models import date_problem, value_problem

NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")
MAX_NOTE = 300


def parse_value(raw) -> tuple[Decimal | None, str]:
    """(value, '') or (None, why). Accepts 1150, 1,150, 1150.5 and JSON numbers; never NaN, Infinity or exponents."""
    if isinstance(raw, bool) or raw is None:
        return None, _("Give the value as a number.")
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return None, _("“%(value)s” is not a number.") % {"value": raw}
        value = Decimal(repr(raw))
    elif isinstance(raw, str):
        text = raw.strip()
        if "\x00" in text:
            return None, _("The value contains a NUL character.")
        if not NUMBER.match(text):
            return None, _("“%(value)s” is not a number (use digits, e.g. 1150 or 12.5).") % {"value": text[:40]}
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None, _("“%(value)s” is not a number.") % {"value": text[:40]}
    else:
        return None, _("Give the value as a number.")
    if not value.is_finite():
        return None, _("“%(value)s” is not a number.") % {"value": raw}
    problem = value_problem(value)
    if problem:
        return None, problem
    return value.quantize(Decimal("0.0001")), ""


def parse_period(raw) -> tuple[datetime.date | None, str]:
    """(day, '') or (None, why): YYYY-MM-DD or DD/MM/YYYY, from 2000 to 2099."""
    if not isinstance(raw, str) or not raw.strip():
        return None, _("Give the period as a date (YYYY-MM-DD).")
    text = raw.strip()
    if "\x00" in text:
        return None, _("The date contains a NUL character.")
    day = parse_date(text)
    if day is None:
        return None, _("“%(value)s” is not a date (use YYYY-MM-DD or DD/MM/YYYY).") % {"value": text[:40]}
    problem = date_problem(day)
    if problem:
        return None, problem
    if day > timezone.localdate() + datetime.timedelta(days=7):
        # A value measures a period that has begun: a future one would stretch the report's "after" window.
        return None, _("%(day)s is in the future: a value's period must have begun.") % {"day": day.isoformat()}
    return day, ""


def parse_note(raw) -> tuple[str, str]:
    if raw is None:
        return "", ""
    if not isinstance(raw, str):
        return "", _("The note must be text.")
    if "\x00" in raw:
        return "", _("The note contains a NUL character.")
    text = " ".join(raw.split())
    if len(text) > MAX_NOTE:
        return "", _("The note is longer than %(n)d characters.") % {"n": MAX_NOTE}
    return text, ""
