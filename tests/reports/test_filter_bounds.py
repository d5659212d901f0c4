"""Hostile report filters: the issue's 0001–9999 completions-per-week range (292 MB after 105 s before), ids too big for
the database, dates out of range, NUL. Each is a form error on the page, never a 500 or a long loop, and an export
with such a filter is not made."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import QueryDict
from django.utils import timezone

import pytest

from reports import selectors
from reports.filters import (
    REPORT_RANGE_MAX_DAYS,
    CompletionsOverTimeFilterSet,
    LearnerStatusFilterSet,
    ReportFilters,
)

pytestmark = pytest.mark.django_db

REPORTS = ["completion", "learners", "overdue", "completions-over-time", "quiz-results", "scenario-choices",
           "question-results"]  # fmt: skip
HUGE = "9" * 23
# Each field is cleaned on its own, so one query string tries several fields at once; four cover every case.
HOSTILE = [
    f"completed_from=0001-01-03&completed_to=9999-12-20&enrolled_from=0001-01-01&enrolled_to=9999-12-31"
    f"&due_from=1999-12-31&course={HUGE}&department={HUGE}&cohort={HUGE}&quiz={HUGE}&q=abc'--&audience=x",
    "completed_from=9999-12-31&enrolled_from=not-a-date&due_to=2100-01-01&course=-1&cohort=1e3&group_by=nonsense"
    "&status=x&p=99999999999999999999",
    "completed_to=9999-12-31&enrolled_from=2001-01-01&enrolled_to=2099-01-01&course=1.5&department=-5&quiz=+1",
    "completed_from=2000-01-01&due_from=2000-01-01&due_to=2099-12-31&enrolments=x&export=pdf",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_filter_is_a_form_error_never_a_500(client, org, query):
    client.force_login(org["hr"])
    for slug in REPORTS:
        url = f"/admin/learning-reports/{slug}/?{query}"
        response = client.get(url)
        assert response.status_code in {200, 404}, (url, response.status_code)
        assert len(response.content) < 2_000_000, url  # no page of 417,000 weeks (a wall clock would be flaky here)
        export = client.get(f"{url}&export=csv")
        assert export.status_code in {200, 302, 404}, (url, export.status_code)


def test_a_nul_in_the_query_is_dropped_never_a_500(client, org):
    client.force_login(org["hr"])
    response = client.get("/admin/learning-reports/learners/?course=%00&q=a%00b")
    assert response.status_code == 200


def test_the_issues_range_is_refused_on_the_page_with_the_bound_said(client, org):
    client.force_login(org["aisha"])  # managers could do it too
    url = "/admin/learning-reports/completions-over-time/?completed_from=0001-01-03&completed_to=9999-12-20"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose dates from 01 Jan 2000 to 31 Dec 2099." in html
    assert "Dates from 1 January 2000 to 31 December 2099, at most five years apart." in html
    assert "Some filters could not be used" in html
    assert html.count("<tr") < 40  # the default twelve weeks, not 417,000 of them
    export = client.get(f"{url}&export=csv")
    assert export.status_code == 302 and "export=" not in export["Location"]
    assert "Correct the filters below" in client.get(export["Location"]).content.decode()


def test_a_valid_range_still_filters_and_exports(client, org):
    client.force_login(org["hr"])
    today = timezone.localdate()
    url = f"/admin/learning-reports/completions-over-time/?completed_from={today - timedelta(weeks=4):%Y-%m-%d}"
    response = client.get(url)
    assert response.status_code == 200 and "Some filters could not be used" not in response.content.decode()
    export = client.get(f"{url}&export=csv")
    assert export.status_code == 200
    assert len(b"".join(export.streaming_content).splitlines()) in {5, 6, 7}  # heading + 4–6 weeks


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (f"course={HUGE}", "course"),
        ("completed_from=9999-12-31", "completed"),
        ("completed_to=9999-12-31", "completed"),
        ("completed_from=2001-01-01&completed_to=2010-01-01", "completed"),
        ("completed_from=2001-01-01", "completed"),  # open end: up to today, more than five years
    ],
)
def test_the_filter_set_refuses_them(query, field):
    filters = CompletionsOverTimeFilterSet(QueryDict(query))
    assert not filters.is_valid()
    assert field in filters.errors


def test_dates_parse_as_dates_within_the_bounds():
    filters = LearnerStatusFilterSet(QueryDict("enrolled_from=2024-01-01&enrolled_to=2024-02-01")).report_filters()
    assert (filters.date_from, filters.date_to) == (date(2024, 1, 1), date(2024, 2, 1))


def test_the_weekly_selector_bounds_a_range_that_did_not_come_through_the_form(org):
    """A saved export job's parameters are parsed again later; the selector bounds the weeks itself too."""
    rows = selectors.completions_per_week(
        scope=selectors.report_scope(user=org["hr"]),
        filters=ReportFilters(date_from=date(2000, 1, 1), date_to=date(2099, 12, 31)),
        today=timezone.localdate(),
    )
    assert len(rows) <= REPORT_RANGE_MAX_DAYS // 7 + 2
