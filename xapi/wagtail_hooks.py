from wagtail import hooks
from wagtail.permissions import register_permission_policy

from xapi.models import StatementOutbox
from xapi.viewsets import ViewOnlyPermissionPolicy, statement_outbox_viewset

register_permission_policy(StatementOutbox, ViewOnlyPermissionPolicy(StatementOutbox))


@hooks.register("register_admin_viewset")
def register_statement_outbox_viewset():
    return statement_outbox_viewset
