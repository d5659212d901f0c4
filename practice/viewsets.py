"""The "Practice" admin menu: cohort schedules (paced release per cohort), live cohort sessions, practice tasks
(done counts and shared notes only) and the engagement report."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from practice import services
from practice.models import CohortSchedule, CohortSession


class ScheduleSaveMixin:
    def save_instance(self):
        schedule, warnings = services.save_cohort_schedule(schedule=self.form.save(commit=False))
        for warning in warnings:
            messages.warning(self.request, warning)
        return schedule


class ScheduleCreateView(ScheduleSaveMixin, generic.CreateView):
    pass


class ScheduleEditView(ScheduleSaveMixin, generic.EditView):
    pass


class CohortScheduleViewSet(ModelViewSet):
    model = CohortSchedule
    icon = "date"
    menu_label = _("Cohort schedules")
    add_view_class = ScheduleCreateView
    edit_view_class = ScheduleEditView
    list_display = ["cohort", "course", "starts_on", "applied_at"]
    list_filter = ["cohort", "course"]
    list_export = ["cohort", "course", "starts_on", "applied_at"]
    panels = [FieldPanel("cohort"), FieldPanel("course"), FieldPanel("starts_on")]


class SessionSaveMixin:
    def save_instance(self):
        return services.save_cohort_session(session=self.form.save(commit=False))


class SessionCreateView(SessionSaveMixin, generic.CreateView):
    pass


class SessionEditView(SessionSaveMixin, generic.EditView):
    pass


class CohortSessionViewSet(ModelViewSet):
    model = CohortSession
    icon = "group"
    menu_label = _("Cohort sessions")
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    list_display = ["cohort", "module", "starts_at", "place", "facilitator"]
    list_filter = ["cohort", "facilitator"]
    list_export = ["cohort", "module", "starts_at", "minutes", "place", "link", "facilitator"]
    search_fields = ["place"]
    panels = [
        FieldPanel("cohort"),
        FieldPanel("module"),
        FieldPanel("starts_at"),
        FieldPanel("minutes"),
        FieldPanel("place"),
        FieldPanel("link"),
        FieldPanel("facilitator"),
    ]


class PracticeViewSetGroup(ModelViewSetGroup):
    menu_label = _("Practice")
    menu_icon = "calendar-check"
    menu_order = 330
    items = (CohortScheduleViewSet, CohortSessionViewSet)
