"""Demo people as accounts: verified email, the demo password, and their roles."""

from __future__ import annotations

from django.contrib.auth.models import Group

from allauth.account.models import EmailAddress

from demo.loaders.base import DEMO_PASSWORD, Report, content
from people import roles
from people.models import User

ROLE_GROUPS = {"Learner": roles.LEARNERS, "Manager": roles.MANAGERS, "Trainer": roles.TRAINERS, "HR": roles.HR}
ADMIN = {
    "email": "admin@tarnwick.example",
    "first_name": "Robin",
    "last_name": "Achterberg",
    "job_title": "IT administrator",
}


def load_accounts(report: Report) -> dict[str, User]:
    """Create missing demo accounts; existing ones are left exactly as they are."""
    people = content("organisation")["PEOPLE"]
    users: dict[str, User] = {}
    for person in people:
        user = User.objects.filter(email=person["email"]).first()
        if user is None:
            user = User.objects.create_user(
                email=person["email"],
                password=DEMO_PASSWORD,
                first_name=person["first_name"],
                last_name=person["last_name"],
                pronouns=person.get("pronouns", ""),
            )
            user.groups.add(*Group.objects.filter(name__in=[ROLE_GROUPS[r] for r in person["roles"]]))
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            report.add("accounts")
        users[person["username"]] = user
    if not User.objects.filter(email=ADMIN["email"]).exists():
        admin = User.objects.create_superuser(
            email=ADMIN["email"], password=DEMO_PASSWORD, first_name=ADMIN["first_name"], last_name=ADMIN["last_name"]
        )
        admin.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
        EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
        report.add("accounts")
    return users
