from django import forms
from django.utils.translation import gettext_lazy as _


class OptionalEmailsForm(forms.Form):
    """The one choice a learner makes; `required_reminders` is deliberately not a field, so a POST cannot set it."""

    optional_emails = forms.BooleanField(
        label=_("Email me about optional courses, refreshers and (for managers) my team’s weekly digest"),
        required=False,
    )
