from django.contrib.auth.models import Permission

from wagtail import hooks

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
