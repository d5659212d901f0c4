from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _unlink(label: str, field_name: str):
    def erase(user) -> None:
        from django.apps import apps

        apps.get_model(label).objects.filter(**{field_name: user}).update(**{field_name: None})

    return erase


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals and return")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses import hooks
        from goals import fragments, services
        from people import personal_data

        hooks.register_dashboard_panel(fragments.dashboard_panel)
        # A personal goal and its reviews are the learner's own: exported with the review days, deleted on erasure.
        personal_data.register(
            "goals.PersonalGoal",
            erase=personal_data.DELETE,
            export=services.export_goals,
            fields=("id", "objective", "text", "shared_with_manager", "created_at", "updated_at"),
            exclude=("user",),
        )
        # The rest only name who did something (the reviewing manager, who entered a value or made an objective):
        # exported as that, unlinked on erasure so the records stay.
        personal_data.register(
            "goals.GoalReview",
            erase=_unlink("goals.GoalReview", "reviewed_by"),
            fields=("id", "goal", "reviewed_on", "created_at"),
            exclude=("reviewed_by",),
        )
        personal_data.register(
            "goals.MetricValueRevision",
            erase=_unlink("goals.MetricValueRevision", "changed_by"),
            fields=("id", "metric_value", "value", "source", "changed_at"),
            exclude=("changed_by", "previous", "note"),
        )
        personal_data.register(
            "goals.Objective",
            erase=_unlink("goals.Objective", "created_by"),
            fields=("id", "title", "created_at"),
            exclude=(
                "created_by",
                "department",
                "cohort",
                "metric",
                "unit",
                "direction",
                "frequency",
                "baseline_value",
                "baseline_from",
                "baseline_to",
                "target_value",
                "review_on",
            ),
        )
        personal_data.register(
            "goals.MetricSource",
            erase=_unlink("goals.MetricSource", "created_by"),
            fields=("id", "name", "created_at"),
            exclude=("created_by", "token_hash", "token_prefix", "last_used_at", "revoked_at"),
        )
        personal_data.register(
            "goals.MetricImport",
            erase=personal_data.DELETE,
            fields=("id", "file_name", "created_at", "applied_at"),
            exclude=("uploaded_by", "objective", "content", "outcome"),
        )
