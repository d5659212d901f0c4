"""Admin views that are not plain model screens: an objective's values (entered by hand, with their history), the
CSV import of values (upload → preview → confirm → summary, as the people import), the source tokens, and the goals
and return report with its CSV/XLSX export. Each view asks goals/access.py which objectives are the user's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from analytics.csv_import import ImportFileError, decode_csv
from analytics.exports import csv_chunks, write_xlsx
from goals import access, report, selectors, services
from goals.exceptions import GoalsError, ImportRefused
from goals.forms import MetricImportConfirmForm, MetricImportUploadForm, MetricSourceForm, MetricValueForm
from goals.models import MetricImport, MetricSource, MetricValue, MetricValueRevision, period_end

PREVIEW_ROWS = 1000


# --- Values by hand ------------------------------------------------------------------------------------------------
def values(request, pk: int):
    objective = access.editable_objective_or_404(request.user, pk)
    form = MetricValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.record_metric_value(
                objective=objective,
                period=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                source=_("By hand"),
                actor=request.user,
            )
        except GoalsError as error:
            form.add_error(None, str(error))
        else:
            words = {
                "created": _("Value saved for the period starting %(day)s."),
                "updated": _(
                    "Value corrected for the period starting %(day)s; the earlier figure is kept in its history."
                ),
                "unchanged": _("The period starting %(day)s already had this value; nothing changed."),
            }
            messages.success(
                request, words[recorded.action] % {"day": recorded.value.period_start.strftime("%d %b %Y")}
            )
            return redirect("goals_values", pk=objective.pk)
    rows = list(
        MetricValue.objects.filter(objective=objective).order_by("-period_start").prefetch_related("revisions")[:200]
    )
    return TemplateResponse(
        request,
        "goals/admin/values.html",
        {
            "objective": objective,
            "form": form,
            "rows": [(row, period_end(row.period_start, objective.frequency)) for row in rows],
            "corrections": MetricValueRevision.objects.filter(
                metric_value__objective=objective, previous__isnull=False
            ).count(),
        },
    )


# --- CSV import ------------------------------------------------------------------------------------------------------
def import_upload(request, pk: int):
    objective = access.editable_objective_or_404(request.user, pk)
    form = MetricImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = decode_csv(upload.read())
            services.plan_metric_import(text, objective=objective)  # file-level problems here, rows on the preview
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            stored = services.store_metric_upload(
                objective=objective, actor=request.user, file_name=upload.name, text=text
            )
            return redirect("goals_import_preview", pk=stored.pk)
    return TemplateResponse(request, "goals/admin/import_upload.html", {"form": form, "objective": objective})


def _own_upload(request, pk: int) -> MetricImport:
    upload = get_object_or_404(MetricImport.objects.select_related("objective"), pk=pk, uploaded_by=request.user)
    access.editable_objective_or_404(request.user, upload.objective_id)
    return upload


def import_preview(request, pk: int):
    upload = _own_upload(request, pk)
    if upload.applied_at is not None:
        return redirect("goals_import_summary", pk=upload.pk)
    try:
        plan = services.plan_metric_import(upload.content, objective=upload.objective)
    except ImportFileError as error:
        messages.error(request, str(error))
        services.discard_metric_upload(upload=upload)
        return redirect("goals_import", pk=upload.objective_id)
    form = MetricImportConfirmForm(request.POST or None)
    if request.method == "POST":
        if "discard" in request.POST:
            services.discard_metric_upload(upload=upload)
            messages.success(request, _("The upload was discarded; nothing was imported."))
            return redirect("goals_import", pk=upload.objective_id)
        if form.is_valid():
            try:
                services.confirm_metric_import(
                    upload=upload, plan=plan, actor=request.user, only_valid=form.cleaned_data["only_valid"]
                )
            except ImportRefused as error:
                form.add_error(None, str(error))
            else:
                return redirect("goals_import_summary", pk=upload.pk)
    changes = [r for r in plan.valid_rows if r.action in ("create", "update")]
    return TemplateResponse(
        request,
        "goals/admin/import_preview.html",
        {
            "upload": upload,
            "objective": upload.objective,
            "plan": plan,
            "form": form,
            "error_rows": plan.error_rows[:PREVIEW_ROWS],
            "more_errors": max(0, len(plan.error_rows) - PREVIEW_ROWS),
            "changes": changes[:PREVIEW_ROWS],
            "more_changes": max(0, len(changes) - PREVIEW_ROWS),
            "counts": {
                "rows": len(plan.rows),
                "create": plan.count("create"),
                "update": plan.count("update"),
                "unchanged": plan.count("unchanged"),
                "errors": len(plan.error_rows),
            },
            "delimiter_label": _("semicolons") if plan.delimiter == ";" else _("commas"),
        },
    )


def import_summary(request, pk: int):
    upload = _own_upload(request, pk)
    if upload.applied_at is None:
        return redirect("goals_import_preview", pk=upload.pk)
    return TemplateResponse(
        request,
        "goals/admin/import_summary.html",
        {"upload": upload, "objective": upload.objective, "outcome": upload.outcome},
    )


# --- Source tokens ---------------------------------------------------------------------------------------------------
def _require_sources(request) -> None:
    if not request.user.has_perm("goals.manage_metric_sources"):
        raise PermissionDenied


def sources(request):
    _require_sources(request)
    form = MetricSourceForm(request.POST or None)
    token = None
    if request.method == "POST" and form.is_valid():
        source, token = services.create_metric_source(
            name=form.cleaned_data["name"], objectives=form.cleaned_data["objectives"], actor=request.user
        )
        form = MetricSourceForm()
    response = TemplateResponse(
        request,
        "goals/admin/sources.html",
        {
            "form": form,
            "token": token,
            "sources": MetricSource.objects.prefetch_related("objectives").order_by("revoked_at", "name"),
        },
    )
    response["Cache-Control"] = "no-store"  # the token is shown once: never from a cache
    return response


@require_http_methods(["GET", "POST"])
def revoke_source(request, pk: int):
    """GET asks to confirm (revoking cannot be undone; QA revoked a source by a stray submit), POST revokes."""
    _require_sources(request)
    source = get_object_or_404(MetricSource, pk=pk)
    if request.method == "POST":
        services.revoke_metric_source(source=source)
        messages.success(request, _("“%(name)s” can no longer post values.") % {"name": source.name})
        return redirect("goals_sources")
    return TemplateResponse(request, "goals/admin/revoke_source.html", {"source": source})


# --- The report ------------------------------------------------------------------------------------------------------
def _require_report(request) -> None:
    if not (request.user.is_active and request.user.has_perm("goals.view_goals_report")):
        raise PermissionDenied


def report_view(request):
    _require_report(request)
    objectives = access.visible_objectives(request.user)
    export = request.GET.get("export")
    reports = selectors.objective_reports(objectives=objectives)
    if export in ("csv", "xlsx"):
        return _export(reports, export)
    return TemplateResponse(
        request,
        "goals/admin/report.html",
        {
            "reports": report.present_all(reports),
            "today": timezone.localdate(),
            "export_rows": sum(max(1, len(r.points)) for r in reports),
        },
    )


def report_objective(request, pk: int):
    """One objective's report with every value as a table (the overview links here from each chart)."""
    _require_report(request)
    objective = access.visible_objectives(request.user).filter(pk=pk).first() if pk < 2**63 else None
    if objective is None:
        raise Http404(_("No such objective among yours."))
    data = selectors.objective_reports(objectives=[objective])[0]
    presented = report.present(data)
    return TemplateResponse(
        request,
        "goals/admin/objective_report.html",
        {"report": presented, "section": report.section_html(presented, table=report.value_table(data))},
    )


def _export(reports, export_format: str):
    headings = report.EXPORT_HEADINGS
    rows = report.export_rows(reports)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if export_format == "csv":
        response = StreamingHttpResponse(csv_chunks([str(h) for h in headings], rows), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="goals-and-return-{stamp}.csv"'
        return response
    import io

    buffer = io.BytesIO()
    write_xlsx(buffer, [str(h) for h in headings], rows, sheet_title="Goals and return")
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="goals-and-return-{stamp}.xlsx"'
    return response
