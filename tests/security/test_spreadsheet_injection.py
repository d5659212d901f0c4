"""Spreadsheet formula injection: a person named `=HYPERLINK("http://evil.example","x")` came out raw in the People and
Audit-log CSV exports (Wagtail's own SpreadsheetExportMixin) and in the practice Engagement CSV. This test finds every
export URL of the admin (every listing view with CSV/XLSX buttons, every report), downloads each as CSV and XLSX with
hostile values in the data, and fails on any cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import re

from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.admin.views.mixins import SpreadsheetExportMixin

import pytest
from openpyxl import load_workbook

from analytics.exports import FORMULA_TRIGGERS
from courses import services as course_services
from people import roles
from people import services as people_services
from people.models import AuditLog, Cohort, CohortMembership
from tests.factories.courses import make_course, make_module
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "+SUM(1,2)",
    "-2+3+cmd|' -C calc'!A0",
    "@SUM(1+1)",
    "\t=1+2",
    "\r=1+2",
]
NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$")


def export_urls(arguments: dict[str, str] | None = None) -> list[str]:
    """Every admin URL whose view can export a spreadsheet; URL arguments are filled from `arguments` (by name), and
    a URL with any other argument is left out (none such exists today: the walk below lists what it skipped)."""
    found = []
    arguments = arguments or {}

    def fill(route: str) -> str | None:
        for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
            if name not in arguments:
                return None
            route = re.sub(rf"<(?:\w+:)?{name}>", arguments[name], route)
        return route

    def walk(patterns, prefix):
        for pattern in patterns:
            route = fill(str(pattern.pattern))
            if route is None or route.startswith("^"):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                if view_class is not None and issubclass(view_class, SpreadsheetExportMixin):
                    initkwargs = getattr(pattern.callback, "view_initkwargs", {})
                    if initkwargs.get("results_only"):
                        continue
                    if not initkwargs.get("list_export", getattr(view_class, "list_export", None)):
                        continue  # no export button: ?export= shows the listing (the test below)
                    found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def cells_of(response, export_format: str) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        text = content.decode("utf-8-sig")
        return [value for row in csv.reader(io.StringIO(text, newline="")) for value in row]
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [
        value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    ]


def formulas(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(FORMULA_TRIGGERS) and not NUMBER.match(c.strip())]


@pytest.fixture
def hostile_world(site):
    department = people_services.create_department(name=HOSTILE[2], code="EVIL")
    cohort = people_services.save_cohort(cohort=Cohort(code="EVIL", name=HOSTILE[3]))
    course = make_course(title=HOSTILE[1])
    module = make_module(course, title=HOSTILE[0])
    people = []
    for n, name in enumerate(HOSTILE):
        user = UserFactory(email=f"evil{n}@tarnwick.example", first_name=name, last_name=HOSTILE[(n + 1) % 6])
        user.groups.add(Group.objects.get(name=roles.LEARNERS))
        people_services.update_profile(user=user, department=department, manager=None, audience="staff")
        CohortMembership.objects.create(cohort=cohort, user=user)
        course_services.enrol_user(user=user, course=course, required=True, source="assigned")
        course_services.record_module_completion(user=user, module=module)
        people_services.record_audit(actor=user, action=AuditLog.Action.PERSON_CHANGED, subject=user, summary=name)
        people.append(user)
    admin = UserFactory(email="root@tarnwick.example", is_superuser=True, is_staff=True)
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    return {"admin": admin, "people": people, "course": course}


def test_the_walk_finds_the_exports_the_issue_names():
    urls = export_urls()
    for expected in ("/admin/people/people/", "/admin/people/audit-log/", "/admin/practice/engagement/"):
        assert any(url.startswith(expected) for url in urls), (expected, urls)
    assert any(url.startswith("/admin/learning-reports/learners/") for url in urls)
    assert "/admin/users/" not in urls  # Wagtail's Users listing has no export columns, so no export


def test_no_export_of_the_admin_carries_a_formula(client, hostile_world):
    client.force_login(hostile_world["admin"])
    seen: dict[str, list[str]] = {}
    for url in export_urls({"parent_page_id": str(hostile_world["course"].pk)}):
        for export_format in ("csv", "xlsx"):
            response = client.get(url, {"export": export_format})
            assert response.status_code == 200, (url, export_format, response.status_code)
            cells = cells_of(response, export_format)
            assert not formulas(cells), (url, export_format, formulas(cells))
            seen[f"{url} {export_format}"] = cells
    # The issue's three exports carry the hostile values, neutralised with a leading quote.
    for url, value in (
        ("/admin/people/people/", HOSTILE[0]),
        ("/admin/people/audit-log/", HOSTILE[0]),
        ("/admin/practice/engagement/", HOSTILE[0]),
    ):
        for export_format in ("csv", "xlsx"):
            [key] = [k for k in seen if k.startswith(url) and k.endswith(export_format)]
            assert any(c.startswith("'") and value in c for c in seen[key]), (key, seen[key][:40])
    assert sum(1 for cells in seen.values() for c in cells if c.startswith("'")) > 20


def test_the_writer_neutralises_every_trigger():
    from analytics.exports import cell

    for value in HOSTILE:
        assert cell(value) == "'" + value
    assert cell(-3) == -3 and cell("plain") == "plain"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_listing_without_export_columns_shows_the_listing_instead_of_an_empty_file(client, hr, fmt):
    # /admin/people/departments/ has no export button; its URL with ?export= wrote a file of blank rows.
    client.force_login(hr)
    response = client.get("/admin/people/departments/", {"export": fmt})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    exported = client.get("/admin/people/people/", {"export": fmt})  # a listing with columns still exports
    assert not exported["Content-Type"].startswith("text/html")
