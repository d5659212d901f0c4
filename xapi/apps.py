from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XapiConfig(AppConfig):
    name = "xapi"
    verbose_name = _("xAPI")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from people import personal_data

        # Statements name the learner by user id only, never by name or address; kept like other learning records.
        # The statement body (a scenario's scores, a question's response) stays out: the quiz export says it.
        personal_data.register(
            "xapi.StatementOutbox",
            fields=("id", "verb", "activity_name", "status", "created_at", "sent_at"),
            exclude=("key", "statement_id", "user", "statement", "attempts", "last_error", "claimed_until"),
        )
