"""Fold the pending completion deltas and compare every count with a live scan of the enrolments, repairing any
drift; what the nightly job does, on demand (after a bulk load, or to check).

    manage.py reconcile_completion_counts
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reports import services


class Command(BaseCommand):
    help = "Fold the completion deltas and repair the counts against a live scan (the nightly job, now)."

    def handle(self, *args, **options):
        drift = services.reconcile_completion_counts()
        self.stdout.write(
            f"{drift.cells} cells checked, {drift.wrong_cells} repaired (off by {drift.off_by} enrolments in all)."
        )
