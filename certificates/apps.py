from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from certificates import fragments, services
        from courses import hooks
        from people import personal_data

        # courses never imports certificates: it calls what is registered here when a course is completed and when it
        # draws the course cards and the link to the course-complete page.
        hooks.register_completion_listener(services.request_certificate)
        hooks.register_card_note(fragments.certificate_links)
        hooks.register_completion_award(fragments.certificate_award)
        personal_data.register(
            "certificates.Certificate",
            export=services.export_for_holder,
            erase=services.erase_for_holder,
            fields=(
                "id",
                "code",
                "holder_name",
                "course_title",
                "completed_at",
                "expires_at",
                "issued_at",
                "revoked_at",
            ),
            exclude=(
                "enrolment",
                "organisation_name",
                "requested_at",
                "pdf",
                "notified_at",
                "revoked_by",
                "revoked_reason",
            ),
        )
