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
"""

import codecs
import csv
import datetime
import itertools
import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django_countries import countries

from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    SectorCode,
    Standard,
)
from bodies.models import CertificationBody

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
HEADER_HELP = (
    "the first row must name these columns, in this order: "
    + ",".join(COLUMNS)
    + " (or the first 15 or 13 of them, as older files do)"
)

# A formula start: optional single quotes, optional spaces, then a character that makes
# a spreadsheet evaluate the cell. It counts at the start of a cell and after a separator.
_FORMULA_START = r"'*[ ]*[=+\-@\t\r]"
_FORMULA_CHARACTER = re.compile(r"[=+\-@\t\r]")
_NEUTRALISE = re.compile(rf"(^|[,;\t|])(?={_FORMULA_START})")
_RESTORE = re.compile(rf"(^|[,;\t|])'(?={_FORMULA_START})")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]+")
_url_validator = URLValidator(schemes=["http", "https"])
_STATUSES = frozenset(AccreditationStatus.values)


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


def format_row(**values):
    """One CSV record from column values: lists joined by ";", dates as YYYY-MM-DD."""
    return [neutralise(_cell(values.get(column))) for column in COLUMNS]


class RowError(NamedTuple):
    """A problem in the file: the line where its record starts, the column, a message."""

    line: int
    column: str | None
    message: str

    def __str__(self):
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


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
                    raise FileFormatError(
                        number,
                        f"the file is not UTF-8 text (byte 0x{line[exc.start]:02X} on this "
                        'line); save it as UTF-8 ("CSV UTF-8" in spreadsheets) and import it again',
                    ) from None
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
            raise FileFormatError(1, f"the file is empty; {HEADER_HELP}")
        columns = tuple(cell.strip().lower() for cell in header)
        if columns not in (COLUMNS, SOURCE_COLUMNS, OLD_COLUMNS):
            raise FileFormatError(1, f"wrong header; {HEADER_HELP}")
        if on_columns is not None:
            on_columns(columns)
        start = reader.line_num + 1
        lines.record_bytes = 0
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
            lines.record_bytes = 0
    except _RecordTooLong:
        raise FileFormatError(
            start,
            f"this record is longer than {MAX_RECORD_BYTES:,} bytes, which no valid record "
            "is (a quoted cell that is never closed, or a file that is not CSV?); "
            "nothing after it was read",
        ) from None
    except csv.Error as exc:
        if str(exc) == "unexpected end of data":
            message = "a quoted cell starting in this record is never closed"
        else:
            message = f"cannot read this record as CSV ({exc})"
        raise FileFormatError(start, message) from None


class AccreditationRow(NamedTuple):
    """The accreditation columns of a valid record, as pks and values ready to write."""

    accreditation_body_id: int
    number: str
    casco_standard_id: int
    standard_ids: tuple
    sector_ids: tuple
    status: str
    granted_on: datetime.date | None
    valid_until: datetime.date | None
    scope_document_url: str
    last_verified_on: datetime.date | None
    # False for a file without those two columns: the import leaves them as stored.
    sources_given: bool
    # Empty, or a file without the column: see ``bodies.csvio.events``.
    status_since: datetime.date | None = None


class Row(NamedTuple):
    """One parsed record; a field is None where its cell was invalid."""

    name: str | None
    country: str | None
    city: str | None
    website: str | None
    aliases: tuple | None
    accreditation_key: tuple | None
    accreditation: AccreditationRow | None


def clip(message):
    """``message`` cut to ``MAX_MESSAGE_CHARS``: a message may quote a long cell."""
    if len(message) <= MAX_MESSAGE_CHARS:
        return message
    return message[: MAX_MESSAGE_CHARS - 1] + "…"


def split_list(cell):
    """The non-empty, stripped items of a ``;``-separated cell."""
    return [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]


def parse_date(cell):
    """A YYYY-MM-DD date, or None for an empty cell."""
    if not cell:
        return None
    try:
        if _ISO_DATE.fullmatch(cell):
            return datetime.date.fromisoformat(cell)
    except ValueError:
        pass
    raise ValueError(f"{cell!r} is not a date in the form YYYY-MM-DD")


def _standard_key(code):
    return " ".join(code.split()).upper()


def _max_length(model, field):
    return model._meta.get_field(field).max_length


class RowParser:
    """Turns the cells of one record into a ``Row`` and the problems found in it.

    Reference data (accreditation bodies, standards, IAF sectors) is loaded once, so
    parsing a row runs no query.
    """

    def __init__(self):
        self.accreditation_bodies = {
            acronym.lower(): (pk, acronym)
            for pk, acronym in AccreditationBody.objects.values_list("pk", "acronym")
        }
        self.standards = {
            _standard_key(code): (pk, code, kind)
            for pk, code, kind in Standard.objects.values_list("pk", "code", "kind")
        }
        self.sectors = dict(SectorCode.objects.values_list("code", "pk"))
        self.countries = frozenset(code for code, _ in countries)
        self.acronyms = dict(self.accreditation_bodies.values())
        # Many rows share a scope or a date: keep one copy of each.
        self._shared = {}
        # A body's rows usually follow each other: check its web address once.
        self._valid_website = None
        self.columns = COLUMNS
        self.today = timezone.localdate()

    def use_columns(self, columns):
        """Parse records of a file whose header names ``columns`` (see ``read_records``)."""
        self.columns = columns

    def _share(self, value):
        return self._shared.setdefault(value, value)

    def parse(self, cells):
        """``(row, problems)`` for one record; ``problems`` is a list of (column, message)."""
        if len(cells) != len(self.columns):
            return None, [(None, f"expected {len(self.columns)} columns, found {len(cells)}")]
        # The columns an older file lacks read as empty; ``sources_given`` says so.
        cells = [*cells, *[""] * (len(COLUMNS) - len(cells))]
        # PostgreSQL refuses NUL characters in text; no real name or number has one.
        with_nul = [column for column, value in zip(COLUMNS, cells, strict=True) if "\x00" in value]
        if with_nul:
            return None, [(column, "contains a NUL character") for column in with_nul]
        too_long = [
            column
            for column, value in zip(COLUMNS, cells, strict=True)
            if len(value) > MAX_CELL_CHARS
        ]
        if too_long:
            message = f"longer than {MAX_CELL_CHARS:,} characters"
            return None, [(column, message) for column in too_long]
        cell = {
            column: restore(value.strip()) for column, value in zip(COLUMNS, cells, strict=True)
        }
        problems = []

        def check(column, parse):
            try:
                return parse(cell[column])
            except ValueError as exc:
                problems.append((column, clip(str(exc))))
                return None

        name = check("name", self.name)
        country = check("country", self.country)
        city = check("city", self.city)
        website = check("website", self.website)
        aliases = check("aliases", self.aliases)

        filled = [column for column in ACCREDITATION_COLUMNS if cell[column]]
        if not filled:
            return Row(name, country, city, website, aliases, None, None), problems
        for column in REQUIRED_ACCREDITATION_COLUMNS:
            if not cell[column]:
                problems.append(
                    (
                        column,
                        "missing: an accreditation needs "
                        + ", ".join(REQUIRED_ACCREDITATION_COLUMNS)
                        + f" (this row fills {', '.join(filled)})",
                    )
                )
        values = {
            column: check(column, parse) if cell[column] else None
            for column, parse in (
                ("accreditation_body", self.accreditation_body),
                ("accreditation_number", self.accreditation_number),
                ("casco_standard", self.casco_standard),
                ("standards", self.scope_standards),
                ("iaf_codes", self.iaf_codes),
                ("status", self.status),
                ("granted_on", parse_date),
                ("valid_until", parse_date),
                ("scope_document_url", self.scope_document_url),
                ("last_verified_on", parse_date),
                ("status_since", parse_date),
            )
        }
        granted_on, valid_until = values["granted_on"], values["valid_until"]
        if granted_on and valid_until and valid_until < granted_on:
            problems.append(("valid_until", f"{valid_until} is before granted_on {granted_on}"))
        since = values["status_since"]
        if since and granted_on and since < granted_on:
            problems.append(("status_since", f"{since} is before granted_on {granted_on}"))
        if since and since > self.today:
            problems.append(("status_since", f"{since} is in the future"))
        key = None
        if values["accreditation_body"] and values["accreditation_number"]:
            key = (values["accreditation_body"], values["accreditation_number"])
        accreditation = None
        if all(values[column] for column in REQUIRED_ACCREDITATION_COLUMNS):
            accreditation = AccreditationRow(
                *key,
                values["casco_standard"],
                values["standards"] or (),
                values["iaf_codes"] or (),
                values["status"],
                granted_on and self._share(granted_on),
                valid_until and self._share(valid_until),
                values["scope_document_url"] or "",
                values["last_verified_on"] and self._share(values["last_verified_on"]),
                self.columns != OLD_COLUMNS,
                since and self._share(since),
            )
        return Row(name, country, city, website, aliases, key, accreditation), problems

    @staticmethod
    def _text(value, field):
        limit = _max_length(CertificationBody, field)
        if len(value) > limit:
            raise ValueError(f"longer than {limit} characters")
        return value

    def name(self, value):
        if not value:
            raise ValueError("missing: every row needs the body's name")
        return self._text(value, "name")

    def country(self, value):
        code = value.upper()
        if code not in self.countries:
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
        return self._share(code)

    def city(self, value):
        return self._share(self._text(value, "city"))

    def website(self, value):
        if value and value != self._valid_website:
            self._text(value, "website")
            try:
                _url_validator(value)
            except ValidationError:
                raise ValueError(
                    f"{value!r} is not a web address (http:// or https://...)"
                ) from None
            self._valid_website = value
        return value

    def aliases(self, value):
        names = split_list(value)
        if any("\n" in name or "\r" in name for name in names):
            raise ValueError("an alias cannot contain a line break; separate aliases with ';'")
        return tuple(names)

    def accreditation_body(self, value):
        try:
            return self.accreditation_bodies[value.lower()][0]
        except KeyError:
            # Organisations outside IAF and ILAC are taken only once a curator has
            # recorded them, with a source, in the admin.
            raise ValueError(
                f"unknown accreditation body {value!r}; a curator can add it in the admin "
                "(with the source for an organisation outside IAF and ILAC)"
            ) from None

    def scope_document_url(self, value):
        limit = _max_length(Accreditation, "scope_document_url")
        if len(value) > limit:
            raise ValueError(f"longer than {limit} characters")
        try:
            _url_validator(value)
        except ValidationError:
            raise ValueError(f"{value!r} is not an http:// or https:// address") from None
        return value

    def accreditation_number(self, value):
        limit = _max_length(Accreditation, "number")
        if len(value) > limit:
            raise ValueError(f"longer than {limit} characters")
        return value

    def _standard(self, code):
        try:
            return self.standards[_standard_key(code)]
        except KeyError:
            raise ValueError(f"unknown standard {code!r}") from None

    def casco_standard(self, value):
        pk, code, kind = self._standard(value)
        if kind != Standard.Kind.CASCO:
            raise ValueError(
                f"{code} is a certifiable standard, not a CASCO standard; list it under standards"
            )
        return pk

    def scope_standards(self, value):
        pks, bad = set(), []
        for item in split_list(value):
            try:
                pk, code, kind = self._standard(item)
            except ValueError as exc:
                bad.append(str(exc))
                continue
            if kind == Standard.Kind.CASCO:
                bad.append(
                    f"{code} is a CASCO standard, not a certifiable one; put it in casco_standard"
                )
            pks.add(pk)
        if bad:
            raise ValueError("; ".join(bad))
        return self._share(tuple(sorted(pks)))

    def iaf_codes(self, value):
        pks, bad = set(), []
        for item in split_list(value):
            code = int(item) if _DIGITS.fullmatch(item) else None
            if code in self.sectors:
                pks.add(self.sectors[code])
            else:
                bad.append(repr(item))
        if bad:
            raise ValueError(f"not an IAF sector code (1 to 39): {', '.join(bad)}")
        return self._share(tuple(sorted(pks)))

    def status(self, value):
        status = value.lower()
        if status not in _STATUSES:
            raise ValueError(
                f"{value!r} is not a status; use one of {', '.join(AccreditationStatus.values)}"
            )
        return self._share(status)
