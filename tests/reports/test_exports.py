"""Exports hold what the screen shows, parsed back with csv and openpyxl; they stream; and a cell a spreadsheet would
run as a formula is written as plain text."""

from __future__ import annotations

import csv
import io
import re

from django.http import StreamingHttpResponse

import pytest
from openpyxl import load_workbook

from analytics import exports
from courses import services as course_services
from courses.models import Enrolment
from people import services as people_services
from reports import definitions
from tests.reports.conftest import DUE_FUTURE, make_person

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)  # streamed, never built in memory first
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[("" if v is None else v) for v in row] for row in workbook.active.iter_rows(values_only=True)]


def _cells(html: str, row_start: str) -> list[str]:
    """The text of the table cells of the row whose first cell is `row_start`."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[0] == row_start:
            return cells
    raise AssertionError(f"no row starting with {row_start!r}")


def test_the_completion_csv_holds_the_numbers_on_the_screen(client, org):
    client.force_login(org["hr"])
    screen = client.get("/admin/learning-reports/completion/", {"group_by": "top_department"})
    rows = _csv(client.get("/admin/learning-reports/completion/", {"group_by": "top_department", "export": "csv"}))
    assert rows[0] == [
        "Group",
        "Course",
        "Enrolled",
        "Completed",
        "Completion rate (%)",
        "In progress",
        "Not started",
        "Overdue",
    ]
    html = screen.content.decode()
    on_screen = _cells(html, "Operations")
    exported = next(row for row in rows if row[0] == "Operations")
    # Group, course, enrolled, completed, rate, in progress, not started, overdue: the same on both.
    assert exported == [cell.rstrip("%") for cell in on_screen] == [
        "Operations", "Crisis response", "3", "1", "33", "0", "1", "1",
    ]  # fmt: skip
    assert len(rows) - 1 == len(screen.context["object_list"])


def test_the_learner_status_xlsx_holds_the_rows_on_the_screen(client, org):
    client.force_login(org["hr"])
    screen = client.get("/admin/learning-reports/learners/")
    sheet = _xlsx(client.get("/admin/learning-reports/learners/", {"export": "xlsx"}))
    assert sheet[0][:6] == ["Learner", "Email", "Department", "Manager", "Course", "Status"]
    on_screen = [
        (r.learner, r.email, r.course, r.status_label, r.progress_percent) for r in screen.context["object_list"]
    ]
    exported = [(r[0], r[1], r[4], r[5], r[6]) for r in sheet[1:]]
    assert exported == on_screen
    kwame = next(r for r in sheet[1:] if r[1] == "kwame@tarnwick.example" and r[4] == "Crisis response")
    assert kwame[2:6] == ["Operations / Control room", "Tomasz Test", "Crisis response", "Overdue"]
    # A real date in the spreadsheet (Excel keeps dates as date-times).
    assert kwame[9].date() == Enrolment.objects.get(user=org["kwame"], course=org["crisis"], is_current=True).due_on


def test_the_overdue_csv_follows_the_filters(client, org):
    client.force_login(org["hr"])
    rows = _csv(client.get("/admin/learning-reports/overdue/", {"department": org["ops"].pk, "export": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Kwame Test"]
    rows = _csv(client.get("/admin/learning-reports/overdue/", {"department": org["cs"].pk, "export": "csv"}))
    assert rows[1:] == []


def test_the_module_detail_has_a_row_per_learner_and_module(client, org):
    client.force_login(org["hr"])
    rows = _csv(
        client.get(
            "/admin/learning-reports/learners/", {"export": "csv", "detail": "modules", "course": org["crisis"].pk}
        )
    )
    assert rows[0] == [
        "Learner", "Email", "Department", "Course", "Module", "Required module", "Status", "Started", "Completed",
    ]  # fmt: skip
    assert len(rows) - 1 == 4 * 3  # four learners (never Olga), three modules each
    kwame = [row for row in rows if row[1] == "kwame@tarnwick.example"]
    assert [row[4:7] for row in kwame] == [
        ["Module 1", "Yes", "Completed"],
        ["Module 2", "Yes", "Not started"],
        ["Module 3", "Yes", "Not started"],
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", kwame[0][8])
    # Tomasz's second cycle has no progress yet, whatever he did in the first.
    assert {row[6] for row in rows if row[1] == "tomasz@tarnwick.example"} == {"Not started"}


NAMES = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)"]
DEPARTMENTS = ["\tNight shift", "\rDay shift"]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_cells_that_would_run_as_formulas_are_neutralised(client, org, export_format):
    departments = [
        people_services.create_department(name=name, code=f"F{index}") for index, name in enumerate(DEPARTMENTS)
    ]
    for index, name in enumerate(NAMES):
        person = make_person(f"formula{index}@tarnwick.example", department=departments[index % 2], first_name=name)
        course_services.enrol_user(user=person, course=org["crisis"], required=True, due_on=DUE_FUTURE)
    client.force_login(org["hr"])
    response = client.get("/admin/learning-reports/learners/", {"export": export_format, "q": "formula"})
    if export_format == "csv":
        rows = _csv(response)[1:]
    else:
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        cells = list(sheet.iter_rows(min_row=2, max_col=3))
        assert {cell.data_type for row in cells for cell in row} == {"s"}  # text, never a formula
        rows = [[cell.value for cell in row] for row in cells]
    assert sorted(row[0] for row in rows) == sorted(f"'{name} Test" for name in NAMES)
    # (XLSX readers turn a stored carriage return into a line feed; what matters is the quote in front.)
    assert {row[2][:2] for row in rows} <= {"'\t", "'\r", "'\n"}
    assert {row[2][2:] for row in rows} == {"Night shift", "Day shift"}


def test_the_neutraliser_leaves_other_values_alone():
    assert exports.neutralise("Operations") == "Operations"
    assert exports.neutralise("=1+1") == "'=1+1"
    assert [exports.neutralise(f"{c}x") for c in "=+-@\t\r"] == [f"'{c}x" for c in "=+-@\t\r"]
    assert exports.cell(-5) == -5  # numbers are numbers, never text
    assert exports.cell(None) == ""
    assert exports.cell(True) == "Yes"


def test_a_large_xlsx_continues_on_a_second_sheet(monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 3)
    output = io.BytesIO()
    written = exports.write_xlsx(output, ["n"], ((i,) for i in range(5)), sheet_title="Numbers")
    workbook = load_workbook(output)
    assert written == 5
    assert [[c.value for c in row][0] for ws in workbook.worksheets for row in ws.iter_rows()] == [
        "n", 0, 1, "n", 2, 3, "n", 4,
    ]  # fmt: skip


def test_csv_chunks_keep_memory_flat_by_writing_as_they_go():
    chunks = exports.csv_chunks(["n"], ((i,) for i in range(2500)))
    first = next(chunks)
    assert first.startswith("\ufeffn\r\n0\r\n") and first.count("\r\n") == exports.CSV_CHUNK_ROWS + 1
    assert sum(chunk.count("\r\n") for chunk in chunks) == 2500 - exports.CSV_CHUNK_ROWS


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "slug", [s for s in definitions.REPORTS if s != definitions.MODULE_DETAIL.slug]
)  # its own test above
def test_every_report_exports_in_every_format_with_the_rows_on_the_screen(client, org, slug, export_format):
    # Scenario choices and knowledge-check questions once handed a list where their parent expected the selector's
    # result (a 500 on both formats).
    client.force_login(org["hr"])
    screen = client.get(f"/admin/learning-reports/{slug}/")
    response = client.get(f"/admin/learning-reports/{slug}/", {"export": export_format})
    assert response.status_code == 200
    rows = _csv(response) if export_format == "csv" else _xlsx(response)
    assert [str(h) for h in rows[0]] == definitions.REPORTS[slug].headings
    assert len(rows) - 1 == len(screen.context["object_list"])
