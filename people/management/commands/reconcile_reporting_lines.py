"""Compare the reporting lines (the closure table behind every manager's scope) with the profiles' managers and repair
any drift; what the nightly job does, on demand (after a bulk load, or to check).

    manage.py reconcile_reporting_lines
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from people import services


class Command(BaseCommand):
    help = "Repair the reporting lines against the profiles' managers (the nightly job, now)."

    def handle(self, *args, **options):
        drift = services.reconcile_reporting_lines()
        self.stdout.write(f"{drift.rows} reporting lines, {drift.missing} added and {drift.extra} removed.")
