"""The demo organisation (CONTENT.md §5) as `seed_demo` loads it, with the HR figures the content brief expects."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest

from courses.models import CoursePage, Enrolment
from people import selectors
from people.models import Assignment, Cohort, Department, DueRule, User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _figures(slug: str, today) -> tuple[int, int, int]:
    enrolments = Enrolment.objects.filter(course__slug=slug, is_current=True, required=True)
    return (
        enrolments.count(),
        enrolments.exclude(completed_at=None).count(),
        enrolments.filter(completed_at=None, due_on__lt=today).count(),
    )


def test_seed_demo_loads_the_organisation_and_the_expected_hr_figures():
    first = _seed()
    today = timezone.localdate()
    for line in ("Created 6 departments.", "Created 13 profiles.", "Created 2 cohorts.", "Created 3 assignments."):
        assert line in first

    assert set(Department.objects.values_list("code", flat=True)) == {"EXE", "OPS", "CS", "PXD", "BRC", "PHR"}
    jordan = User.objects.get(email="jordan.ellis@tarnwick.example")
    assert jordan.profile.manager.email == "aisha.rahman@tarnwick.example"
    assert (jordan.profile.job_title, jordan.profile.department.code) == ("Customer Service Adviser", "CS")
    assert jordan.profile.hire_date == today - timedelta(days=720)
    squad = Cohort.objects.get(code="SQUAD")
    assert squad.memberships.count() == 6 and squad.facilitator.email == "sam.lindqvist@tarnwick.example"

    a = Assignment.objects.get(course__slug="social-media-literacy-for-leaders")
    assert (a.due_rule, a.due_on, a.assigned_on) == (
        DueRule.FIXED,
        today - timedelta(days=5),
        today - timedelta(days=30),
    )
    b = Assignment.objects.get(course__slug="every-function-is-on-social")
    assert (b.due_rule, b.due_days, b.assigned_on) == (DueRule.AFTER_ASSIGNMENT, 28, today - timedelta(days=14))
    c = Assignment.objects.get(course__valid_months=12)
    assert (c.due_on, list(c.cohorts.values_list("code", flat=True))) == (today - timedelta(days=1), ["SQUAD"])

    assert _figures("social-media-literacy-for-leaders", today) == (8, 4, 4)
    assert _figures("every-function-is-on-social", today) == (11, 4, 0)
    assert _figures(CoursePage.objects.get(valid_months=12).slug, today) == (6, 3, 3)

    rafael = User.objects.get(email="rafael.moreno@tarnwick.example")
    team = {
        User.objects.get(pk=pk).email.split("@")[0]: level for pk, level in selectors.report_ids(manager=rafael).items()
    }
    assert team == {"aisha.rahman": 1, "daniel.cohen": 1, "siobhan.murphy": 1, "jordan.ellis": 2, "priya.nair": 2}

    assert _seed().strip() == "Nothing to do: the demo content is already loaded."
    assert _figures("social-media-literacy-for-leaders", today) == (8, 4, 4)
