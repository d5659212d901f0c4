"""Writing report rows as CSV and XLSX, row by row, so memory stays flat whatever the number of rows: CSV is
streamed in chunks; XLSX goes through openpyxl's write-only mode into a file on disk (it spills rows to disk as it
goes). Cells a spreadsheet would read as a formula are neutralised. Pure: no queries."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext

# A spreadsheet evaluates a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_CHUNK_ROWS = 1000
PROGRESS_EVERY = 5000
XLSX_MAX_ROWS = 1_048_576  # a worksheet's limit, heading included; longer exports continue on a new sheet

Progress = Callable[[int], None]


def neutralise(text: str) -> str:
    """Text as data, never as a formula: a leading quote makes spreadsheets show the cell as it is written."""
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def cell(value: Any) -> Any:
    """One value as it goes into a spreadsheet: text neutralised, times in local time to the second, empty for
    None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, Promise):
        return neutralise(force_str(value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, datetime.date)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return neutralise(force_str(value))


def csv_chunks(headings: list[str], rows: Iterable[tuple], *, progress: Progress | None = None) -> Iterator[str]:
    """The CSV as text chunks of about CSV_CHUNK_ROWS rows, starting with a byte-order mark so spreadsheet programs
    read it as UTF-8. `rows` hold values already passed through `cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([neutralise(str(h)) for h in headings])
    written = 0
    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CSV_CHUNK_ROWS:
            writer.writerows(batch)
            written += len(batch)
            batch.clear()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if progress is not None and written % PROGRESS_EVERY < CSV_CHUNK_ROWS:
                progress(written)
    if batch:
        writer.writerows(batch)
        written += len(batch)
    yield buffer.getvalue()
    if progress is not None:
        progress(written)


def write_csv(output: IO[bytes], headings: list[str], rows: Iterable[tuple], *, progress: Progress | None = None):
    for chunk in csv_chunks(headings, rows, progress=progress):
        output.write(chunk.encode("utf-8"))


def write_xlsx(
    output: IO[bytes] | str,
    headings: list[str],
    rows: Iterable[tuple],
    *,
    sheet_title: str = "Report",
    progress: Progress | None = None,
) -> int:
    """Write an XLSX workbook to `output` (a path or a binary file). Returns the number of data rows."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value):
        # Control characters cannot be stored in XLSX; they are dropped rather than failing the whole export.
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook(write_only=True)
    title = "".join(ch for ch in sheet_title if ch not in "[]:*?/\\")[:25] or "Report"
    heading_row = [neutralise(str(h)) for h in headings]
    sheet_number = 1
    sheet = workbook.create_sheet(title=title)
    sheet.append(heading_row)
    on_sheet = 1
    written = 0
    for row in rows:
        if on_sheet >= XLSX_MAX_ROWS:
            sheet_number += 1
            sheet = workbook.create_sheet(title=f"{title[:22]} {sheet_number}")
            sheet.append(heading_row)
            on_sheet = 1
        sheet.append([clean(v) for v in row])
        on_sheet += 1
        written += 1
        if progress is not None and written % PROGRESS_EVERY == 0:
            progress(written)
    workbook.save(output)
    if progress is not None:
        progress(written)
    return written


# --- Wagtail's own spreadsheet exports --------------------------------------------------------------------------------
def _spreadsheet_value(view, field: str, value: Any, export_format: str) -> Any:
    """One value of a Wagtail listing export: a field's own preprocessing if the view names one, lists joined, then
    `cell` (so text is neutralised and times are local, as in every other export)."""
    format_dict = view.custom_field_preprocess.get(field, {})
    if export_format in format_dict:
        value = view.preprocess_field_value(field, value, export_format)
    elif isinstance(value, list | tuple):
        value = ", ".join(force_str(item) for item in value)
    return cell(value)


def _spreadsheet_rows(view, queryset, export_format: str) -> Iterator[tuple]:
    for item in queryset:
        row = view.to_row_dict(item)
        yield tuple(_spreadsheet_value(view, field, value, export_format) for field, value in row.items())


def _stream_csv(view, queryset) -> Iterator[str]:
    headings = [view.get_heading(queryset, field) for field in view.list_export]
    yield from csv_chunks(headings, _spreadsheet_rows(view, queryset, view.FORMAT_CSV))


def _write_xlsx(view, queryset, output) -> None:
    headings = [view.get_heading(queryset, field) for field in view.list_export]
    title = force_str(getattr(view, "page_title", "") or "Export")
    write_xlsx(output, headings, _spreadsheet_rows(view, queryset, view.FORMAT_XLSX), sheet_title=title)


def install_spreadsheet_writer() -> None:
    """Make Wagtail's `SpreadsheetExportMixin` (the CSV/XLSX buttons of every admin listing: People, the audit log,
    Wagtail's Users and its own reports, every viewset with `list_export`, the practice Engagement report) write
    through this module, so no export anywhere bypasses `neutralise`. Called once from AnalyticsConfig.ready();
    tests/security/test_spreadsheet_injection.py downloads every export URL of the admin with hostile values."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    SpreadsheetExportMixin.stream_csv = _stream_csv
    SpreadsheetExportMixin.write_xlsx = _write_xlsx
    SpreadsheetExportMixin.setup = _setup_export_only_with_columns


def _setup_export_only_with_columns(view, request, *args, **kwargs) -> None:
    """A listing with no `list_export` has no export button; `?export=` on its URL shows the listing instead of
    writing a file with no columns."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    super(SpreadsheetExportMixin, view).setup(request, *args, **kwargs)
    view.is_export = request.GET.get("export") in view.FORMATS and bool(view.list_export)
