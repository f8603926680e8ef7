"""Reading a bulk check file (CSV or XLSX) into raw rows, and writing results back.

The file's columns are ``body,standard,country,date`` (``country`` and ``date`` may be
left out); the first row names them. Nothing is written to disk: the upload is read
from memory and forgotten with the request.
"""

import csv
import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

COLUMNS = ("body", "standard", "country", "date")
REQUIRED = ("body", "standard")
MAX_ROWS = 1000
MAX_BYTES = 5 * 1024 * 1024
RESULT_COLUMNS = (
    "line",
    "body",
    "standard",
    "country",
    "date",
    "verdict",
    "matched_body",
    "match",
    "candidates",
    "accreditation_body",
    "accreditation_number",
    "recognised",
    "sentence",
)


class CheckFileError(Exception):
    """A file the check cannot read: ``message`` names the problem (and the line)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def read_check_file(name, data):
    """[(line number, {column: text})] of a CSV or XLSX file's rows (blank rows skipped)."""
    if len(data) > MAX_BYTES:
        raise CheckFileError(
            _("The file is %(size)s MB: at most 5 MB can be checked.")
            % {"size": f"{len(data) / 1024 / 1024:.1f}"}
        )
    if not data.strip():
        raise CheckFileError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04" or name.lower().endswith(".xlsx"):
        lines = _xlsx_lines(data)
    else:
        lines = _csv_lines(data)
    return _rows(lines)


def _csv_lines(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CheckFileError(
            _("Line %(line)s: the file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
            % {"line": line}
        ) from None
    if "\x00" in text:
        raise CheckFileError(_("The file is not a CSV text file (it holds NUL characters)."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise CheckFileError(
            _("Line %(line)s: not valid CSV (%(error)s).") % {"line": reader.line_num, "error": exc}
        ) from None


def _xlsx_lines(data):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise CheckFileError(_("The file is not a readable XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if value is None else _cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value):
    """A spreadsheet cell as the text a CSV would hold (dates as YYYY-MM-DD)."""
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(lines):
    header = None
    rows = []
    for line, cells in lines:
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if header is None:
            header = _header(line, cells)
            continue
        if len(rows) == MAX_ROWS:
            raise CheckFileError(
                _(
                    "Line %(line)s: the file has more than %(max)s rows; "
                    "check at most %(max)s at a time."
                )
                % {"line": line, "max": f"{MAX_ROWS:,}"}
            )
        if len(cells) > len(header) and any(cells[len(header) :]):
            raise CheckFileError(
                _("Line %(line)s: %(cells)d cells, but the first row names %(columns)d columns.")
                % {"line": line, "cells": len(cells), "columns": len(header)}
            )
        rows.append((line, dict(zip(header, cells + [""] * len(header), strict=False))))
    if header is None:
        raise CheckFileError(_("The file is empty."))
    if not rows:
        raise CheckFileError(_("The file has a header row but no rows to check."))
    return rows


def _header(line, cells):
    names = [cell.lower() for cell in cells]
    while names and not names[-1]:
        names.pop()
    unknown = [name for name in names if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in names]
    if unknown or missing or len(set(names)) != len(names):
        problems = []
        if missing:
            problems.append(
                _("no %(names)s column")
                % {"names": _(" or ").join(f"“{name}”" for name in missing)}
            )
        if unknown:
            problems.append(
                _("unknown %(names)s") % {"names": ", ".join(f"“{name[:40]}”" for name in unknown)}
            )
        if len(set(names)) != len(names):
            problems.append(_("a column named twice"))
        raise CheckFileError(
            _(
                "Line %(line)s: the first row must name the columns body,standard,country,date "
                "(country and date may be left out): %(problems)s."
            )
            % {"line": line, "problems": "; ".join(problems)}
        )
    return names


def _result_cells(result):
    row = result["input"]
    body = result["body"]
    ab = result["accreditation_body"]
    recognised = {True: "yes", False: "no", None: ""}[result["recognised"]]
    candidates = "; ".join(f"{c['name']} ({c['country']})" for c in result["candidates"])
    return [
        result["line"],
        row["body"],
        row["standard"],
        row["country"],
        result["date"],
        result["verdict"],
        body["name"] if body else "",
        result["match"],
        candidates,
        ab["acronym"] if ab else "",
        result["accreditation_number"],
        recognised,
        result["sentence"],
    ]


def _safe(cell):
    """A cell a spreadsheet shows as text, never evaluates (a leading ' on formulas)."""
    text = str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_results_csv(out, results):
    """The results as CSV (UTF-8 with a byte-order mark, for spreadsheets)."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(RESULT_COLUMNS)
    for result in results:
        writer.writerow([_safe(cell) for cell in _result_cells(result)])


def write_results_xlsx(out, results):
    """The results as an XLSX workbook (text cells, so nothing is evaluated)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Check")
    sheet.append(list(RESULT_COLUMNS))
    for result in results:
        sheet.append(
            [_safe(cell) if isinstance(cell, str) else cell for cell in _result_cells(result)]
        )
    workbook.save(out)


def template_csv():
    """The template file: the header and two example rows."""
    return (
        "body,standard,country,date\r\n"
        "Example Certification Ltd,ISO 9001,GB,2025-03-01\r\n"
        "D-ZM-12345-01-00,ISO/IEC 27001,,\r\n"
    )


def template_xlsx():
    out = io.BytesIO()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Check")
    for line in template_csv().splitlines():
        sheet.append(line.split(","))
    workbook.save(out)
    return out.getvalue()
