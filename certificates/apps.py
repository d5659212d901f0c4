from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from certificates import services
        from courses.hooks import register_completion_listener

        # courses never imports certificates: it calls the listeners registered here when a course is completed.
        register_completion_listener(services.request_certificate)
