from wagtail import hooks
from wagtail.permissions import register_permission_policy

from certificates.models import Certificate
from certificates.viewsets import CertificatePermissionPolicy, certificate_viewset

register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return certificate_viewset
