"""HR's screen for notification preferences in Wagtail's admin: turn a person's required-training reminders off or
on again (the learner cannot), with who changed it last."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from reminders import services
from reminders.models import NotificationPreference


class PreferenceCreateForm(WagtailAdminModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["user", "required_reminders"]


class PreferenceEditForm(WagtailAdminModelForm):
    # The person a preference belongs to never changes; only the setting does.
    user = forms.CharField(label=_("Person"), disabled=True, required=False)

    class Meta:
        model = NotificationPreference
        fields = ["required_reminders"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].initial = str(self.instance.user) if self.instance.pk else ""
        self.order_fields(["user", "required_reminders"])


class PreferenceCreateView(CreateView):
    def save_instance(self):
        return services.set_required_reminders(
            user=self.form.cleaned_data["user"],
            enabled=self.form.cleaned_data["required_reminders"],
            changed_by=self.request.user,
        )


class PreferenceEditView(EditView):
    def save_instance(self):
        return services.set_required_reminders(
            user=self.object.user,
            enabled=self.form.cleaned_data["required_reminders"],
            changed_by=self.request.user,
        )


class NotificationPreferenceViewSet(ModelViewSet):
    model = NotificationPreference
    icon = "mail"
    menu_label = _("Email reminders")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "reminders/preferences"
    add_view_class = PreferenceCreateView
    edit_view_class = PreferenceEditView
    list_display = ["user", "required_reminders", "optional_emails", "changed_by", "updated_at"]
    list_filter = ["required_reminders", "optional_emails"]
    list_export = ["user", "required_reminders", "optional_emails", "changed_by", "updated_at"]
    export_filename = "notification-preferences"
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    ordering = ["user__last_name", "user__first_name", "user__email"]

    def get_form_class(self, for_update=False):
        return PreferenceEditForm if for_update else PreferenceCreateForm


notification_preference_viewset = NotificationPreferenceViewSet("notification_preferences")
