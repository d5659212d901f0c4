"""Send this week's learner reminders (or, with --managers, the manager digests) now, as the periodic tasks do."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders import services


class Command(BaseCommand):
    help = "Send due-course reminders to learners (or team digests to managers with --managers), once per ISO week."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD). Default: today.")
        parser.add_argument("--managers", action="store_true", help="Send the managers' weekly digests instead.")

    def handle(self, *args, **options) -> None:
        today = self._parse_date(options["date"]) if options["date"] else timezone.localdate()
        if options["managers"]:
            sent = services.send_manager_digests(today=today)
            self.stdout.write(f"Sent {sent} manager digest(s) for {today.isoformat()}.")
        else:
            sent = services.send_due_reminders(today=today)
            self.stdout.write(f"Sent {sent} learner reminder(s) for {today.isoformat()}.")

    @staticmethod
    def _parse_date(value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not “{value}”.") from error
