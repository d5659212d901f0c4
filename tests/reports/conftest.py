"""A small organisation built by hand, through the services people and courses use, with every case the reports must
get right: people in sub-departments, a deactivated person, a recertification cycle, someone overdue, a self-enrolment,
and two managers with separate reporting lines.

    Operations (OPS)                    Customer Service (CS)
    ├── Control room (CTRL)             helena (manager) ── jordan
    └── Depots (DEP)
    aisha (manager, OPS) ── tomasz (manager, CTRL) ── kwame (CTRL), olga (CTRL, deactivated)
                        └── lena (DEP)

Course "Crisis response" (3 modules, required, due on `DUE_PAST` or `DUE_FUTURE`):
    tomasz  completed it once, now in his second cycle, not started  → counts as not started
    kwame   1 of 3 modules, due in the past                          → overdue
    lena    all 3 modules                                             → completed
    jordan  nothing yet, due in the future                            → not started
    olga    all 3 modules, then deactivated                           → not counted
Course "Every function is on social" (2 modules): jordan completed it (required); kwame started it on his own
(self-enrolled, not required).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import transaction

import pytest
from freezegun import freeze_time

from courses import services as course_services
from people import roles
from people import services as people_services
from people.models import Cohort, CohortMembership, User
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory

# The reports' tests run on a clock that starts at 10:00 on a Wednesday and ticks from there, so a run that crosses
# midnight (or into a new ISO week) reads the same day as the dates below, which the code under test computes too.
TODAY = date(2026, 11, 25)
DUE_PAST = TODAY - timedelta(days=3)
DUE_FUTURE = TODAY + timedelta(days=20)


def fixed_clock():
    return freeze_time(f"{TODAY.isoformat()} 10:00:00", tz_offset=0, tick=True)


@pytest.fixture(autouse=True)
def _fixed_clock():
    """Every test here on the clock above; the module-scoped organisation is built on it too (`org`). Per test, not
    per package: pytest-django runs transactional tests last, so a package-wide clock stayed frozen for every later
    test of the run (the single sign-on test read a session 11 days old) and slowed each call that reads the time."""
    with fixed_clock():
        yield


def make_person(email: str, *, department=None, manager=None, role: str = roles.LEARNERS, audience="staff", **fields):
    first, _, rest = email.partition("@")
    user = UserFactory(email=email, first_name=fields.pop("first_name", first.title()), last_name="Test", **fields)
    user.groups.add(Group.objects.get(name=role))
    if role != roles.LEARNERS:
        user.groups.add(Group.objects.get(name=roles.LEARNERS))
    people_services.update_profile(user=user, department=department, manager=manager, audience=audience)
    return user


def complete(user: User, modules) -> None:
    for module in modules:
        course_services.record_module_completion(user=user, module=module)


@pytest.fixture(scope="module")
def org(django_db_setup, django_db_blocker):
    """The organisation above, built once per test module inside a transaction that is rolled back after the
    module's last test; each test runs in a savepoint within it, so it sees the organisation as built."""
    with django_db_blocker.unblock(), transaction.atomic():
        with fixed_clock():
            built = build_org()
        yield built
        transaction.set_rollback(True)


def build_org() -> dict:
    ops = people_services.create_department(name="Operations", code="OPS")
    ctrl = people_services.create_department(name="Control room", code="CTRL", parent=ops)
    dep = people_services.create_department(name="Depots", code="DEP", parent=ops)
    cs = people_services.create_department(name="Customer Service", code="CS")

    aisha = make_person("aisha@tarnwick.example", department=ops, role=roles.MANAGERS, audience="manager")
    tomasz = make_person("tomasz@tarnwick.example", department=ctrl, manager=aisha, role=roles.MANAGERS)
    kwame = make_person("kwame@tarnwick.example", department=ctrl, manager=tomasz)
    olga = make_person("olga@tarnwick.example", department=ctrl, manager=tomasz)
    lena = make_person("lena@tarnwick.example", department=dep, manager=aisha)
    helena = make_person("helena@tarnwick.example", department=cs, role=roles.MANAGERS, audience="executive")
    jordan = make_person("jordan@tarnwick.example", department=cs, manager=helena)

    crisis, crisis_modules = make_course_with_modules(3, title="Crisis response")
    social, social_modules = make_course_with_modules(2, title="Every function is on social")

    def assign(user, course, due_on):
        return course_services.enrol_user(user=user, course=course, required=True, due_on=due_on, source="assigned")

    # Tomasz completed a first cycle long ago; only his current, second cycle counts.
    assign(tomasz, crisis, DUE_PAST - timedelta(days=400))
    complete(tomasz, crisis_modules)
    course_services.start_new_cycle(user=tomasz, course=crisis, due_on=DUE_FUTURE, required=True)
    assign(kwame, crisis, DUE_PAST)
    complete(kwame, crisis_modules[:1])
    assign(lena, crisis, DUE_PAST)
    complete(lena, crisis_modules)
    assign(jordan, crisis, DUE_FUTURE)
    assign(olga, crisis, DUE_FUTURE)
    complete(olga, crisis_modules)
    people_services.set_people_active(users=[olga], active=False)

    assign(jordan, social, DUE_FUTURE)
    complete(jordan, social_modules)
    course_services.enrol_user(user=kwame, course=social)  # self-enrolled: not required
    complete(kwame, social_modules[:1])

    leads = Cohort(code="LEAD", name="Leaders")
    people_services.save_cohort(cohort=leads)
    for person in (aisha, tomasz, lena):
        CohortMembership.objects.create(cohort=leads, user=person)

    hr = make_person("fatima@tarnwick.example", department=None, role=roles.HR)
    return {
        "ops": ops,
        "ctrl": ctrl,
        "dep": dep,
        "cs": cs,
        "aisha": aisha,
        "tomasz": tomasz,
        "kwame": kwame,
        "olga": olga,
        "lena": lena,
        "helena": helena,
        "jordan": jordan,
        "hr": hr,
        "crisis": crisis,
        "crisis_modules": crisis_modules,
        "social": social,
        "social_modules": social_modules,
        "leads": leads,
    }
