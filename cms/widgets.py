"""Admin form widgets more than one app uses."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from django_filters.widgets import SuffixedMultiWidget


class DateRangeInput(SuffixedMultiWidget):
    """Two native date inputs (`from`, `to`) for a date range filter. Wagtail's DateRangePickerWidget starts its
    pickers with an inline script, which the Content-Security-Policy blocks; the browser's own date input needs none."""

    template_name = "wagtailadmin/widgets/range_input.html"
    suffixes = ["from", "to"]

    def __init__(self, attrs=None):
        super().__init__(
            (
                forms.DateInput(attrs={"type": "date", "aria-label": _("From")}, format="%Y-%m-%d"),
                forms.DateInput(attrs={"type": "date", "aria-label": _("To")}, format="%Y-%m-%d"),
            ),
            attrs,
        )

    def decompress(self, value):
        return [value.start, value.stop] if value else [None, None]
