from wagtail import hooks
from wagtail.permissions import register_permission_policy

from scim.models import ScimClient
from scim.viewsets import ScimClientPermissionPolicy, scim_client_viewset

register_permission_policy(ScimClient, ScimClientPermissionPolicy(ScimClient))


@hooks.register("register_admin_viewset")
def register_scim_client_viewset():
    return scim_client_viewset
