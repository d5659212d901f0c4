from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from people import personal_data
        from reminders import services

        # A preference goes with its person; HR's name on someone else's preference is unlinked, the setting kept.
        personal_data.register(
            "reminders.NotificationPreference",
            erase=services.erase_preferences,
            fields=("id", "user", "optional_emails", "required_reminders", "changed_by", "updated_at"),
        )
        # What we emailed is a record of reminders sent; its rows stay with the anonymised account for the counts.
        personal_data.register(
            "reminders.ReminderSent", fields=("id", "user", "kind", "period", "items", "created_at", "delivered_at")
        )
