"""The "Practice" admin menu: cohort schedules (paced release per cohort), live cohort sessions, practice tasks
(done counts and shared notes only) and the engagement report."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

import django_filters

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


def facilitators():
    """Who may lead a session: active Trainers, HR people, Administrators and Managers. A plain list of them, not
    the people chooser: that one lists everyone's name and address, which only people who manage people may see."""
    from people import roles
    from people.models import User

    return (
        User.objects.filter(is_active=True, groups__name__in=[*roles.ADMIN_ROLES, roles.MANAGERS])
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


class CohortSessionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "facilitator" in self.fields:
            field = self.fields["facilitator"]
            field.widget = forms.Select()
            field.queryset = facilitators()
            if self.instance.facilitator_id:  # someone chosen before who has since left the roles stays shown
                from people.models import User

                field.queryset = User.objects.filter(pk__in=field.queryset.values("pk")) | User.objects.filter(
                    pk=self.instance.facilitator_id
                )
            field.widget.choices = field.choices


class CohortSessionFilterSet(WagtailFilterSet):
    # Only the people who may lead a session: a filter over every user would list everyone's name to a Trainer.
    facilitator = django_filters.ModelChoiceFilter(label=_("Facilitator"), queryset=lambda request: facilitators())

    class Meta:
        model = CohortSession
        fields = ["cohort", "facilitator"]


class CohortSessionViewSet(ModelViewSet):
    model = CohortSession
    icon = "group"
    menu_label = _("Cohort sessions")
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    list_display = ["cohort", "module", "starts_at", "place", "facilitator"]
    filterset_class = CohortSessionFilterSet
    list_export = ["cohort", "module", "starts_at", "minutes", "place", "link", "facilitator"]
    search_fields = ["place"]
    edit_handler = ObjectList(
        [
            FieldPanel("cohort"),
            FieldPanel("module"),
            FieldPanel("starts_at"),
            FieldPanel("minutes"),
            FieldPanel("place"),
            FieldPanel("link"),
            FieldPanel("facilitator"),
        ],
        base_form_class=CohortSessionForm,
    )


class PracticeViewSetGroup(ModelViewSetGroup):
    menu_label = _("Practice")
    menu_icon = "calendar-check"
    menu_order = 330
    items = (CohortScheduleViewSet, CohortSessionViewSet)
