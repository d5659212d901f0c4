from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = _("Practice")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses import hooks
        from people import personal_data
        from practice import fragments, selectors, services

        # courses never imports practice: finishing a course schedules its refreshers through this listener, and
        # practice's pieces of the learner's pages come through courses' fragment registry.
        hooks.register_completion_listener(services.schedule_refreshers)
        hooks.register_dashboard_panel(fragments.dashboard_panel)
        hooks.register_module_fragment(fragments.earlier_notes)
        hooks.register_block_fragment("practice_task", fragments.note_form)
        # Private notes go with an erasure; refreshers and their answers are learning records kept for the counts.
        personal_data.register(
            "practice.PracticeNote",
            erase=personal_data.DELETE,
            export=services.export_notes,
            fields=("id", "block_id", "text", "shared_with_trainer", "done_at", "updated_at"),
            exclude=("user", "module"),
        )
        # An open refresher's questions are copies with their keys (fractions, feedback, tokens): never exported.
        personal_data.register(
            "practice.RefresherDue",
            export=selectors.export_refreshers,
            fields=("id", "enrolment", "course", "after_days", "due_on", "answered_at", "correct"),
            exclude=("user", "questions"),
        )
        personal_data.register(
            "practice.CohortSession",
            fields=("id", "cohort", "module", "starts_at", "facilitator"),
            exclude=("minutes", "place", "link", "register_taken_at"),
        )
        # Attendance is a learning record, kept with the anonymised account for the counts as progress is.
        personal_data.register("practice.SessionAttendance", fields=("id", "session", "marked_at"), exclude=("user",))
