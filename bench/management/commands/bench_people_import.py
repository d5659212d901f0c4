"""Time a people import of N generated rows (default 50,000) against the configured database, then roll it back so
the database is left as it was. Fails (exit 1) over the time limit. Used by `make bench`."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bench.management.commands.generate_people_csv import write_people_csv
from people.importing import apply_people_import, plan_people_import


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark the people CSV import (plan + apply) and roll it back."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument("--limit", type=float, default=60.0, help="Seconds allowed for plan + apply.")

    def handle(self, *args, rows: int, limit: float, **options):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "people.csv"
            write_people_csv(path, rows=rows)
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    plan = plan_people_import(path.read_bytes())
                    planned = time.perf_counter()
                    outcome = apply_people_import(plan, file_name=path.name, send_invitations=False)
                    applied = time.perf_counter()
                    raise _Rollback
            except _Rollback:
                pass
        total = applied - started
        self.stdout.write(
            f"people import, {rows} rows: plan {planned - started:.1f} s, apply {applied - planned:.1f} s, "
            f"total {total:.1f} s (limit {limit:.0f} s); {outcome.summary()} Rolled back."
        )
        if total > limit:
            raise CommandError(f"The import took {total:.1f} s, over the {limit:.0f} s limit.")
