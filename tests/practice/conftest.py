from __future__ import annotations

import pytest

from people.models import Cohort, CohortMembership
from tests.factories.people import UserFactory


def make_cohort(members, *, code="LEAD", facilitator=None) -> Cohort:
    cohort = Cohort.objects.create(code=code, name=f"Cohort {code}", facilitator=facilitator)
    for user in members:
        CohortMembership.objects.create(cohort=cohort, user=user)
    return cohort


@pytest.fixture
def members(db):
    return [UserFactory(email=f"member{i}@tarnwick.example") for i in range(6)]
