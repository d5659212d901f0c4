"""HR's certificate screen in Wagtail's admin: find a certificate, download it, revoke it with a reason."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

import django_filters

from certificates import services
from certificates.models import Certificate


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Certificates are made by the system only: HR may view and revoke (a permission of its own), never add, edit
    or delete one by hand."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change", "delete"} and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in {"add", "change", "delete"}])


class CertificateFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[
            ("pending", gettext_lazy("Being prepared")),
            ("issued", gettext_lazy("Issued")),
            ("revoked", gettext_lazy("Revoked")),
        ],
        method="filter_state",
    )

    class Meta:
        model = Certificate
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        if value == "pending":
            return queryset.filter(issued_at__isnull=True, revoked_at__isnull=True)
        if value == "issued":
            return queryset.filter(issued_at__isnull=False, revoked_at__isnull=True)
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


class CertificateIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.issued_at:
            buttons.append(
                MenuItem(
                    _("Download PDF"),
                    url=reverse("certificates:download", args=[instance.pk]),
                    icon_name="download",
                    priority=30,
                )
            )
        if instance.revoked_at is None and self.request.user.has_perm("certificates.revoke_certificate"):
            buttons.append(
                MenuItem(
                    _("Revoke"),
                    url=reverse("certificates_admin:revoke", args=[instance.pk]),
                    icon_name="warning",
                    priority=40,
                )
            )
        return buttons


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=services.MAX_REASON_LENGTH,
        help_text=gettext_lazy("Kept with the certificate for HR's records; the public check page does not show it."),
        error_messages={"required": gettext_lazy("Give a reason for revoking this certificate.")},
    )


class RevokeView(WagtailAdminTemplateMixin, FormView):
    """Asks for a reason, then calls `revoke_certificate`. Only people with the revoke permission get here."""

    form_class = RevokeForm
    template_name = "certificates/admin/revoke.html"
    page_title = gettext_lazy("Revoke certificate")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("certificates.revoke_certificate"):
            raise PermissionDenied
        self.certificate = get_object_or_404(Certificate, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.certificate)

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.certificate, **kwargs)

    def form_valid(self, form):
        if self.certificate.revoked_at is not None:
            messages.warning(self.request, _("This certificate was already revoked."))
            return redirect("certificates_admin:index")
        try:
            services.revoke_certificate(
                certificate=self.certificate, revoked_by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in error.message_dict.get("reason", error.messages):
                form.add_error("reason", message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The certificate of %(holder)s for “%(course)s” is revoked.")
            % {"holder": self.certificate.holder_name, "course": self.certificate.course_title},
        )
        return redirect("certificates_admin:index")


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "tasks"
    menu_label = gettext_lazy("Certificates")
    add_to_admin_menu = True
    menu_order = 310
    index_view_class = CertificateIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields: list[str] = []  # the policy never lets anyone reach the add or edit form
    filterset_class = CertificateFilterSet
    list_display = ["holder_name", "course_title", "status_label", "completed_at", "expires_at", "issued_at"]
    search_fields = ["holder_name", "course_title", "code"]
    list_export = [
        "code",
        "holder_name",
        "course_title",
        "status_label",
        "completed_at",
        "expires_at",
        "issued_at",
        "revoked_at",
        "revoked_reason",
    ]
    inspect_view_fields = [
        "code",
        "holder_name",
        "course_title",
        "organisation_name",
        "completed_at",
        "expires_at",
        "requested_at",
        "issued_at",
        "revoked_at",
        "revoked_by",
        "revoked_reason",
    ]
    ordering = ["-requested_at"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("<int:pk>/revoke/", RevokeView.as_view(), name="revoke")]


certificate_viewset = CertificateViewSet("certificates_admin")
