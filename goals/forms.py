"""Forms of the goals screens. They parse and check input (the same parsers as the CSV import and the JSON
endpoint, goals/values.py); saving goes through goals.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import CoursePage
from goals import access
from goals.models import Objective
from goals.values import MAX_NOTE, parse_note, parse_period, parse_value
from people.forms import DepartmentChoiceField
from people.models import Department


class ObjectiveForm(WagtailAdminModelForm):
    """An objective. A manager chooses among their own department and those inside it, and sets no cohort."""

    class Meta:
        model = Objective
        fields = [
            "title",
            "department",
            "cohort",
            "metric",
            "unit",
            "direction",
            "frequency",
            "baseline_value",
            "baseline_from",
            "baseline_to",
            "target_value",
            "review_on",
            "courses",
        ]
        field_classes = {"department": DepartmentChoiceField}
        widgets = {"courses": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["courses"].queryset = CoursePage.objects.live().order_by("title")
        allowed = access.allowed_departments(user) if user is not None else set()
        if allowed is not None and "department" in self.fields:
            self.fields["department"].queryset = Department.objects.filter(pk__in=allowed)
        if user is not None and not access.may_set_cohort(user):
            self.fields.pop("cohort", None)

    def clean(self):
        cleaned = super().clean()
        if "cohort" not in self.fields:
            self.instance.cohort = None
        return cleaned


class MetricValueForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("Any day in the week (or month) the value is for, as YYYY-MM-DD or DD/MM/YYYY."),
    )
    value = forms.CharField(label=_("Value"), max_length=40)
    note = forms.CharField(label=_("Note"), max_length=MAX_NOTE, required=False)

    def clean_period(self):
        day, problem = parse_period(self.cleaned_data["period"])
        if problem:
            raise forms.ValidationError(problem)
        return day

    def clean_value(self):
        value, problem = parse_value(self.cleaned_data["value"])
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_note(self):
        note, problem = parse_note(self.cleaned_data["note"])
        if problem:
            raise forms.ValidationError(problem)
        return note


class MetricImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma or semicolon separated, first row the column names. Columns: period, value (and note)."
        ),
    )


class MetricImportConfirmForm(forms.Form):
    only_valid = forms.BooleanField(
        label=_("Import only the valid rows"),
        required=False,
        help_text=_("Rows with errors are skipped; you can import them later once fixed."),
    )


class MetricSourceForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("The system that will post values, e.g. “Contact centre export”.")
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectives it may post to"),
        queryset=Objective.objects.order_by("title"),
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_name(self):
        from goals.models import MetricSource

        name = " ".join(self.cleaned_data["name"].split())
        if "\x00" in name or not name:
            raise forms.ValidationError(_("Give a name."))
        if MetricSource.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("A source with this name exists. Choose another name."))
        return name


class PersonalGoalForm(forms.Form):
    objective = forms.ModelChoiceField(label=_("Your team's objective"), queryset=Objective.objects.none())
    text = forms.CharField(
        label=_("Your goal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you will do on social media towards the objective, in a sentence or two."),
    )
    shared_with_manager = forms.BooleanField(
        label=_("Share the text with my manager"),
        required=False,
        help_text=_("Your manager always sees that you have a goal and when you last reviewed it together."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = access.learner_objectives(user).order_by("title")


class GoalReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def clean_reviewed_on(self):
        from goals.models import date_problem

        day = self.cleaned_data["reviewed_on"]
        problem = date_problem(day)
        if problem:
            raise forms.ValidationError(problem)
        return day
