from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self) -> None:
        from people import personal_data
        from quizzes import selectors

        # Attempts are learning records, kept for the counts. The export holds what the learner answered and was
        # told, never the attempt's copy of its questions (fractions, feedback, choice tokens) nor the scenario state.
        personal_data.register(
            "quizzes.Attempt",
            export=selectors.export_attempts,
            fields=(
                "id",
                "page",
                "kind",
                "number",
                "score",
                "maximum",
                "passed",
                "outcome",
                "started_at",
                "submitted_at",
            ),
            exclude=("user", "version", "questions", "position", "current_key", "variables", "ending_key"),
        )
