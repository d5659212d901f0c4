from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from practice import admin_views, selectors
from practice.viewsets import PracticeViewSetGroup


class TrainerMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.is_trainer(request.user)


class HRMenuItem(MenuItem):
    """Only a convenience: the view checks permission itself."""

    def is_shown(self, request):
        return selectors.is_hr(request.user)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PracticeViewSetGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("practice/tasks/", admin_views.PracticeTasksView.as_view(), name="practice_tasks"),
        path("practice/engagement/", admin_views.EngagementReportView.as_view(), name="practice_engagement"),
        path(
            "practice/engagement/results/",
            admin_views.EngagementReportView.as_view(results_only=True),
            name="practice_engagement_results",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_tasks_menu_item():
    return TrainerMenuItem(_("Practice tasks"), reverse("practice_tasks"), icon_name="calendar-check", order=331)


@hooks.register("register_reports_menu_item")
def register_engagement_report():
    return HRMenuItem(
        _("Engagement"),
        reverse("practice_engagement"),
        name="practice-engagement",
        icon_name="calendar-check",
        order=180,
    )
