from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """HR and manager reports: reads every other app, owns only its export jobs, digest markers and the maintained
    completion counts."""

    name = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from people import hooks, personal_data
        from reports import selectors, services

        # My team's summary band from the maintained team counts (a few rows for any manager, the CEO included).
        hooks.register_team_summary_source(selectors.counted_team_summary)

        # Digests sent are idempotency records (the recipient link then names nobody); export downloads go.
        personal_data.register("reports.DigestSent", fields=("id", "recipient", "period", "claimed_at", "sent_at"))
        personal_data.register(
            "reports.ExportJob",
            erase=services.erase_exports_of,
            fields=("id", "report", "title", "format", "status", "created_at", "finished_at"),
            exclude=(
                "requested_by", "params", "rows_expected", "rows_written", "file", "error", "started_at", "expires_at",
            ),
        )  # fmt: skip
