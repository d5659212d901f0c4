"""The demo's practice: a paced LEAD cohort mid-way through course A, private notes, sessions; idempotent."""

from __future__ import annotations

from django.core.management import call_command

import pytest

from courses import selectors
from courses.models import CoursePage, ModulePage
from people.models import User
from practice.models import CohortSchedule, CohortSession, PracticeNote, RefresherDue


@pytest.mark.django_db
@pytest.mark.slow
def test_seed_demo_loads_a_paced_cohort_mid_way_and_runs_twice(client):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assert CohortSchedule.objects.count() == 1
    assert CohortSession.objects.count() == 2
    assert PracticeNote.objects.count() == 4
    assert RefresherDue.objects.exists()
    course = CoursePage.objects.get(release_mode="interval")
    modules = list(ModulePage.objects.live().child_of(course).order_by("path"))
    meiling = User.objects.get(email="meiling.zhao@tarnwick.example")
    assert selectors.module_lock(user=meiling, module=modules[4]) is None
    assert selectors.module_lock(user=meiling, module=modules[5]) is not None
    helena = User.objects.get(email="helena.adeyemi@tarnwick.example")
    assert selectors.module_lock(user=helena, module=modules[5]) is None  # finished: nothing held back
    sam = User.objects.get(email="sam.lindqvist@tarnwick.example")
    client.force_login(sam)
    past = CohortSession.objects.get(cohort__code="LEAD")
    text = client.get(f"/practice/sessions/{past.pk}/").content.decode()
    assert "6 members have finished it." in text
