"""The Administrators' screen for SCIM clients (Settings → SCIM clients): create a client and see its token once, list
clients, change their rights, revoke a token. Only the model permissions Administrators hold (scim/0002) reach it,
and every write goes through scim.services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from scim import services
from scim.models import ScimClient

SETTINGS_FIELDS = ["may_grant_hr", "send_invitations", "requests_per_minute"]


class ScimClientPermissionPolicy(ModelPermissionPolicy):
    """Clients are never deleted (the audit log names them): they are revoked."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "delete"])


class ScimClientCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        client, self.token = services.create_client(
            name=data["name"],
            actor=self.request.user,
            may_grant_hr=data["may_grant_hr"],
            send_invitations=data["send_invitations"],
            requests_per_minute=data["requests_per_minute"],
        )
        return client

    def form_valid(self, form):
        self.form = form
        self.object = self.save_instance()
        # The token is shown on this response only; it is not stored and cannot be shown again.
        return TemplateResponse(
            self.request,
            "scim/admin/token.html",
            {
                "client": self.object,
                "token": self.token,
                "tenant_url": self.request.build_absolute_uri("/scim/v2/"),
                "index_url": reverse("scim_clients:index"),
                "page_title": _("SCIM client created"),
                "header_title": _("SCIM client created"),
            },
        )


class ScimClientEditView(generic.EditView):
    def get_form_class(self):
        from wagtail.admin.forms.models import WagtailAdminModelForm

        return forms.modelform_factory(ScimClient, form=WagtailAdminModelForm, fields=SETTINGS_FIELDS)

    def save_instance(self):
        data = self.form.cleaned_data
        return services.update_client_settings(
            client=self.object,
            actor=self.request.user,
            may_grant_hr=data["may_grant_hr"],
            send_invitations=data["send_invitations"],
            requests_per_minute=data["requests_per_minute"],
        )


class ScimClientIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.revoked_at is None and self.request.user.has_perm("scim.change_scimclient"):
            buttons.append(
                MenuItem(
                    _("Revoke token"),
                    url=reverse("scim_clients:revoke", args=[instance.pk]),
                    icon_name="warning",
                    priority=40,
                )
            )
        return buttons


class RevokeView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "scim/admin/revoke.html"
    page_title = gettext_lazy("Revoke SCIM token")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("scim.change_scimclient"):
            raise PermissionDenied
        self.client = get_object_or_404(ScimClient, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.client)

    def get_context_data(self, **kwargs):
        return super().get_context_data(client=self.client, index_url=reverse("scim_clients:index"), **kwargs)

    def post(self, request, *args, **kwargs):
        services.revoke_client(client=self.client, actor=request.user)
        messages.success(request, _("The token of “%(name)s” is revoked.") % {"name": self.client.name})
        return redirect("scim_clients:index")


class ScimClientViewSet(ModelViewSet):
    model = ScimClient
    icon = "key"
    menu_label = gettext_lazy("SCIM clients")
    add_to_settings_menu = True
    name = "scim_clients"
    form_fields = ["name", *SETTINGS_FIELDS]
    index_view_class = ScimClientIndexView
    add_view_class = ScimClientCreateView
    edit_view_class = ScimClientEditView
    list_display = [
        "name",  # Wagtail's title column, with the row's "More" menu (Edit, Revoke token); a TitleColumn has none
        Column("token_hint", label=gettext_lazy("Token starts with")),
        BooleanColumn("may_grant_hr", label=gettext_lazy("May give HR")),
        DateColumn("created_at", label=gettext_lazy("Created")),
        DateColumn("last_used_at", label=gettext_lazy("Last used")),
        DateColumn("revoked_at", label=gettext_lazy("Revoked")),
    ]
    ordering = ["name"]
    search_fields = None

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("revoke/<int:pk>/", RevokeView.as_view(), name="revoke")]


scim_client_viewset = ScimClientViewSet()
