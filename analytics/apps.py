from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """What every app that counts or exports people shares, below all of them: the spreadsheet writer that neutralises
    formulas, the small-group rule that keeps practice private, and server-drawn SVG charts. No models."""

    name = "analytics"
    verbose_name = "Analytics"

    def ready(self) -> None:
        from analytics import exports

        # Wagtail's own listing exports (CSV and XLSX buttons) go through the one neutralising writer too.
        exports.install_spreadsheet_writer()
