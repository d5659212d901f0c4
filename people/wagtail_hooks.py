from django.contrib.auth.models import Permission

from wagtail import hooks
from wagtail.admin.ui.components import Component

from people.admin_views import BULK_ACTIONS
from people.viewsets import PeopleViewSetGroup, person_chooser_viewset


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return [PeopleViewSetGroup(), person_chooser_viewset]


@hooks.register("register_permissions")
def register_audit_log_permission():
    return Permission.objects.filter(content_type__app_label="people", codename="view_auditlog")


for action_class in BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class)


class UnmatchedDepartmentsPanel(Component):
    """On HR's admin dashboard: departments single sign-on named that match none here (people/sso.py)."""

    name = "sso_unmatched_departments"
    order = 50
    template_name = "people/admin/unmatched_departments_panel.html"

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {"rows": self.rows, "people": sum(r.people for r in self.rows)}


@hooks.register("construct_homepage_panels")
def add_unmatched_departments_panel(request, panels):
    if not request.user.has_perm("people.view_profile"):
        return
    from people.selectors import unmatched_sso_departments

    rows = unmatched_sso_departments()
    if rows:
        panels.append(UnmatchedDepartmentsPanel(rows))
