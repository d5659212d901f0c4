"""The demo's reports say what CONTENT.md §5 expects: HR's completion figures per course, and practice analytics that
show the small-group notice by department but the LEAD cohort's real counts on S4."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db import transaction

import pytest

from people.models import User
from quizzes.models import ScenarioPage
from reports import selectors
from reports.filters import GroupBy, ReportFilters

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EVERYONE = selectors.ReportScope(everyone=True)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_hr_sees_the_expected_completion_figures(demo, client):
    client.force_login(User.objects.get(email="fatima.haddad@tarnwick.example"))
    response = client.get("/admin/learning-reports/completion/", {"group_by": "course"})
    figures = {
        row.course.split(" ")[0]: (row.completed, row.enrolled, row.rate, row.overdue)
        for row in response.context["object_list"]
    }
    assert figures == {
        "Social": (4, 8, 50, 4),  # A: Social media literacy for leaders
        "Every": (4, 11, 36, 0),  # B: Every function is on social
        "When": (3, 6, 50, 3),  # C: When things go wrong
    }


def test_s4_choices_by_department_show_the_notice_and_by_cohort_the_leaders_counts(demo):
    s4 = ScenarioPage.objects.get(title="Followers up, value unknown")
    by_department = selectors.scenario_choices(
        scope=EVERYONE, filters=ReportFilters(quiz=s4, group_by=GroupBy.DEPARTMENT)
    )
    assert by_department.merge_notice.startswith("Groups with fewer than 5 learners are merged into “Other”:")
    assert {row.group for row in by_department.rows} == {"Other"}
    by_cohort = selectors.scenario_choices(scope=EVERYONE, filters=ReportFilters(quiz=s4, group_by=GroupBy.COHORT))
    first_step = [row for row in by_cohort.rows if row.step_number == 1 and row.group == "Leaders, spring intake"]
    assert first_step and {row.at_step for row in first_step} == {6}
    assert sum(row.chose for row in first_step) == 6
