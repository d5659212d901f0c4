from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from reports import definitions, selectors


class ReportMenuItem(MenuItem):
    """Shown to people who may see reports. Only a convenience: each view checks permission itself."""

    def is_shown(self, request):
        return selectors.can_view_reports(request.user)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("learning-reports/", include("reports.urls", namespace="reports"))]


MENU = [
    (definitions.COMPLETION, "tasks", 100),
    (definitions.LEARNERS, "user", 110),
    (definitions.OVERDUE, "warning", 120),
    (definitions.COMPLETIONS_OVER_TIME, "date", 130),
    (definitions.QUIZ_RESULTS, "list-ol", 140),
    (definitions.SCENARIO_CHOICES, "list-ul", 150),
    (definitions.QUESTION_RESULTS, "help", 160),
    (definitions.MASTERY, "success", 162),
]


def _register(report, icon, order):
    @hooks.register("register_reports_menu_item")
    def register_menu_item():
        return ReportMenuItem(
            report.title, reverse(f"reports:{report.slug}"), name=f"learning-{report.slug}", icon_name=icon, order=order
        )


for _report, _icon, _order in MENU:
    _register(_report, _icon, _order)


class ItemAnalysisMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("reports.view_item_analysis")


@hooks.register("register_reports_menu_item")
def register_item_analysis_menu_item():
    return ItemAnalysisMenuItem(
        _("Item analysis"), reverse("reports:item_analysis"), name="learning-item-analysis", icon_name="help", order=165
    )


@hooks.register("register_reports_menu_item")
def register_export_jobs_menu_item():
    return ReportMenuItem(
        _("My report exports"), reverse("reports:export_jobs"), name="learning-exports", icon_name="download", order=170
    )
