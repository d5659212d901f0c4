"""An organisation to test against: Operations with its Control room, Customer service, a cohort, and helpers that
make people the way HR would (through people's services)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Group

import pytest

from people import roles, services
from people.models import Cohort, CohortMembership, Department, User
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory


@pytest.fixture
def ops(db) -> Department:
    return services.create_department(name="Operations", code="OPS")


@pytest.fixture
def control_room(ops) -> Department:
    return services.create_department(name="Control room", code="CTRL", parent=ops)


@pytest.fixture
def customer_service(db) -> Department:
    return services.create_department(name="Customer Service", code="CS")


@pytest.fixture
def squad(db) -> Cohort:
    cohort = Cohort(code="SQUAD", name="Disruption response squad")
    services.save_cohort(cohort=cohort)
    return cohort


@pytest.fixture
def course(db):
    course, _modules = make_course_with_modules(2, title="Crisis response")
    return course


@pytest.fixture
def course_modules(db):
    return make_course_with_modules(2, title="When things go wrong")


def make_person(
    email: str,
    *,
    department: Department | None = None,
    manager: User | None = None,
    audience: str = "staff",
    hire_date: date | None = None,
    cohorts: tuple[Cohort, ...] = (),
    role: str = roles.LEARNERS,
    **fields,
) -> User:
    user = UserFactory(email=email, **fields)
    user.groups.add(Group.objects.get(name=role))
    services.update_profile(
        user=user, department=department, manager=manager, audience=audience, hire_date=hire_date, job_title="Adviser"
    )
    for cohort in cohorts:
        CohortMembership.objects.create(cohort=cohort, user=user)
    if cohorts:
        services.sync_assignments_for_users(user_ids=[user.pk])
    return user
