"""manage.py import_people FILE [--dry-run] [--only-valid] [--deactivate-missing] [--no-invitations]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from people.exceptions import ImportRefused
from people.importing import ImportFileError, apply_people_import, plan_people_import

MAX_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = "Import people from a CSV file (see people/importing.py for the columns). Matched by email."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; write nothing.")
        parser.add_argument("--only-valid", action="store_true", help="Import the valid rows even if others fail.")
        parser.add_argument(
            "--deactivate-missing", action="store_true", help="Deactivate active people the file leaves out."
        )
        parser.add_argument("--no-invitations", action="store_true", help="Do not email new people an invitation.")

    def handle(self, *args, file: Path, dry_run: bool, only_valid: bool, deactivate_missing: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            plan = plan_people_import(file.read_bytes())
        except ImportFileError as error:
            if error.line is None:
                raise CommandError(str(error)) from error
            self.stderr.write(f"{file}:{error.line}: {error}")  # FILE:LINE: message, as the GIFT import says it
            raise SystemExit(1) from error
        for row in plan.error_rows[:MAX_ERRORS_SHOWN]:
            for message in row.errors:
                self.stderr.write(f"Line {row.line}: {message}")
        if len(plan.error_rows) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"… and {len(plan.error_rows) - MAX_ERRORS_SHOWN} more rows with errors.")
        self.stdout.write(
            f"{len(plan.rows)} rows: {plan.count('create')} to create, {plan.count('update')} to update, "
            f"{plan.count('unchanged')} unchanged, {len(plan.error_rows)} with errors."
        )
        if deactivate_missing:
            self.stdout.write(f"{len(plan.missing_ids)} active people are not in the file and would be deactivated.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            outcome = apply_people_import(
                plan,
                only_valid=only_valid,
                deactivate_missing=deactivate_missing,
                file_name=file.name,
                send_invitations=not options["no_invitations"],
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Imported: {outcome.summary()}"))
