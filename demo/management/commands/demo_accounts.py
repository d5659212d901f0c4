from django.core.management.base import BaseCommand

from demo.loaders.accounts import ADMIN
from demo.loaders.base import DEMO_PASSWORD, content


class Command(BaseCommand):
    help = "Print the demo accounts and their password."

    def handle(self, *args, **options):
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})\n")
        rows = [(ADMIN["email"], "Administrator", ADMIN["job_title"])]
        rows += [
            (p["email"], ", ".join(r for r in p["roles"] if r != "Learner") or "Learner", p["job_title"])
            for p in content("organisation")["PEOPLE"]
        ]
        width = max(len(r[0]) for r in rows)
        for email, role, job in rows:
            self.stdout.write(f"  {email:<{width}}  {role:<16} {job}")
        self.stdout.write("\nOpen http://127.0.0.1:8000 and log in; staff roles also see /admin/.\n")
