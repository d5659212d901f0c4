"""Admin screen for the xAPI outbox: what waits, what was sent, and what the LRS refused, with its reason."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from xapi.models import StatementOutbox


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Statements are written by the learning services only; staff may look, never add, edit or delete."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change", "delete"} and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in {"add", "change", "delete"}])


class StatementOutboxViewSet(ModelViewSet):
    model = StatementOutbox
    icon = "resubmit"
    menu_label = _("xAPI statements")
    add_to_admin_menu = True
    menu_order = 900
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields: list[str] = []  # the policy above never lets anyone reach the add or edit form
    list_display = ["verb", "activity_name", "status", "attempts", "last_error", "created_at", "sent_at"]
    list_filter = ["status", "verb"]
    search_fields = ["activity_name", "key"]
    inspect_view_fields = [
        "statement_id",
        "key",
        "verb",
        "activity_name",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "statement",
    ]
    list_export = ["statement_id", "verb", "activity_name", "status", "attempts", "last_error", "created_at", "sent_at"]
    ordering = ["-created_at"]


statement_outbox_viewset = StatementOutboxViewSet("xapi_statements")
