from django.core.management.base import BaseCommand

from people.services import start_due_recertifications


class Command(BaseCommand):
    help = "Start a new cycle for every completion whose validity has lapsed (run daily; idempotent)."

    def handle(self, *args, **options):
        started = start_due_recertifications()
        self.stdout.write(f"Started {started} recertification cycle(s).")
