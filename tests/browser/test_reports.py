"""HR opens a report in Wagtail's admin, filters it, reads its chart and table; a background export's page follows
its progress with our static script (no inline script: CSP) and offers the download once the file is ready.

axe runs on our report content only (`#sw-report-content`): the admin's own chrome (sidebar, header, filter drawer) is
Wagtail's, outside this project, and is not ours to fail on. CSP violations anywhere on the page still fail."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from courses import services as course_services
from people import services as people_services
from reports import services
from reports.models import ExportJob
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.courses import make_course_with_modules

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REPORT_CONTENT = "#sw-report-content"


@pytest.fixture
def enrolled(learner, other_learner):
    ops = people_services.create_department(name="Operations", code="OPS")
    course, modules = make_course_with_modules(2, title="Crisis response")
    for person in (learner, other_learner):
        people_services.update_profile(user=person, department=ops)
        course_services.enrol_user(
            user=person, course=course, required=True, due_on=timezone.localdate() + timedelta(days=10)
        )
    for module in modules:
        course_services.record_module_completion(user=learner, module=module)
    return course


def test_hr_reads_the_completion_report_with_its_chart_and_table(page, hr, enrolled):
    log_in(page, hr)
    page.goto("/admin/learning-reports/completion/?group_by=course")
    expect(page.get_by_role("heading", name="Completion rates")).to_be_visible()
    expect(page.get_by_role("img", name="Completion rate (%) for each row of the table")).to_be_visible()
    table = page.get_by_role("table", name="Completion of current enrolment cycles")
    expect(table.get_by_role("row", name="Crisis response 2 1 50%")).to_be_visible()
    assert_accessible(page, context=REPORT_CONTENT)

    page.goto("/admin/learning-reports/learners/?status=completed")
    expect(page.get_by_role("rowheader", name="Jordan Ellis learner@tarnwick.example")).to_be_visible()
    assert page.get_by_text("Kwame Mensah").count() == 0
    assert_accessible(page, context=REPORT_CONTENT)


def test_the_export_page_follows_the_job_and_then_offers_the_file(page, hr, enrolled, settings):
    job = ExportJob.objects.create(
        requested_by=hr, report="learners", title="Learner status", format="csv", rows_expected=2
    )
    log_in(page, hr)
    page.goto(f"/admin/learning-reports/exports/{job.pk}/")
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    assert_accessible(page, context=REPORT_CONTENT)
    services.run_export(job_id=job.pk)  # what the worker does meanwhile
    link = page.get_by_role("link", name="Download the CSV file")
    link.wait_for(timeout=10_000)  # the page's script notices and reloads
    expect(page.get_by_text("Ready: 2 rows.")).to_be_visible()
    assert_accessible(page, context=REPORT_CONTENT)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("learners-") and download.value.suggested_filename.endswith(
        ".csv"
    )
