"""The reports in Wagtail's admin, built on its `ReportView` (filters, pagination, CSV/XLSX buttons), and the pages
of a background export. Each view checks permission itself (a hidden menu item is not a check), reads through
reports/definitions.py and renders; exports over REPORTS_EXPORT_INLINE_MAX_ROWS become a background job."""

from __future__ import annotations

import tempfile
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import Button

from analytics import charts, exports, privacy
from reports import definitions, item_analysis, selectors, services
from reports.filters import GroupBy, ReportFilters
from reports.models import ExportFormat, ExportJob


def _require_reports(user) -> None:
    if not selectors.can_view_reports(user):
        raise PermissionDenied


class SocialwiseReportView(ReportView):
    """What every Socialwise report does: permission, scope, filters parsed once, exports that stream or go to a
    background job. Subclasses name their `report` (reports/definitions.py)."""

    report: definitions.Report
    template_name = "reports/report.html"
    results_template_name = ""
    header_icon = "table"
    paginate_by = 50
    is_searchable = False
    search_backend_name = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        report = cls.__dict__.get("report")
        if report is not None:
            cls.filterset_class = report.filterset_class
            cls.list_export = [accessor for accessor, _ in report.columns]
            cls.export_headings = dict(report.columns)
            cls.page_title = report.title
            cls.index_url_name = f"reports:{report.slug}"
            cls.index_results_url_name = f"reports:{report.slug}_results"
            cls.results_template_name = f"reports/results/{report.slug}.html"

    def dispatch(self, request, *args, **kwargs):
        _require_reports(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"{self.report.slug}-{self.today:%Y-%m-%d}"

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def report_request(self) -> definitions.ReportRequest:
        filters = self.filters.report_filters() if self.filters else None
        return definitions.ReportRequest(
            user=self.request.user,
            scope=selectors.report_scope(user=self.request.user),
            filters=filters or ReportFilters(),
            today=self.today,
        )

    @cached_property
    def selected(self):
        return self.report.select(self.report_request)

    def get_queryset(self):
        return self.selected

    def filter_queryset(self, queryset):
        return queryset  # the selector has applied the filters already

    def search_queryset(self, queryset):
        return queryset  # likewise the search

    def decorate_paginated_queryset(self, object_list):
        return list(self.report.rows(object_list, self.report_request))

    def get_paginator(self, queryset, per_page, *args, **kwargs):
        """Django's paginator, told the number of rows when the maintained counts know it: counting every enrolment
        of a CEO's reporting line for the page links would cost more than the page."""
        paginator = super().get_paginator(queryset, per_page, *args, **kwargs)
        counted = self.report.counted(self.report_request)
        if counted is not None:
            paginator.count = counted  # `count` is a cached property: this is its value
        return paginator

    @cached_property
    def filters_invalid(self) -> bool:
        """A filter the form refused (a date out of bounds, an id that is no choice): the page says which and shows
        the report without it; an export is not made."""
        return self.filters is not None and not self.filters.is_valid()

    def refuse_invalid_export(self):
        messages.error(self.request, _("Correct the filters below, then download the report again."))
        params = self.request.GET.copy()
        for name in ("export", "detail"):
            params.pop(name, None)
        return redirect(f"{self.request.path}?{params.urlencode()}")

    def get(self, request, *args, **kwargs):
        if self.is_export:
            if self.filters_invalid:
                return self.refuse_invalid_export()
            return self.export(self.report, request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def export(self, report: definitions.Report, export_format: str):
        """The file at once (CSV streamed, XLSX through a temporary file), or, above the row limit, a background
        job the requester follows on its own page."""
        request = self.report_request
        selected = report.select(request)
        rows_expected = report.counted(request)
        if rows_expected is None:
            rows_expected = report.count(selected)
        if rows_expected > settings.REPORTS_EXPORT_INLINE_MAX_ROWS:
            params = self.request.GET.copy()
            for name in ("export", "detail", "p", "_w_filter_fragment"):
                params.pop(name, None)
            job = services.request_export(
                user=self.request.user,
                report=report.slug,
                params=params.urlencode(),
                export_format=export_format,
                rows_expected=rows_expected,
                title=str(report.title),
            )
            messages.success(
                self.request,
                _("This export has %(rows)s rows, so it is being made in the background.")
                % {"rows": f"{rows_expected:,}"},
            )
            return redirect("reports:export_job", job_id=job.pk)
        rows = report.export_rows(selected, request)
        filename = f"{report.slug}-{self.today:%Y-%m-%d}"
        if export_format == ExportFormat.CSV:
            response = StreamingHttpResponse(
                exports.csv_chunks(report.headings, rows), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
            return response
        # On disk, not in memory; FileResponse closes it when sent, which deletes it.
        output = tempfile.TemporaryFile()  # noqa: SIM115
        exports.write_xlsx(output, report.headings, rows, sheet_title=str(report.title))
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": self.get_page_title()},
        ]

    def chart(self, rows) -> charts.Chart | None:
        return None

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = context["object_list"]
        context["report"] = self.report
        context["scope"] = scope = self.report_request.scope
        context["scope_people"] = None if scope.everyone else selectors.active_people(scope=scope)
        context["report_filters"] = self.report_request.filters
        context["chart"] = self.chart(rows)
        context["today"] = self.today
        context["minimum_group_size"] = privacy.minimum_group_size()
        context["filters_invalid"] = self.filters_invalid
        return context


class CompletionReportView(SocialwiseReportView):
    report = definitions.COMPLETION

    def chart(self, rows):
        return charts.bar_chart(
            chart_id="completion-chart",
            title=_("Completion rate (%) for each row of the table"),
            items=[(row.label, row.rate, f"{row.rate}%") for row in rows],
            maximum=100,
            unit="%",
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["group_heading"] = dict(GroupBy.COMPLETION_CHOICES).get(
            self.report_request.filters.group_by or GroupBy.DEPARTMENT
        )
        context["show_group"] = (self.report_request.filters.group_by or GroupBy.DEPARTMENT) != GroupBy.COURSE
        return context


class LearnerStatusReportView(SocialwiseReportView):
    report = definitions.LEARNERS
    is_searchable = True

    def get(self, request, *args, **kwargs):
        if self.is_export and request.GET.get("detail") == "modules":
            if self.filters_invalid:
                return self.refuse_invalid_export()
            return self.export(definitions.MODULE_DETAIL, request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        for export_format, label in (
            ("xlsx", _("Download module detail (XLSX)")),
            ("csv", _("Download module detail (CSV)")),
        ):
            params = self.request.GET.copy()
            params["export"] = export_format
            params["detail"] = "modules"
            buttons.append(
                Button(label, url=f"{self.request.path}?{params.urlencode()}", icon_name="download", priority=110)
            )
        return buttons


class OverdueReportView(LearnerStatusReportView):
    report = definitions.OVERDUE


class CompletionsOverTimeReportView(SocialwiseReportView):
    report = definitions.COMPLETIONS_OVER_TIME
    paginate_by = None

    def chart(self, rows):
        return charts.column_chart(
            chart_id="completions-chart",
            title=_("Completions per week"),
            items=[
                (f"{row.week_start.day} {row.week_start:%b}", row.completions, str(row.completions)) for row in rows
            ],
        )


class QuizResultsReportView(SocialwiseReportView):
    report = definitions.QUIZ_RESULTS
    paginate_by = None

    def chart(self, rows):
        shown = [row for row in rows if not row.suppressed]
        return charts.bar_chart(
            chart_id="pass-rate-chart",
            title=_("Pass rate (%) for each row of the table"),
            items=[(f"{row.group} · {row.quiz}", row.pass_rate, f"{row.pass_rate}%") for row in shown],
            maximum=100,
            unit="%",
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["bucket_labels"] = selectors.BUCKET_LABELS
        shown = [row for row in context["object_list"] if not row.suppressed]
        # With one quiz chosen, its score distribution: the first shown group's (everyone, by default).
        if self.report_request.filters.quiz is not None and shown:
            first = shown[0]
            context["distribution"] = first
            context["distribution_chart"] = charts.column_chart(
                chart_id="distribution-chart",
                title=_("Learners by best score, %(group)s") % {"group": first.group},
                items=[
                    (label, count, str(count))
                    for label, count in zip(selectors.BUCKET_LABELS, first.buckets, strict=True)
                ],
            )
        return context


class ScenarioChoicesReportView(SocialwiseReportView):
    report = definitions.SCENARIO_CHOICES
    paginate_by = None

    def get_queryset(self):
        return self.selected.rows

    def decorate_paginated_queryset(self, object_list):
        return object_list

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["practice"] = self.selected
        return context

    def chart(self, rows):
        """Choice shares at each step for the first group shown (with enough learners at that step)."""
        steps: dict[tuple[int, str], list] = {}
        for row in rows:
            if row.suppressed:
                continue
            key = (row.step_number, row.step)
            if key not in steps:
                steps[key] = [row.group, []]
            if row.group == steps[key][0]:
                steps[key][1].append((f"{row.step_number}. {row.choice}", row.share, f"{row.share}%"))
        items = [item for _group, step_items in steps.values() for item in step_items]
        if not items:
            return None
        first_group = next(iter(steps.values()))[0]
        return charts.bar_chart(
            chart_id="choices-chart",
            title=_("Share (%%) of learners who took each choice, step by step: %(group)s") % {"group": first_group},
            items=items,
            maximum=100,
            unit="%",
        )


class QuestionResultsReportView(ScenarioChoicesReportView):
    report = definitions.QUESTION_RESULTS

    def chart(self, rows):
        first_group = next((row.group for row in rows if not row.suppressed), None)
        items = [
            (f"{row.number}. {row.question}", row.share, f"{row.share}%")
            for row in rows
            if not row.suppressed and row.group == first_group
        ]
        if not items:
            return None
        return charts.bar_chart(
            chart_id="questions-chart",
            title=_("Share (%%) of learners who answered each question correctly: %(group)s") % {"group": first_group},
            items=items,
            maximum=100,
            unit="%",
        )


class MasteryReportView(SocialwiseReportView):
    report = definitions.MASTERY

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["departments"] = selectors.mastery_by_department(self.selected)
        return context

    def chart(self, rows):
        departments = selectors.mastery_by_department(self.selected)
        if not departments:
            return None
        return charts.bar_chart(
            chart_id="mastery-chart",
            title=_("Passed first time (%) by department"),
            items=[(d.department, d.share, f"{d.share}%") for d in departments],
            maximum=100,
            unit="%",
        )


REPORT_VIEWS: list[type[SocialwiseReportView]] = [
    CompletionReportView,
    LearnerStatusReportView,
    OverdueReportView,
    CompletionsOverTimeReportView,
    QuizResultsReportView,
    ScenarioChoicesReportView,
    QuestionResultsReportView,
    MasteryReportView,
]


# --- Item analysis (trainers) -----------------------------------------------------------------------------------------
ITEM_ANALYSIS_COLUMNS = [
    (gettext_lazy("Number"), "number"),
    (gettext_lazy("Question"), "title"),
    (gettext_lazy("Type"), "type_label"),
    (gettext_lazy("Learners"), "learners"),
    (gettext_lazy("Answers"), "answers"),
    (gettext_lazy("Facility (%)"), "facility_percent"),
    (gettext_lazy("Discrimination"), "discrimination_text"),
    (gettext_lazy("Options chosen"), "options_text"),
    (gettext_lazy("Flags"), "flags_text"),
    (gettext_lazy("Note"), "note"),
]


class ItemAnalysisView(WagtailAdminTemplateMixin, TemplateView):
    """One knowledge check's item analysis, chosen from a list; downloadable as CSV or XLSX through the export
    writer. Needs `reports.view_item_analysis` (Trainers, HR, Administrators)."""

    template_name = "reports/item_analysis.html"
    page_title = gettext_lazy("Item analysis")
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("reports.view_item_analysis"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def checks(self):
        return item_analysis.knowledge_checks()

    @cached_property
    def chosen(self):
        wanted = self.request.GET.get("check", "")
        if not wanted:
            return None
        if not wanted.isdigit() or len(wanted) > 12:
            raise Http404(_("There is no such knowledge check."))
        found = next((check for check in self.checks if check.pk == int(wanted)), None)
        if found is None:
            raise Http404(_("There is no such knowledge check."))
        return found

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("export")
        if export_format in (ExportFormat.CSV, ExportFormat.XLSX):
            return self._export(item_analysis.item_analysis(check=self.chosen), export_format)
        return super().get(request, *args, **kwargs)

    def _export(self, analysis, export_format: str):
        headings = [str(heading) for heading, _accessor in ITEM_ANALYSIS_COLUMNS]
        rows = [
            tuple(exports.cell(getattr(row, accessor)) for _h, accessor in ITEM_ANALYSIS_COLUMNS)
            for row in analysis.rows
        ]
        slug = analysis.check.slug if analysis.check else "none"
        filename = f"item-analysis-{analysis.check.pk if analysis.check else 0}-{slug}-{timezone.localdate():%Y-%m-%d}"
        if export_format == ExportFormat.CSV:
            response = StreamingHttpResponse(exports.csv_chunks(headings, rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
            return response
        output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
        exports.write_xlsx(output, headings, rows, sheet_title=str(_("Item analysis")))
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": _("Home")}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        analysis = item_analysis.item_analysis(check=self.chosen)
        labels = selectors.quiz_labels(self.checks)
        context.update(
            analysis=analysis,
            checks=[(check.pk, labels[check.pk]) for check in self.checks],
            minimum_group_size=privacy.minimum_group_size(),
            too_easy=int(100 * item_analysis.TOO_EASY_ABOVE),
            discrimination_below=item_analysis.DISCRIMINATION_BELOW,
        )
        return context


# --- Background exports ----------------------------------------------------------------------------------------------
def _own_job(request, job_id: int) -> ExportJob:
    """The job if the person asking requested it; anyone else gets the same 404 as for a job that does not exist."""
    _require_reports(request.user)
    job = ExportJob.objects.filter(pk=job_id, requested_by=request.user).first()
    if job is None:
        raise Http404(_("No such export."))
    return job


class ExportJobView(WagtailAdminTemplateMixin, TemplateView):
    """One export's progress, then its download link, for the person who asked for it."""

    template_name = "reports/export_job.html"
    page_title = gettext_lazy("Report export")
    header_icon = "download"

    def get(self, request, *args, **kwargs):
        self.job = _own_job(request, kwargs["job_id"])
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.job)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("reports:export_jobs"), "label": _("My report exports")},
            {"url": "", "label": str(self.job)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = self.job
        context["expired"] = self.job.is_expired()
        return context


@never_cache
def export_job_status(request, job_id: int):
    """The job's progress as JSON, for the page's poller (static/js/reports.js)."""
    job = _own_job(request, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "rows_written": job.rows_written,
            "rows_expected": job.rows_expected,
            "percent": job.percent,
            "finished": job.is_finished,
        }
    )


@never_cache
def export_download(request, job_id: int):
    """The export file, for its requester only and only until it expires."""
    job = _own_job(request, job_id)
    if job.status != ExportJob.Status.DONE or not job.file:
        if job.is_expired():
            return _expired(request, job)
        raise Http404(_("This export is not ready."))
    if job.is_expired():
        return _expired(request, job)
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as error:  # removed from storage (by hand, or a restore without the files)
        raise Http404(_("This export's file is gone. Make the export again from the report.")) from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{job.report}-{timezone.localdate(job.finished_at):%Y-%m-%d}.{job.format}",
    )


def _expired(request, job: ExportJob):
    messages.error(request, _("This export's link has expired. Make the export again from the report."))
    return redirect("reports:export_job", job_id=job.pk)


class ExportJobListView(WagtailAdminTemplateMixin, TemplateView):
    """The exports the person asking has made, newest first."""

    template_name = "reports/export_jobs.html"
    page_title = gettext_lazy("My report exports")
    header_icon = "download"

    def get(self, request, *args, **kwargs):
        _require_reports(request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jobs"] = list(ExportJob.objects.filter(requested_by=self.request.user)[:50])
        context["now"] = timezone.now()
        return context
