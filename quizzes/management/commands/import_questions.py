"""manage.py import_questions FILE --format gift --bank NAME [--category C] [--dry-run] [--json]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes import services
from quizzes.exceptions import QuestionImportError, QuizError
from quizzes.gift import GiftError
from quizzes.models import QuestionType
from quizzes.question_files import FORMATS, read_question_path


class Command(BaseCommand):
    help = (
        "Import questions from a GIFT (or Socialwise JSON) file into a question bank, all or none. Errors are "
        "printed as FILE:LINE: message and exit with status 1, having imported nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The question file.")
        parser.add_argument("--format", choices=FORMATS, default="gift", dest="file_format")
        parser.add_argument("--bank", required=True, help="The bank's name; a new name creates the bank.")
        parser.add_argument("--category", default="", help="Category for questions the file puts in none.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count; write nothing.")
        parser.add_argument(
            "--allow-duplicates",
            action="store_true",
            help="Import questions identical to one already in the bank (same type, text, answers) anyway.",
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print exactly one JSON object.")

    def handle(self, *args, file, file_format, bank, category, dry_run, as_json, allow_duplicates=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        found = read_question_path(path, file_format=file_format, default_category=category)
        try:
            if found.errors:
                raise QuestionImportError(found.errors)
            summary = services.import_questions(
                bank_name=bank, questions=found.questions, dry_run=dry_run, allow_duplicates=allow_duplicates
            )
        except QuestionImportError as error:
            self._fail(file, error.errors, as_json=as_json)
        except QuizError as error:
            raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(_json(summary.as_json()))
            return
        counts = ", ".join(f"{n} {QuestionType(qtype).label.lower()}" for qtype, n in summary.by_type.items() if n)
        verb = "Would import" if dry_run else "Imported"
        if summary.already_in_bank and not summary.imported:
            self.stdout.write(
                f"Nothing to import: all {summary.already_in_bank} questions are already in “{summary.bank}” "
                "(same type, text and answers); --allow-duplicates imports them anyway."
            )
            return
        self.stdout.write(
            f"{verb} {summary.imported} questions into “{summary.bank}”" + (f": {counts}." if counts else ".")
        )
        if summary.already_in_bank:
            lines = ", ".join(str(line) for line in summary.duplicate_lines)
            self.stdout.write(
                f"{summary.counts_label}: skipped the questions already in the bank (lines {lines}); "
                "--allow-duplicates imports them anyway."
            )
        if summary.categories:
            self.stdout.write("Categories: " + ", ".join(c or "(top level)" for c in summary.categories))
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

    def _fail(self, file: str, errors: list[GiftError], *, as_json: bool) -> None:
        lines = [f"{file}:{error.line}: {error.message}" for error in errors]
        for line in lines:
            self.stderr.write(line)
        if as_json:
            self.stdout.write(
                _json(
                    {"imported": 0, "by_type": dict.fromkeys(QuestionType.values, 0), "categories": [], "errors": lines}
                )
            )
        raise SystemExit(1)


def _json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False)
