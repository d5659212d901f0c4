"""Admin form widgets more than one app uses."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from django_filters.widgets import SuffixedMultiWidget


class DateRangeInput(SuffixedMultiWidget):
    """Two native date inputs (`from`, `to`) for a date range filter: the browser's own picker, which needs no script
    and works from the keyboard. (Wagtail's DateRangePickerWidget would run too: socialwise/csp.py allows its inline
    initialiser by hash on signed-in admin pages. The native input is kept for being script-free, not for the CSP.)"""

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


def tolerate_junk_chooser_values() -> None:
    """Wagtail's chooser widgets, showing a form again after an error, look the posted value up as an id:
    `bank==1+2` or an id too big for the database raised ValueError/OverflowError there, a 500 instead of the form's
    own "Select a valid choice" error. A value that is no id shows as nothing chosen. Called from CmsConfig.ready()."""
    from wagtail.admin.widgets.chooser import BaseChooser

    original = BaseChooser.get_instance
    if getattr(original, "tolerates_junk", False):
        return

    def get_instance(self, value):
        try:
            return original(self, value)
        except (ValueError, TypeError, OverflowError):
            return None

    get_instance.tolerates_junk = True
    BaseChooser.get_instance = get_instance
