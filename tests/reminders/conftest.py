from __future__ import annotations

from datetime import date, timedelta

from wagtail.models import Site

import pytest

from cms.models import OrganisationSettings
from courses.services import enrol_user
from tests.factories.courses import make_course

# A Monday: ISO week 2026-W48.
TODAY = date(2026, 11, 23)


@pytest.fixture
def branding(site):
    org = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    org.organisation_name = "Tarnwick Transit"
    org.support_email = "learning@tarnwick.example"
    org.save()
    return org


@pytest.fixture
def courses(db):
    return {
        name: make_course(title=name)
        for name in ["Crisis response", "Listening at scale", "Hiring in public", "Posting for the company"]
    }


def enrol(user, course, *, due_in: int | None, required: bool = True):
    """Enrol `user` through the courses service, due `due_in` days after TODAY (None: no due date)."""
    due_on = None if due_in is None else TODAY + timedelta(days=due_in)
    return enrol_user(user=user, course=course, due_on=due_on, required=required)
