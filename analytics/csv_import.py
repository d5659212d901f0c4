"""Reading an uploaded CSV file, shared by every import (people, metric values): the text as the person meant it
(UTF-8 with or without a byte-order mark, comma or semicolon separated), a NUL byte refused by line, the header
matched without regard to case, spaces or underscores, and the export's formula guard taken off again so an exported
file imports back unchanged. Each import plans its rows on top of this and keeps the same upload → preview → confirm
flow and wording (docs/people.md, docs/goals.md). Pure: no queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from analytics.exports import FORMULA_TRIGGERS

MAX_FILE_BYTES = 20 * 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be read; `str(error)` says why, and `line` where, when one line is to blame."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.line = line


def decode_csv(data: bytes) -> str:
    """The file's text: UTF-8, with or without the byte-order mark spreadsheets add."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is larger than 20 MB. Split it into smaller files."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” and upload it again.")
        ) from error
    refuse_nul(text)
    return text


def refuse_nul(text: str) -> None:
    """A NUL character cannot be stored (PostgreSQL refuses it in text): the whole file is refused, naming the line,
    before anything is stored or written."""
    position = text.find("\x00")
    if position >= 0:
        line = text.count("\n", 0, position) + 1
        raise ImportFileError(
            _("Line %(line)d contains a NUL character (byte 0x00), which cannot be stored. Remove it and upload again.")
            % {"line": line},
            line=line,
        )


def read_table(text: str) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    """(header cells, [(line number, cells)], delimiter), blank lines skipped."""
    lines = text.splitlines()
    header = next((line for line in lines if line.strip()), "")
    if not header:
        raise ImportFileError(_("The file is empty."))
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    columns: list[str] | None = None
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if columns is None:
            columns = record
            continue
        rows.append((reader.line_num, record))
    return columns or [], rows, delimiter


def clean_cell(value: str) -> str:
    """A cell as the person meant it: the export's formula guard (a quote before "=", "+", "-", "@") taken off again,
    so an exported file imports back unchanged."""
    value = value.strip()
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def normalise_header(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", name.strip().lower())


def header_lookup(aliases: dict[str, list[str]]) -> dict[str, str]:
    """Normalised header name → column, from {column: [other names]}."""
    return {normalise_header(alias): column for column, names in aliases.items() for alias in [column, *names]}


def match_columns(raw_columns: list[str], aliases: dict[str, list[str]], *, required: list[str]) -> list[str]:
    """The column each header cell stands for, in file order; a file with a column twice, a required column
    missing or an unknown column is refused as a whole, in the people import's words."""
    lookup = header_lookup(aliases)
    columns: list[str] = []
    unknown = []
    for name in raw_columns:
        column = lookup.get(normalise_header(name))
        if column is None:
            unknown.append(name.strip())
        elif column in columns:
            raise ImportFileError(_("The column “%(name)s” appears twice.") % {"name": name.strip()})
        columns.append(column or "")
    for name in required:
        if name not in columns:
            raise ImportFileError(_("The file has no “%(name)s” column.") % {"name": name})
    if unknown:
        raise ImportFileError(
            ngettext("Unknown column “%(names)s”.", "Unknown columns “%(names)s”.", len(unknown))
            % {"names": "”, “".join(unknown)}
            + " "
            + _("Use: %(columns)s.") % {"columns": ", ".join(aliases)}
        )
    return columns


def parse_date(value: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY, else None."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    return None


def rows_with_errors_message(count: int) -> str:
    """Why a confirmed import with row errors wrote nothing (every import says it the same way)."""
    return ngettext(
        "%(n)d row has errors, so nothing was imported. Fix it, or import only the valid rows.",
        "%(n)d rows have errors, so nothing was imported. Fix them, or import only the valid rows.",
        count,
    ) % {"n": count}
