"""A small Tarnwick for goals: Customer Service (Aisha manages Jordan) and Operations (Tomasz manages Kwame), one
objective each, HR, and a helper that makes objectives through goals' services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from goals import services
from goals.models import Objective
from people import roles
from tests.factories.people import UserFactory
from tests.people.conftest import customer_service, make_person, ops  # noqa: F401 (fixtures)


def make_objective(*, actor, department=None, cohort=None, **fields) -> Objective:
    values = {
        "title": "Fewer repeat calls about refunds",
        "metric": "refund-status calls per week",
        "unit": "calls",
        "direction": "lower",
        "frequency": "week",
        "baseline_value": Decimal(1150),
        "baseline_from": date(2025, 1, 6),
        "baseline_to": date(2025, 3, 24),
        "target_value": Decimal(800),
        "review_on": date(2026, 6, 1),
    }
    values.update(fields)
    courses = values.pop("courses", [])
    return services.save_objective(
        objective=Objective(department=department, cohort=cohort, **values), actor=actor, courses=courses
    )


@pytest.fixture
def org(db, customer_service, ops):  # noqa: F811
    hr = make_person("fatima@tarnwick.example", role=roles.HR, first_name="Fatima", last_name="Haddad")
    aisha = make_person(
        "aisha@tarnwick.example",
        department=customer_service,
        role=roles.MANAGERS,
        first_name="Aisha",
        last_name="Rahman",
    )
    jordan = make_person(
        "jordan@tarnwick.example", department=customer_service, manager=aisha, first_name="Jordan", last_name="Ellis"
    )
    tomasz = make_person(
        "tomasz@tarnwick.example", department=ops, role=roles.MANAGERS, first_name="Tomasz", last_name="Nowak"
    )
    kwame = make_person(
        "kwame@tarnwick.example", department=ops, manager=tomasz, first_name="Kwame", last_name="Mensah"
    )
    cs_objective = make_objective(actor=hr, department=customer_service)
    ops_objective = make_objective(actor=hr, department=ops, title="Disruption updates within 10 minutes", unit="min")
    return {
        "hr": hr,
        "aisha": aisha,
        "jordan": jordan,
        "tomasz": tomasz,
        "kwame": kwame,
        "cs": customer_service,
        "ops": ops,
        "cs_objective": cs_objective,
        "ops_objective": ops_objective,
    }


__all__ = ["UserFactory", "make_objective"]
