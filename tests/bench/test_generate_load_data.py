"""The load-data generator behind `make bench`: a made-up organisation the reports can read, topped up, never
duplicated, on SQLite as on PostgreSQL. The `bench` app is installed only by bench/settings.py, so the command is
called as an object here."""

from __future__ import annotations

from django.core.management import call_command

import pytest

from bench.management.commands.generate_load_data import Command as GenerateLoadData
from courses.models import CoursePage, Enrolment, ModulePage, ModuleProgress, ProgressState
from people.models import Department, Profile, User
from reports import selectors
from reports.filters import GroupBy, ReportFilters

pytestmark = pytest.mark.django_db


def test_the_generator_makes_an_organisation_and_tops_it_up(home_page):
    call_command(GenerateLoadData(), learners=30, modules=4, stdout=_Null())
    learners = User.objects.filter(email__startswith="learner", email__endswith="@load.example")
    assert learners.count() == 30
    assert Department.objects.filter(code__startswith="LOAD").count() == 110
    course = CoursePage.objects.get(slug="load-course-1")
    assert ModulePage.objects.child_of(course).live().count() == 4
    current = Enrolment.objects.filter(user__in=learners, is_current=True)
    assert current.count() == 30
    # Every progress row matches its enrolment: a completion has every module, work in progress some.
    for enrolment in current.filter(completed_at__isnull=False):
        assert ModuleProgress.objects.filter(enrolment=enrolment, state=ProgressState.COMPLETED).count() == 4
    assert Profile.objects.filter(user__in=learners, department__parent__code__startswith="LOAD").count() == 30

    call_command(GenerateLoadData(), learners=40, modules=4, stdout=_Null())
    assert learners.count() == 40
    assert CoursePage.objects.filter(slug__startswith="load-course").count() == 1
    hr = User.objects.get(email="hr@load.example")
    rows = selectors.completion_by_group(
        scope=selectors.report_scope(user=hr), filters=ReportFilters(group_by=GroupBy.COURSE), today=_today()
    )
    active = learners.filter(is_active=True).count()
    assert [(row.course, row.enrolled) for row in rows] == [("Load course 1", active)]


def _today():
    from django.utils import timezone

    return timezone.localdate()


class _Null:
    def write(self, *args, **kwargs):
        pass


def test_the_load_generators_exist_only_under_the_bench_settings():
    from django.core.management import get_commands

    assert {"generate_load_data", "generate_people_csv", "bench_people_import"}.isdisjoint(get_commands())
