from django.core.management.base import BaseCommand

from demo.loaders.accounts import ADMIN
from demo.loaders.base import DEMO_PASSWORD, content

# What signing in as each person shows, for the table `make run` prints (README, "Demo accounts").
SHOWS = {
    "admin@tarnwick.example": "the whole admin",
    "helena.adeyemi@tarnwick.example": "executive: leaders' course done, refresher due, whole organisation in My team",
    "grace.okonkwo@tarnwick.example": "executive, HR, course reviewer: reports, People admin, approves courses",
    "aisha.rahman@tarnwick.example": "manager with a team of one",
    "priya.nair@tarnwick.example": "mid-course: one course half done, one overdue",
    "kwame.mensah@tarnwick.example": "overdue on the crisis course",
    "jordan.ellis@tarnwick.example": "finished everything, certificates",
    "fatima.haddad@tarnwick.example": "HR: People admin, assignments, imports",
    "sam.lindqvist@tarnwick.example": "trainer: writes courses, submits them for review",
}


class Command(BaseCommand):
    help = "Print the demo accounts, their password and what each one shows."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="Where the demo is served.")

    def handle(self, *args, **options):
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})\n")
        rows = [(ADMIN["email"], "Administrator", SHOWS.get(ADMIN["email"], ADMIN["job_title"]))]
        rows += [
            (
                p["email"],
                ", ".join(r for r in p["roles"] if r != "Learner") or "Learner",
                SHOWS.get(p["email"], p["job_title"]),
            )
            for p in content("organisation")["PEOPLE"]
        ]
        width = max(len(r[0]) for r in rows)
        for email, role, shows in rows:
            self.stdout.write(f"  {email:<{width}}  {role:<14} {shows}")
        self.stdout.write(
            f"\nOpen {options['url']} and log in; priya.nair is mid-course. Staff roles also see /admin/.\n"
        )
