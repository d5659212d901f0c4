from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = _("Practice")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.hooks import register_completion_listener
        from people import personal_data
        from practice import services

        # courses never imports practice: finishing a course schedules its refreshers through this listener.
        register_completion_listener(services.schedule_refreshers)
        # Private notes go with an erasure; refreshers and their answers are learning records kept for the counts.
        personal_data.register("practice.PracticeNote", erase=personal_data.DELETE, export=services.export_notes)
        personal_data.register("practice.RefresherDue")
        personal_data.register("practice.CohortSession", fields=("id", "cohort", "module", "starts_at", "facilitator"))
