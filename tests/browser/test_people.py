"""A manager's "My team" and HR's import preview in a real browser, checked with axe."""

import re
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from courses import services as course_services
from people import roles, services
from people.models import DueRule
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
FILES = Path(__file__).parent.parent / "people" / "files"


def _person(email, first, last, role=roles.LEARNERS, **profile):
    user = UserFactory(email=email, first_name=first, last_name=last)
    user.groups.add(Group.objects.get(name=role))
    services.update_profile(user=user, job_title="Adviser", **profile)
    return user


def test_a_manager_finds_their_team_sees_what_is_overdue_and_sends_a_reminder(page):
    ops = services.create_department(name="Operations", code="OPS")
    aisha = _person("aisha@tarnwick.example", "Aisha", "Rahman", roles.MANAGERS, department=ops)
    jordan = _person("jordan@tarnwick.example", "Jordan", "Ellis", department=ops, manager=aisha)
    _person("kwame@tarnwick.example", "Kwame", "Mensah", department=ops, manager=jordan)
    course, modules = make_course_with_modules(2, title="When things go wrong")
    today = timezone.localdate()
    services.create_assignment(
        course=course,
        departments=[ops],
        due_rule=DueRule.FIXED,
        due_on=today - timedelta(days=3),
        assigned_on=today - timedelta(days=20),
    )
    course_services.record_module_completion(user=jordan, module=modules[0])

    log_in(page, aisha)
    page.goto("/learning/")
    page.get_by_role("link", name="My team").click()
    expect(page.get_by_role("heading", name="My team", level=1)).to_be_visible()
    jordan_row = page.get_by_role("row", name=re.compile(r"^Jordan Ellis"))
    expect(jordan_row.get_by_text("Overdue")).to_be_visible()
    expect(jordan_row.get_by_text("50%", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Kwame Mensah")).get_by_text("Jordan Ellis")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Kwame Mensah").click()
    expect(page.get_by_role("heading", name="Kwame Mensah", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remind Kwame Mensah: When things go wrong").click()
    expect(page.get_by_text("Reminder sent to Kwame Mensah about “When things go wrong”.")).to_be_visible()
    expect(page.get_by_text("Last reminded")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/team/", f"/team/{jordan.pk}/"]:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
            "document.documentElement.clientWidth).map(e => e.tagName + '.' + e.className + ':' + "
            "Math.round(e.getBoundingClientRect().right)).slice(0, 12)"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px: {wide}"
    # On a phone the breadcrumb is one step back (its last item): from a team member that is My team, not their name.
    expect(page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="My team")).to_be_visible()
    expect(page.get_by_role("navigation", name="Breadcrumb")).not_to_contain_text("Jordan Ellis")


def test_hr_uploads_a_file_and_reads_every_error_on_an_accessible_preview(page):
    services.create_department(name="Operations", code="OPS")
    hr = _person("fatima@tarnwick.example", "Fatima", "Haddad", roles.HR)
    log_in(page, hr)
    page.goto("/admin/people/import/")
    page.get_by_label("CSV file").set_input_files(str(FILES / "broken.csv"))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Rows with errors")).to_be_visible()
    expect(page.get_by_text("Unknown department “Operations/Depots”.")).to_be_visible()
    assert_accessible(page, context="main")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("11 rows have errors, so nothing was imported.")).to_be_visible()
    page.get_by_label("Import only the valid rows").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("1 person created and invited")).to_be_visible()
    assert_accessible(page, context="main")
