"""The people of the capacity test (bench/load.py), made inside `manage.py shell` on the benchmark's scratch database
after `seed_demo`: generated learners added by HR through the people service (departments and managers of the demo,
cohorts at random, so the demo's assignments enrol them as they enrol anyone), with a password every one of them
signs in with through the login form; HR (Grace, who needs a second factor) with an authenticator app enrolled; and
what each learner may open: their courses, the modules and the quizzes in them.

`prepare` returns all of it as one dict for the load generator, which has no Django of its own."""

from __future__ import annotations

import random

PASSWORD = "capacity-test-passphrase-7"  # noqa: S105 - the generated learners' password on a scratch database
EMAIL = "capacity.learner{n}@tarnwick.example"
HR = "grace.okonkwo"  # HR and a second factor required: signs in with password and TOTP, runs the report
MANAGER = "helena.adeyemi"  # the chief executive: My team is the whole organisation
ADDED_BY = "fatima.haddad"  # HR, who adds the learners in the people admin
# Demo department → the demo manager the generated learners of that department report to.
MANAGERS = {
    "OPS": "tomasz.nowak",
    "CS": "aisha.rahman",
    "PXD": "daniel.cohen",
    "BRC": "siobhan.murphy",
    "PHR": "grace.okonkwo",
}


def prepare(*, learners: int, seed: int = 21) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from courses.models import CoursePage, Enrolment, ModulePage
    from demo.loaders.base import DEMO_PASSWORD
    from people import services
    from people.models import Cohort, Department, Profile, User
    from quizzes.models import KnowledgeCheckPage, ScenarioPage

    rng = random.Random(seed)  # noqa: S311 - a reproducible organisation, not a secret
    demo = {email.split("@")[0]: user for email, user in ((u.email, u) for u in User.objects.all())}
    departments = {d.code: d for d in Department.objects.filter(code__in=MANAGERS)}
    cohorts = list(Cohort.objects.order_by("code"))
    # The production hasher (PBKDF2, Django's default iterations): hashed once here, checked in full at every login.
    encoded = make_password(PASSWORD)
    emails = []
    for n in range(learners):
        code = rng.choice(sorted(departments))
        email = EMAIL.format(n=n)
        with transaction.atomic():
            profile = services.save_person(
                actor=demo[ADDED_BY],
                profile=Profile(department=departments[code], manager=demo[MANAGERS[code]], job_title="Adviser"),
                email=email,
                first_name=f"Learner{n}",
                last_name="Capacity",
                pronouns="",
                is_active=True,
                role_names=[],
                cohorts=[c for c in cohorts if rng.random() < 0.5],
            )
            User.objects.filter(pk=profile.user_id).update(password=encoded)
            EmailAddress.objects.filter(user_id=profile.user_id).update(verified=True)  # the invitation accepted
        emails.append(email)

    hr = demo[HR]
    Authenticator.objects.filter(user=hr).delete()
    secret = generate_totp_secret()
    TOTP.activate(hr, secret)  # as the set-up page does once the first code is right

    def quizzes_of(module) -> list[int]:
        children = module.get_children().live()
        return [p.pk for p in children.type(ScenarioPage, KnowledgeCheckPage)]

    courses = {}
    for course in CoursePage.objects.live().order_by("path"):
        courses[course.pk] = {
            "url": course.url,
            "modules": [
                {"url": m.url, "quizzes": quizzes_of(m)}
                for m in ModulePage.objects.live().descendant_of(course).order_by("path")
            ],
        }
    enrolled: dict[str, list[int]] = {email: [] for email in emails}
    for email, course_id in (
        Enrolment.objects.filter(user__email__in=emails).values_list("user__email", "course_id").order_by("course_id")
    ):
        if course_id in courses:
            enrolled[email].append(course_id)
    return {
        "password": PASSWORD,
        "learners": [{"email": email, "courses": enrolled[email]} for email in emails],
        "courses": courses,
        "hr": {"email": hr.email, "password": DEMO_PASSWORD, "totp_secret": secret},
        "manager": {"email": demo[MANAGER].email, "password": DEMO_PASSWORD},
        "people": User.objects.filter(is_active=True).count(),
    }
