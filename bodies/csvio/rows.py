"""The cells of one record of the bodies CSV format (``bodies.csvio.format``), checked.

``RowParser.parse`` turns a record into a ``Row`` of values ready to write and the
problems found in it, as messages in the active language (the curator's, in the admin).
"""

import datetime
import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext
from django_countries import countries

from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    SectorCode,
    Standard,
)
from bodies.csvio.format import (
    ACCREDITATION_COLUMNS,
    COLUMNS,
    LIST_SEPARATOR,
    MAX_CELL_CHARS,
    MAX_MESSAGE_CHARS,
    OLD_COLUMNS,
    REQUIRED_ACCREDITATION_COLUMNS,
    longer_than,
    restore,
)
from bodies.models import CertificationBody

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]+")
_url_validator = URLValidator(schemes=["http", "https"])
_STATUSES = frozenset(AccreditationStatus.values)


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
    raise ValueError(
        gettext("%(value)s is not a date in the form YYYY-MM-DD") % {"value": repr(cell)}
    )


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
            expected = {"expected": len(self.columns), "found": len(cells)}
            return None, [
                (None, gettext("expected %(expected)s columns, found %(found)s") % expected)
            ]
        # The columns an older file lacks read as empty; ``sources_given`` says so.
        cells = [*cells, *[""] * (len(COLUMNS) - len(cells))]
        # PostgreSQL refuses NUL characters in text; no real name or number has one.
        with_nul = [column for column, value in zip(COLUMNS, cells, strict=True) if "\x00" in value]
        if with_nul:
            return None, [(column, gettext("contains a NUL character")) for column in with_nul]
        too_long = [
            column
            for column, value in zip(COLUMNS, cells, strict=True)
            if len(value) > MAX_CELL_CHARS
        ]
        if too_long:
            message = longer_than(MAX_CELL_CHARS)
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
        missing = [column for column in REQUIRED_ACCREDITATION_COLUMNS if not cell[column]]
        if missing:
            message = gettext(
                "missing: an accreditation needs %(required)s (this row fills %(filled)s)"
            ) % {"required": ", ".join(REQUIRED_ACCREDITATION_COLUMNS), "filled": ", ".join(filled)}
            problems += [(column, message) for column in missing]
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
        before = gettext("%(date)s is before granted_on %(granted_on)s")
        if granted_on and valid_until and valid_until < granted_on:
            problems.append(
                ("valid_until", before % {"date": valid_until, "granted_on": granted_on})
            )
        since = values["status_since"]
        if since and granted_on and since < granted_on:
            problems.append(("status_since", before % {"date": since, "granted_on": granted_on}))
        if since and since > self.today:
            problems.append(
                ("status_since", gettext("%(date)s is in the future") % {"date": since})
            )
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
            raise ValueError(longer_than(limit))
        return value

    def name(self, value):
        if not value:
            raise ValueError(gettext("missing: every row needs the body's name"))
        return self._text(value, "name")

    def country(self, value):
        code = value.upper()
        if code not in self.countries:
            raise ValueError(
                gettext("%(value)s is not an ISO 3166-1 alpha-2 country code")
                % {"value": repr(value)}
            )
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
                    gettext("%(value)s is not a web address (http:// or https://...)")
                    % {"value": repr(value)}
                ) from None
            self._valid_website = value
        return value

    def aliases(self, value):
        names = split_list(value)
        if any("\n" in name or "\r" in name for name in names):
            raise ValueError(
                gettext("an alias cannot contain a line break; separate aliases with ';'")
            )
        return tuple(names)

    def accreditation_body(self, value):
        try:
            return self.accreditation_bodies[value.lower()][0]
        except KeyError:
            # Organisations outside IAF and ILAC are taken only once a curator has
            # recorded them, with a source, in the admin.
            raise ValueError(
                gettext(
                    "unknown accreditation body %(value)s; a curator can add it in the admin "
                    "(with the source for an organisation outside IAF and ILAC)"
                )
                % {"value": repr(value)}
            ) from None

    def scope_document_url(self, value):
        limit = _max_length(Accreditation, "scope_document_url")
        if len(value) > limit:
            raise ValueError(longer_than(limit))
        try:
            _url_validator(value)
        except ValidationError:
            raise ValueError(
                gettext("%(value)s is not an http:// or https:// address") % {"value": repr(value)}
            ) from None
        return value

    def accreditation_number(self, value):
        limit = _max_length(Accreditation, "number")
        if len(value) > limit:
            raise ValueError(longer_than(limit))
        return value

    def _standard(self, code):
        try:
            return self.standards[_standard_key(code)]
        except KeyError:
            raise ValueError(gettext("unknown standard %(code)s") % {"code": repr(code)}) from None

    def casco_standard(self, value):
        pk, code, kind = self._standard(value)
        if kind != Standard.Kind.CASCO:
            raise ValueError(
                gettext(
                    "%(code)s is a certifiable standard, not a CASCO standard; "
                    "list it under standards"
                )
                % {"code": code}
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
                    gettext(
                        "%(code)s is a CASCO standard, not a certifiable one; "
                        "put it in casco_standard"
                    )
                    % {"code": code}
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
            raise ValueError(
                gettext("not an IAF sector code (1 to 39): %(values)s") % {"values": ", ".join(bad)}
            )
        return self._share(tuple(sorted(pks)))

    def status(self, value):
        status = value.lower()
        if status not in _STATUSES:
            raise ValueError(
                gettext("%(value)s is not a status; use one of %(statuses)s")
                % {"value": repr(value), "statuses": ", ".join(AccreditationStatus.values)}
            )
        return self._share(status)
