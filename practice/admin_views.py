"""Admin screens of practice: the practice-task overview for trainers and the engagement report for HR. Each view
checks permission itself (a hidden menu item is not a check)."""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

import django_filters

from analytics import charts
from courses.models import CoursePage, Enrolment
from practice import selectors
from practice.selectors import Measure

MEASURE_LABELS = {
    Measure.ACTIVE: _("Active learners in the week of"),
    Measure.STARTED: _("Started the module"),
    Measure.COMPLETED: _("Completed the module"),
    Measure.REFRESHERS_OFFERED: _("Offered a refresher"),
    Measure.REFRESHERS_ANSWERED: _("Answered a refresher"),
}


class PracticeTasksView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "practice/admin/practice_tasks.html"
    page_title = _("Practice tasks")
    header_icon = "calendar-check"

    def dispatch(self, request, *args, **kwargs):
        if not selectors.is_trainer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tasks"] = selectors.practice_task_overview()
        return context


class EngagementFilterSet(WagtailFilterSet):
    """Read by the view; the selector applies the choices (the rows are not a queryset)."""

    group_by = django_filters.ChoiceFilter(
        label=_("Group by"),
        choices=[("department", _("Department")), ("cohort", _("Cohort"))],
        empty_label=None,
        method="keep",
    )
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=CoursePage.objects.live().order_by("title"), method="keep"
    )
    weeks = django_filters.ChoiceFilter(
        label=_("Weeks"), choices=[("4", "4"), ("8", "8"), ("12", "12")], empty_label=None, method="keep"
    )

    class Meta:
        model = Enrolment
        fields: list[str] = []

    def keep(self, queryset, name, value):
        return queryset


class EngagementReportView(ReportView):
    page_title = _("Engagement")
    header_icon = "calendar-check"
    template_name = "practice/admin/engagement.html"
    results_template_name = "practice/admin/engagement_results.html"
    index_url_name = "practice_engagement"
    index_results_url_name = "practice_engagement_results"
    filterset_class = EngagementFilterSet
    paginate_by = None
    list_export = ["measure_label", "group", "item", "value"]
    export_headings = {
        "measure_label": _("Measure"),
        "group": _("Group"),
        "item": _("Week or module"),
        "value": _("Learners"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not selectors.is_hr(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def choices(self) -> dict:
        data = self.filters.form.cleaned_data if self.filters and self.filters.form.is_valid() else {}
        return {
            "group_by": data.get("group_by") or "department",
            "course": data.get("course"),
            "weeks": int(data.get("weeks") or 8),
        }

    def get_queryset(self):
        return Enrolment.objects.none()

    def get_filtered_queryset(self):
        rows = selectors.engagement_rows(today=timezone.localdate(), **self.choices)
        for row in rows:
            row["measure_label"] = str(MEASURE_LABELS[row["measure"]])
        return rows

    def get_filename(self):
        return f"engagement-{timezone.localdate():%Y-%m-%d}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = context["object_list"]
        context["minimum"] = selectors.minimum_group_size()
        context["sections"] = [
            (str(MEASURE_LABELS[m]), [r for r in rows if r["measure"] == m])
            for m in (
                Measure.ACTIVE,
                Measure.STARTED,
                Measure.COMPLETED,
                Measure.REFRESHERS_OFFERED,
                Measure.REFRESHERS_ANSWERED,
            )
        ]
        context["chart"] = active_chart(rows)
        return context


def active_chart(rows: list[dict]) -> charts.Chart:
    """One column per week: the active learners of every group shown added up (a held-back group adds nothing), the
    same numbers as the table under it."""
    weeks: dict[str, int] = {}
    for row in rows:
        if row["measure"] == Measure.ACTIVE:
            weeks[row["item"]] = weeks.get(row["item"], 0) + (row["value"] or 0)
    return charts.column_chart(
        chart_id="engagement-active",
        title=str(_("Active learners per week, every group shown added up")),
        # "19 Oct" under each column (the year is in the table): a full date does not fit under 12 columns.
        items=[(week.rsplit(" ", 1)[0], value, str(value)) for week, value in weeks.items()],
    )
