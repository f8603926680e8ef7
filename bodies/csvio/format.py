r"""The bodies CSV format, a public contract shared by ``import_bodies`` and the exports.

UTF-8 (a byte-order mark is accepted on import), one header row, then one row per
accreditation, with these columns in this order::

    name,country,city,website,aliases,accreditation_body,accreditation_number,
    casco_standard,standards,iaf_codes,status,granted_on,valid_until,
    scope_document_url,last_verified_on,status_since

Files with the first 15 columns only (the format before ``status_since``) still import,
and so do files with the first 13 (the format before the two source columns): their
rows leave the scope document and verification date of the accreditations they update
as they are. The export always writes all columns.
Rows with the same ``name`` and ``country`` describe one body; a body without
accreditation is one row whose accreditation columns are empty. ``country`` is an
ISO 3166-1 alpha-2 code; ``aliases``, ``standards`` and ``iaf_codes`` are lists
separated by ``;``; ``accreditation_body`` is an accreditation body's acronym;
``casco_standard`` and ``standards`` are standard codes as written ("ISO/IEC 17021-1",
"ISO 9001"); ``status`` is active, suspended, withdrawn or expired; dates are
YYYY-MM-DD or empty; ``scope_document_url`` is the accreditation body's published
schedule or register entry (an http(s) address) and ``last_verified_on`` the day the
record was last checked against it. ``status_since`` is the effective date of the
status (``accreditation.timeline.status_since``; not before ``granted_on``, not in the
future): the import dates the event of a new or changed status by it
(``bodies.csvio.events``), and ignores it on a row whose status is unchanged. Cells are
stripped of surrounding white space on import.

Spreadsheet formula injection: spreadsheets evaluate a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return, and one that splits a cell on ``,``,
``;``, a tab or ``|`` (or is told to) evaluates each piece the same way. So the export
puts one single quote (``'=1+1``), which spreadsheets show as plain text, at the start
of the cell and after each of those separators wherever what follows is a formula
start: optional single quotes, optional spaces, then one of those characters
(``Berlin;=1+1`` becomes ``Berlin;'=1+1``, ``'=x`` becomes ``''=x``). The import
removes one single quote at exactly those places, so the round trip stays lossless:
export, import into an empty database and export again gives the same bytes.

Limits: a record (its physical lines together) may have at most ``MAX_RECORD_BYTES``
bytes and a cell at most ``MAX_CELL_CHARS`` characters. Reading stops at the first
longer record, so a file without line breaks is never held in memory whole.

``bodies.csvio.rows`` checks the cells of each record. Problem messages are in the
active language (the curator's, in the admin); column names and values are the format's.
"""

import codecs
import csv
import datetime
import itertools
import re
from typing import NamedTuple

from django.utils.translation import gettext, ngettext

from bodies.text import grouped

COLUMNS = (
    "name",
    "country",
    "city",
    "website",
    "aliases",
    "accreditation_body",
    "accreditation_number",
    "casco_standard",
    "standards",
    "iaf_codes",
    "status",
    "granted_on",
    "valid_until",
    "scope_document_url",
    "last_verified_on",
    "status_since",
)
# The columns of files written before the source columns were added; still read.
OLD_COLUMNS = COLUMNS[:13]
# The columns of files written before status_since was added; still read.
SOURCE_COLUMNS = COLUMNS[:15]
ACCREDITATION_COLUMNS = COLUMNS[5:]
REQUIRED_ACCREDITATION_COLUMNS = (
    "accreditation_body",
    "accreditation_number",
    "casco_standard",
    "status",
)
LIST_SEPARATOR = ";"
# The longest record (physical lines together, in bytes) and cell (in characters) read.
MAX_RECORD_BYTES = 64 * 1024
MAX_CELL_CHARS = 10_000
# The longest problem message kept: messages quote cells, which can be long.
MAX_MESSAGE_CHARS = 300

# A formula start: optional single quotes, optional spaces, then a character that makes
# a spreadsheet evaluate the cell. It counts at the start of a cell and after a separator.
_FORMULA_START = r"'*[ ]*[=+\-@\t\r]"
_FORMULA_CHARACTER = re.compile(r"[=+\-@\t\r]")
_NEUTRALISE = re.compile(rf"(^|[,;\t|])(?={_FORMULA_START})")
_RESTORE = re.compile(rf"(^|[,;\t|])'(?={_FORMULA_START})")


def neutralise(cell):
    """``cell`` made safe to open in a spreadsheet: one more quote before each formula start."""
    if _FORMULA_CHARACTER.search(cell) is None:
        return cell
    return _NEUTRALISE.sub(r"\1'", cell)


def restore(cell):
    """The value that ``neutralise`` turned into ``cell``."""
    if "'" not in cell:
        return cell
    return _RESTORE.sub(r"\1", cell)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def header_help():
    return gettext(
        "the first row must name these columns, in this order: %(columns)s "
        "(or the first 15 or 13 of them, as older files do)"
    ) % {"columns": ",".join(COLUMNS)}


def longer_than(limit, unit="characters"):
    """The problem of a cell or record longer than ``limit`` characters (or bytes)."""
    if unit == "bytes":
        return ngettext("longer than %(count)s byte", "longer than %(count)s bytes", limit) % {
            "count": grouped(limit)
        }
    return ngettext(
        "longer than %(count)s character", "longer than %(count)s characters", limit
    ) % {"count": grouped(limit)}


def format_row(**values):
    """One CSV record from column values: lists joined by ";", dates as YYYY-MM-DD."""
    return [neutralise(_cell(values.get(column))) for column in COLUMNS]


class RowError(NamedTuple):
    """A problem in the file: the line where its record starts, the column, a message."""

    line: int
    column: str | None
    message: str

    def __str__(self):
        if self.column:
            return gettext("line %(line)s, column %(column)s: %(message)s") % self._asdict()
        return gettext("line %(line)s: %(message)s") % self._asdict()


class FileFormatError(Exception):
    """The file cannot be read as this format at all (encoding, header, broken quoting)."""

    def __init__(self, line, message):
        super().__init__(message)
        self.error = RowError(line, None, message)


class _RecordTooLong(Exception):
    pass


class _Lines:
    """The physical lines of ``file``, decoded, each read with a bounded ``readline``.

    ``record_bytes`` adds up the lines of the record being read; ``read_records`` resets
    it at each record, and a record longer than ``MAX_RECORD_BYTES`` stops the reading.
    """

    def __init__(self, file, progress):
        self.file = file
        self.progress = progress
        self.record_bytes = 0

    def __iter__(self):
        # Reading physical lines ourselves keeps the line numbers right, reports an
        # encoding error at its line, and works for binary uploads and text files alike.
        file, limit = self.file, MAX_RECORD_BYTES + 1
        line = file.readline(limit)
        if isinstance(line, bytes):
            line = line.removeprefix(codecs.BOM_UTF8)
        else:
            line = line.removeprefix("\ufeff")
        number = 1
        while line:
            self.progress(len(line))
            self.record_bytes += len(line)
            if self.record_bytes > MAX_RECORD_BYTES:
                raise _RecordTooLong
            if isinstance(line, bytes):
                try:
                    line = line.decode("utf-8")
                except UnicodeDecodeError as exc:
                    message = gettext(
                        "the file is not UTF-8 text (byte %(byte)s on this line); save it as "
                        'UTF-8 ("CSV UTF-8" in spreadsheets) and import it again'
                    ) % {"byte": f"0x{line[exc.start]:02X}"}
                    raise FileFormatError(number, message) from None
            yield line
            line = file.readline(limit)
            number += 1


def guess_delimiter(header_line):
    """ ";" for a header separated by semicolons (as European spreadsheets save CSV), else ","."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_records(file, progress=lambda size: None, on_delimiter=None, on_columns=None):
    """Yield ``(line, cells)`` for each record after the header; raise ``FileFormatError``.

    The delimiter is "," unless the header is separated by semicolons; ``on_delimiter``
    is then called with ";" so the import can say it guessed. ``on_columns`` is called
    with the columns the header names (``COLUMNS``, ``SOURCE_COLUMNS`` or ``OLD_COLUMNS``).

    ``file`` is a binary (or text) file object; ``line`` is the physical line where the
    record starts, even after quoted cells with line breaks. ``progress`` is called with
    the size of each physical line read. A record longer than ``MAX_RECORD_BYTES`` ends
    the reading with a ``FileFormatError``; nothing longer is ever read into memory.
    """
    lines = _Lines(file, progress)
    physical = iter(lines)
    start = 1
    try:
        first = next(physical, None)
        delimiter = guess_delimiter(first or "")
        if delimiter != "," and on_delimiter is not None:
            on_delimiter(delimiter)
        reader = csv.reader(
            itertools.chain([first] if first is not None else [], physical),
            delimiter=delimiter,
            strict=True,
        )
        header = next(reader, None)
        if header is None:
            raise FileFormatError(
                1, gettext("the file is empty; %(help)s") % {"help": header_help()}
            )
        columns = tuple(cell.strip().lower() for cell in header)
        if columns not in (COLUMNS, SOURCE_COLUMNS, OLD_COLUMNS):
            raise FileFormatError(1, gettext("wrong header; %(help)s") % {"help": header_help()})
        if on_columns is not None:
            on_columns(columns)
        start = reader.line_num + 1
        lines.record_bytes = 0
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
            lines.record_bytes = 0
    except _RecordTooLong:
        message = gettext(
            "this record is %(longer)s, which no valid record is (a quoted cell that is "
            "never closed, or a file that is not CSV?); nothing after it was read"
        ) % {"longer": longer_than(MAX_RECORD_BYTES, "bytes")}
        raise FileFormatError(start, message) from None
    except csv.Error as exc:
        if str(exc) == "unexpected end of data":
            message = gettext("a quoted cell starting in this record is never closed")
        else:
            message = gettext("cannot read this record as CSV (%(error)s)") % {"error": exc}
        raise FileFormatError(start, message) from None
