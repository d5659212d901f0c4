"""manage.py export_questions --bank NAME --format gift|json [--output FILE]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.models import Question, QuestionBank
from quizzes.question_files import FORMATS, write_questions


class Command(BaseCommand):
    help = "Export every question of a bank as GIFT or JSON; importing the result gives the same questions."

    def add_arguments(self, parser):
        parser.add_argument("--bank", required=True)
        parser.add_argument("--format", choices=FORMATS, default="gift", dest="file_format")
        parser.add_argument("--output", help="Write to this file instead of the standard output.")

    def handle(self, *args, bank, file_format, output, **options):
        found = QuestionBank.objects.filter(name=bank.strip()).first()
        if found is None:
            raise CommandError(f"There is no question bank named “{bank}”.")
        questions = [
            q.as_parsed()
            for q in Question.objects.filter(category__bank=found)
            .select_related("category")
            .order_by("category__path", "pk")
        ]
        try:
            text = write_questions(questions=questions, file_format=file_format, bank_name=found.name)
        except ValueError as error:
            raise CommandError(f"The bank cannot be written as {file_format}: {error}") from error
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {len(questions)} questions to {output}.")
        else:
            self.stdout.write(text, ending="")
