"""The "Practice" admin menu: cohort schedules (paced release per cohort), live cohort sessions, practice tasks
(done counts and shared notes only) and the engagement report."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

import django_filters

from practice import services
from practice.exceptions import PracticeError
from practice.models import CohortSchedule, CohortSession
from practice.selectors import may_take_register


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
        return services.save_cohort_session(
            session=self.form.save(commit=False),
            register_taken=self.form.cleaned_data.get("register_taken"),  # None: not shown to this user
            attendees=self.form.cleaned_data.get("attendees") or (),
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PracticeError as error:  # the form's checks come first; this is the service's last word
            form.add_error(None, str(error))
            self.produced_error_message = str(error)
            return self.form_invalid(form)


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
    """The session, and its register: who of the cohort was there. Until "Register taken" is ticked the session
    counts for no one's learning time in the goals report (membership is not attendance)."""

    register_taken = forms.BooleanField(
        label=_("Register taken"),
        required=False,
        help_text=_("Tick once the session has been held and you have marked who attended below."),
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attended"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The cohort's members (after a change of cohort, save first, then mark the new members)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from people.models import User

        if not (self.instance.pk and self.for_user and may_take_register(user=self.for_user, session=self.instance)):
            # A new session has no members to mark yet; and a register names people, so only HR and the session's
            # facilitator see one.
            del self.fields["register_taken"], self.fields["attendees"]
        else:
            self.fields["attendees"].queryset = User.objects.filter(
                cohort_memberships__cohort_id=self.instance.cohort_id
            ).order_by("first_name", "last_name", "email")
            self.fields["register_taken"].initial = self.instance.register_taken_at is not None
            self.fields["attendees"].initial = list(self.instance.attendance.values_list("user_id", flat=True))
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

    def clean(self):
        cleaned = super().clean()
        if "register_taken" not in self.fields:
            return cleaned
        if cleaned.get("attendees") and not cleaned.get("register_taken"):
            self.add_error("register_taken", _("Tick “Register taken” to save who attended."))
        starts_at = cleaned.get("starts_at")
        if cleaned.get("register_taken") and starts_at and starts_at > timezone.now():
            self.add_error("register_taken", _("The register can be taken once the session has started."))
        cohort = cleaned.get("cohort")
        if cohort and cohort.pk != self.instance.cohort_id and cleaned.get("attendees"):
            self.add_error("attendees", _("The cohort changed: save the session first, then mark its members."))
        return cleaned


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
    list_display = ["cohort", "module", "starts_at", "place", "facilitator", "register_taken_at"]
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
            MultiFieldPanel([FieldPanel("register_taken"), FieldPanel("attendees")], heading=_("Register")),
        ],
        base_form_class=CohortSessionForm,
    )


class PracticeViewSetGroup(ModelViewSetGroup):
    menu_label = _("Practice")
    menu_icon = "calendar-check"
    menu_order = 330
    items = (CohortScheduleViewSet, CohortSessionViewSet)
