"""The reports' filter forms (Wagtail filter sets) and what they mean once parsed: a `ReportFilters`. The filter sets
only read the request; the selectors apply the filters, so a report looks the same on screen, in an export made at
once and in one made later by a task."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page

import django_filters

from cms.widgets import DateRangeInput
from courses.models import CoursePage, Enrolment
from people.models import Audience, Cohort, Department
from quizzes.models import KnowledgeCheckPage, ScenarioPage

if TYPE_CHECKING:
    from django.http import QueryDict


class Status:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"

    CHOICES = [
        (NOT_STARTED, _("Not started")),
        (IN_PROGRESS, _("In progress")),
        (COMPLETED, _("Completed")),
        (OVERDUE, _("Overdue")),
    ]
    LABELS = dict(CHOICES)


class GroupBy:
    COURSE = "course"
    DEPARTMENT = "department"
    TOP_DEPARTMENT = "top_department"
    COHORT = "cohort"
    AUDIENCE = "audience"
    EVERYONE = "everyone"

    COMPLETION_CHOICES = [
        (DEPARTMENT, _("Department")),
        (TOP_DEPARTMENT, _("Top-level department (with its sub-departments)")),
        (COHORT, _("Cohort")),
        (AUDIENCE, _("Audience")),
        (COURSE, _("Course only")),
    ]
    PRACTICE_CHOICES = [
        (EVERYONE, _("All learners")),
        (DEPARTMENT, _("Department")),
        (COHORT, _("Cohort")),
    ]


class Enrolments:
    REQUIRED = "required"
    ALL = "all"
    CHOICES = [(REQUIRED, _("Assigned (required) only")), (ALL, _("All, self-enrolled included"))]


@dataclass(frozen=True)
class ReportFilters:
    """A report's filters, parsed. Empty values mean "no filter"."""

    course: CoursePage | None = None
    department: Department | None = None
    cohort: Cohort | None = None
    audience: str = ""
    date_from: date | None = None
    date_to: date | None = None
    status: str = ""
    group_by: str = ""
    enrolments: str = Enrolments.REQUIRED
    quiz: Page | None = None
    search: str = ""

    @property
    def required_only(self) -> bool:
        return self.enrolments != Enrolments.ALL


# --- Choice fields: ids checked before any query, labelled from one query --------------------------------------------
class IdChoiceField(django_filters.fields.ModelChoiceField):
    """A choice by id: anything but a plain number that fits a database id (`10**20`, `-1`, `1e3`, NUL) is an invalid
    choice, a form error, before any query is made."""

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"[0-9]{1,18}", str(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = IdChoiceField


class _LabelledChoiceIterator(forms.models.ModelChoiceIterator):
    """Choices labelled by the field's `labels(objects)` (one query for all of them), in label order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        objects = list(self.queryset)
        labels = self.field.labels(objects)
        for obj in sorted(objects, key=lambda o: labels[o.pk].lower()):
            yield (ModelChoiceIteratorValue(self.field.prepare_value(obj), obj), labels[obj.pk])

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class DepartmentChoiceField(IdChoiceField):
    iterator = _LabelledChoiceIterator

    def labels(self, objects: list[Department]) -> dict[int, str]:
        from reports.selectors import department_tree

        tree = department_tree()
        return {d.pk: tree.path(d.pk) for d in objects}


class QuizChoiceField(IdChoiceField):
    iterator = _LabelledChoiceIterator

    def labels(self, objects: list[Page]) -> dict[int, str]:
        from reports.selectors import quiz_labels

        return quiz_labels(objects)


class DepartmentFilter(django_filters.ModelChoiceFilter):
    field_class = DepartmentChoiceField


class QuizFilter(django_filters.ModelChoiceFilter):
    field_class = QuizChoiceField


def _courses(request=None):
    return CoursePage.objects.all().order_by("title")


def _quizzes(request=None):
    return Page.objects.type(ScenarioPage, KnowledgeCheckPage).order_by("path")


def _knowledge_checks(request=None):
    return Page.objects.type(KnowledgeCheckPage).order_by("path")


def _scenarios(request=None):
    return Page.objects.type(ScenarioPage).order_by("path")


def _course_filter():
    return IdChoiceFilter(label=_("Course"), queryset=_courses, empty_label=_("All courses"), method="keep")


def _department_filter():
    return DepartmentFilter(
        label=_("Department (with its sub-departments)"),
        queryset=Department.objects.all(),
        empty_label=_("All departments"),
        method="keep",
    )


def _cohort_filter():
    return IdChoiceFilter(
        label=_("Cohort"), queryset=Cohort.objects.all().order_by("name"), empty_label=_("All cohorts"), method="keep"
    )


def _audience_filter():
    return django_filters.ChoiceFilter(
        label=_("Audience"),
        choices=Audience.choices,
        empty_label=_("Everyone"),
        widget=forms.RadioSelect,
        method="keep",
    )


# Every date a report filters on lies in these bounds, and a range spans at most REPORT_RANGE_MAX_DAYS: a report of
# completions per week draws one row per week, so an unbounded range (0001 to 9999) would be a long loop and a huge
# page. The filter's help text says the bounds on the page; a date outside them is a form error.
REPORT_DATE_MIN = date(2000, 1, 1)
REPORT_DATE_MAX = date(2099, 12, 31)
REPORT_RANGE_MAX_DAYS = 5 * 366
RANGE_HELP = _("Dates from 1 January 2000 to 31 December 2099, at most five years apart.")


class BoundedDateRangeField(django_filters.fields.RangeField):
    """A `from`–`to` pair of dates (not times) within REPORT_DATE_MIN–REPORT_DATE_MAX and REPORT_RANGE_MAX_DAYS
    apart at most. With `open_end_is_today`, a missing end counts as today (the completions-per-week report draws
    every week up to it), so `from=2000-01-01` alone is too wide as well."""

    widget = DateRangeInput

    def __init__(self, *args, open_end_is_today: bool = False, **kwargs):
        self.open_end_is_today = open_end_is_today
        fields = (forms.DateField(), forms.DateField())
        super().__init__(fields, *args, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        start, stop = data_list
        for value in (start, stop):
            if value is not None and not REPORT_DATE_MIN <= value <= REPORT_DATE_MAX:
                raise forms.ValidationError(
                    _("Choose dates from %(min)s to %(max)s.")
                    % {"min": f"{REPORT_DATE_MIN:%d %b %Y}", "max": f"{REPORT_DATE_MAX:%d %b %Y}"},
                    code="out_of_range",
                )
        end = stop or (timezone.localdate() if self.open_end_is_today else None)
        if start is not None and end is not None and abs((end - start).days) > REPORT_RANGE_MAX_DAYS:
            raise forms.ValidationError(_("Choose dates at most five years apart."), code="too_wide")
        return slice(start, stop)


class BoundedDateRangeFilter(django_filters.RangeFilter):
    field_class = BoundedDateRangeField


def _date_range_filter(label, *, open_end_is_today: bool = False):
    return BoundedDateRangeFilter(label=label, help_text=RANGE_HELP, method="keep", open_end_is_today=open_end_is_today)


def _enrolments_filter():
    return django_filters.ChoiceFilter(
        label=_("Enrolments counted"),
        choices=Enrolments.CHOICES,
        empty_label=None,
        widget=forms.RadioSelect,
        method="keep",
    )


class _ReportFilterSet(WagtailFilterSet):
    """Filter sets only parse: `keep` leaves the queryset alone and the selector applies the parsed filters."""

    default_group_by = ""

    class Meta:
        model = Enrolment  # only the filter set's unused default queryset; the selectors choose their own
        fields: list[str] = []

    def keep(self, queryset, name, value):
        return queryset

    def report_filters(self) -> ReportFilters:
        data = self.form.cleaned_data if self.is_valid() else {}

        def dates(name):
            value = data.get(name)
            return (value.start, value.stop) if value else (None, None)

        date_from, date_to = None, None
        for name in ("enrolled", "due", "completed"):
            if name in self.filters:
                date_from, date_to = dates(name)
        group_by = data.get("group_by") or self.default_group_by
        return ReportFilters(
            course=data.get("course"),
            department=data.get("department"),
            cohort=data.get("cohort"),
            audience=data.get("audience") or "",
            date_from=date_from,
            date_to=date_to,
            status=data.get("status") or "",
            group_by=group_by,
            enrolments=data.get("enrolments") or Enrolments.REQUIRED,
            quiz=data.get("quiz"),
            search=(self.data.get("q") or "").replace("\x00", "").strip()[:100] if self.data is not None else "",
        )


class CompletionFilterSet(_ReportFilterSet):
    default_group_by = GroupBy.DEPARTMENT
    group_by = django_filters.ChoiceFilter(
        label=_("Rates by"),
        choices=GroupBy.COMPLETION_CHOICES,
        empty_label=None,
        widget=forms.RadioSelect,
        method="keep",
    )
    course = _course_filter()
    department = _department_filter()
    cohort = _cohort_filter()
    audience = _audience_filter()
    enrolled = _date_range_filter(_("Enrolled between"))
    enrolments = _enrolments_filter()


class LearnerStatusFilterSet(_ReportFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.CHOICES, empty_label=_("Any"), widget=forms.RadioSelect, method="keep"
    )
    course = _course_filter()
    department = _department_filter()
    cohort = _cohort_filter()
    audience = _audience_filter()
    enrolled = _date_range_filter(_("Enrolled between"))
    enrolments = _enrolments_filter()


class OverdueFilterSet(_ReportFilterSet):
    course = _course_filter()
    department = _department_filter()
    cohort = _cohort_filter()
    audience = _audience_filter()
    due = _date_range_filter(_("Due between"))


class CompletionsOverTimeFilterSet(_ReportFilterSet):
    course = _course_filter()
    department = _department_filter()
    cohort = _cohort_filter()
    audience = _audience_filter()
    completed = _date_range_filter(_("Completed between"), open_end_is_today=True)
    enrolments = _enrolments_filter()


def _practice_group_by():
    return django_filters.ChoiceFilter(
        label=_("Groups"),
        choices=GroupBy.PRACTICE_CHOICES,
        empty_label=None,
        widget=forms.RadioSelect,
        method="keep",
    )


# Practice analytics take no department, date or person filters: subtracting two narrower views from each other
# could otherwise single out one learner's choices. The small-group rule (analytics/privacy.py) covers the rest.
class QuizResultsFilterSet(_ReportFilterSet):
    default_group_by = GroupBy.EVERYONE
    course = _course_filter()
    quiz = QuizFilter(label=_("Quiz"), queryset=_quizzes, empty_label=_("All quizzes"), method="keep")
    group_by = _practice_group_by()


class QuestionResultsFilterSet(_ReportFilterSet):
    default_group_by = GroupBy.EVERYONE
    quiz = QuizFilter(label=_("Knowledge check"), queryset=_knowledge_checks, empty_label=None, method="keep")
    group_by = _practice_group_by()


class MasteryFilterSet(_ReportFilterSet):
    course = _course_filter()
    quiz = QuizFilter(
        label=_("Knowledge check"), queryset=_knowledge_checks, empty_label=_("All knowledge checks"), method="keep"
    )
    department = _department_filter()


class ScenarioChoicesFilterSet(_ReportFilterSet):
    default_group_by = GroupBy.DEPARTMENT
    quiz = QuizFilter(label=_("Scenario"), queryset=_scenarios, empty_label=None, method="keep")
    group_by = _practice_group_by()


def parse_filters(filterset_class: type[_ReportFilterSet], data: QueryDict) -> ReportFilters:
    """The filters in `data` (a request's GET, or an export job's saved query string)."""
    return filterset_class(data).report_filters()
