from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from goals import admin_views
from goals.viewsets import GoalsViewSetGroup


class ReportMenuItem(MenuItem):
    """Only a convenience: the view checks permission itself."""

    def is_shown(self, request):
        return request.user.has_perm("goals.view_goals_report")


class SourcesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("goals.manage_metric_sources")


@hooks.register("register_admin_viewset")
def register_viewsets():
    return GoalsViewSetGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("goals/objectives/<int:pk>/values/", admin_views.values, name="goals_values"),
        path("goals/objectives/<int:pk>/import/", admin_views.import_upload, name="goals_import"),
        path("goals/imports/<int:pk>/", admin_views.import_preview, name="goals_import_preview"),
        path("goals/imports/<int:pk>/summary/", admin_views.import_summary, name="goals_import_summary"),
        path("goals/sources/", admin_views.sources, name="goals_sources"),
        path("goals/sources/<int:pk>/revoke/", admin_views.revoke_source, name="goals_revoke_source"),
        path("goals/report/", admin_views.report_view, name="goals_report"),
        path("goals/report/<int:pk>/", admin_views.report_objective, name="goals_report_objective"),
    ]


@hooks.register("register_admin_menu_item")
def register_sources_menu_item():
    return SourcesMenuItem(_("Metric sources"), reverse("goals_sources"), icon_name="key", order=341)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(
        _("Goals and return"), reverse("goals_report"), name="goals-report", icon_name="crosshairs", order=175
    )
