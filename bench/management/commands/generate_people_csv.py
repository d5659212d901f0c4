"""Write a people CSV of any size for benchmarks and trials: departments and cohorts that exist are used, every
person has a manager above them, nobody repeats."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from django.core.management.base import BaseCommand

from people.models import Cohort, Department

FIRST = ["Amara", "Tomasz", "Mei", "Jordan", "Priya", "Kwame", "Siobhán", "Rafael", "Fatima", "Sam", "Aisha", "Lars"]
LAST = ["Kessie", "Nowak", "Zhao", "Ellis", "Nair", "Mensah", "Murphy", "Moreno", "Haddad", "Lindqvist", "Rahman"]
HEADER = [
    "email",
    "first_name",
    "last_name",
    "department",
    "job_title",
    "manager_email",
    "cohorts",
    "role",
    "hire_date",
]


def write_people_csv(path: Path, *, rows: int, seed: int = 7, domain: str = "bench.example") -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not secrets
    departments = [d.code for d in Department.objects.all()] or [""]
    cohorts = list(Cohort.objects.values_list("code", flat=True))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            # Person n reports to someone earlier in the file, so the tree has no loops and real depth.
            manager = f"person{(n - 1) // 8}@{domain}" if n else ""
            writer.writerow(
                [
                    f"person{n}@{domain}",
                    rng.choice(FIRST),
                    rng.choice(LAST),
                    rng.choice(departments),
                    "Adviser" if n % 8 else "Team lead",
                    manager,
                    rng.choice(cohorts) if cohorts and n % 5 == 0 else "",
                    "Learner" if n % 8 else "Learner|Manager",
                    f"20{10 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                ]
            )


class Command(BaseCommand):
    help = "Write a people CSV for benchmarks (manage.py generate_people_csv out.csv --rows 50000)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument("--domain", default="bench.example")

    def handle(self, *args, path: Path, rows: int, domain: str, **options):
        write_people_csv(path, rows=rows, domain=domain)
        self.stdout.write(f"Wrote {rows} people to {path}.")
