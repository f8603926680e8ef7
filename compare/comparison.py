"""Bodies side by side: which bodies a query names, and the rows that set them against each other.

A comparison reads its bodies in one prefetching query set (four queries whatever the
number of bodies and accreditations) and judges each standard with the body page's own
verdicts (``bodies.verdicts``), so a cell never says something the body's page does not.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from accreditation.models import AccreditationStatus, Signatory
from bodies.csvio.exporter import BOM
from bodies.csvio.format import neutralise
from bodies.models import CertificationBody
from bodies.verdicts import arrangement, natural_key, verdicts_by_standard
from search.criteria import Ignored

PARAM = "body"
MIN_BODIES = 2
MAX_BODIES = 4
# Values read from one query string; the rest are counted, never looked up.
MAX_VALUES = 20
SHOWN_LENGTH = 60
SLUG_MAX_LENGTH = CertificationBody._meta.get_field("slug").max_length


def _shown(value):
    return value if len(value) <= SHOWN_LENGTH else value[: SHOWN_LENGTH - 1] + "…"


def _is_slug(value):
    return (
        0 < len(value) <= SLUG_MAX_LENGTH
        and value.isascii()
        and all(c.isalnum() or c in "-_" for c in value)
    )


@dataclass(frozen=True)
class Selection:
    """The slugs a query string asks to compare, in its order, and what it left out.

    Parsed without the database: the canonical ``slugs`` key the page cache, and
    ``CompareQuery.bodies`` finds which of them exist.
    """

    slugs: tuple
    ignored: tuple = ()
    ignored_more: int = 0

    @classmethod
    def parse(cls, values):
        slugs, ignored = [], []
        for raw in values[:MAX_VALUES]:
            value = raw.strip().lower()
            if value in slugs:
                ignored.append(Ignored(PARAM, _shown(raw), _("already in the comparison")))
            elif _is_slug(value):
                slugs.append(value)
            else:
                ignored.append(Ignored(PARAM, _shown(raw), _("not a body's address")))
        return cls(tuple(slugs), tuple(ignored), max(len(values) - MAX_VALUES, 0))

    def cache_key(self):
        return (
            "\x1f".join(self.slugs)
            + f"\x1e{len(self.ignored)}:{self.ignored_more}"
            + "".join(f"\x1f{item.value}\x1d{item.reason}" for item in self.ignored)
        )


def compare_url(slugs):
    """The comparison of ``slugs`` (a path and query string)."""
    query = urlencode([(PARAM, slug) for slug in slugs])
    return f"{reverse('compare:page')}?{query}" if query else reverse("compare:page")


def find_bodies(selection):
    """(the bodies compared, in the query's order; the values left out, and why)."""
    found = (
        CertificationBody.objects.filter(slug__in=selection.slugs)
        .for_detail()
        .in_bulk(field_name="slug")
    )
    bodies, ignored = [], list(selection.ignored)
    for slug in selection.slugs:
        body = found.get(slug)
        if body is None:
            ignored.append(Ignored(PARAM, slug, _("no body has this address")))
        elif len(bodies) >= MAX_BODIES:
            ignored.append(
                Ignored(
                    PARAM,
                    slug,
                    _("at most %(count)d bodies can be compared at once") % {"count": MAX_BODIES},
                )
            )
        else:
            bodies.append(body)
    return bodies, ignored


@dataclass(frozen=True)
class Cell:
    """One body's verdict on one standard: None when it is not accredited for it at all."""

    verdict: object = None

    @property
    def status(self):
        return self.verdict.status if self.verdict else None

    @property
    def status_label(self):
        return str(AccreditationStatus(self.status).label) if self.verdict else ""

    @property
    def accreditation(self):
        return self.verdict.accreditation if self.verdict else None

    @property
    def arrangement(self):
        """("IAF MLA", signatory status for this standard's scope)."""
        return arrangement(self.verdict) if self.verdict else (None, None)

    @property
    def recognition(self):
        """ "Recognised under the IAF MLA", or the honest alternative."""
        name, status = self.arrangement
        if name is None:
            return ""
        if self.verdict.standing.not_member:
            return _("Not recognised: not a member of IAF or ILAC")
        if status == Signatory.YES:
            return _("Recognised under the %(name)s") % {"name": name}
        if status == Signatory.NO:
            return _("Not recognised under the %(name)s") % {"name": name}
        return _("%(name)s recognition not confirmed") % {"name": name}

    @property
    def valid_until(self):
        return self.verdict.accreditation.valid_until if self.verdict else None

    def key(self):
        """What makes two cells the same to a reader choosing between bodies."""
        return (self.status, self.arrangement[1])

    def text(self):
        """The cell in one line of plain text (the CSV's)."""
        if self.verdict is None:
            return pgettext("verdict", "Not accredited")
        accreditation = self.verdict.accreditation
        parts = [
            self.status_label,
            accreditation.accreditation_body.acronym,
            self.recognition,
        ]
        if accreditation.valid_until:
            parts.append(
                _("valid until %(date)s") % {"date": accreditation.valid_until.isoformat()}
            )
        return "; ".join(parts)


@dataclass(frozen=True)
class StandardRow:
    code: str
    cells: tuple
    everyone: bool  # every body compared is accredited for it, whatever the status

    @property
    def differs(self):
        return len({cell.key() for cell in self.cells}) > 1


@dataclass(frozen=True)
class FactRow:
    """A row of short values per body (CASCO standards, sectors ...); an empty list is "none"."""

    label: str
    values: tuple  # one tuple of strings per body
    empty: str = gettext_lazy("None")

    @property
    def differs(self):
        return len({frozenset(value) for value in self.values}) > 1

    def texts(self):
        return ["; ".join(value) or str(self.empty) for value in self.values]


@dataclass
class Column:
    body: object
    remove_url: str
    verdicts: dict = field(repr=False)


def _casco_subject(verdict, code):
    return code == verdict.accreditation.casco_standard.code


def _day(value):
    return date_format(value, "DATE_FORMAT")


class Comparison:
    """The rows of a comparison of ``bodies`` (prefetched with ``for_detail()``), today,
    judged with ``recognitions`` (``accreditation.recognition.Recognitions``)."""

    def __init__(self, bodies, today, recognitions):
        self.today = today
        self.columns = [
            Column(
                body,
                compare_url([b.slug for b in bodies if b is not body]),
                verdicts_by_standard(body, today, recognitions),
            )
            for body in bodies
        ]

    @property
    def bodies(self):
        return [column.body for column in self.columns]

    @property
    def slugs(self):
        return [column.body.slug for column in self.columns]

    @property
    def url(self):
        """This comparison's canonical address: its bodies, without what was ignored."""
        return compare_url(self.slugs)

    @property
    def csv_url(self):
        return compare_url(self.slugs) + "&format=csv"

    def standard_rows(self):
        """One row per certifiable standard any body is accredited for: those every body
        covers first, then by code ("ISO 9001" before "ISO 14001")."""
        codes = {
            code
            for column in self.columns
            for code, verdict in column.verdicts.items()
            if not _casco_subject(verdict, code)
        }
        rows = [
            StandardRow(
                code,
                cells := tuple(Cell(column.verdicts.get(code)) for column in self.columns),
                all(cell.verdict is not None for cell in cells),
            )
            for code in codes
        ]
        return sorted(rows, key=lambda row: (not row.everyone, natural_key(row.code)))

    def fact_rows(self):
        """The rows after the standards: CASCO standards, IAF sectors, accreditation
        bodies and when the records were last verified."""
        casco, sectors, abs_, verified = [], [], [], []
        for column in self.columns:
            accreditations = list(column.body.accreditations.all())
            casco.append(sorted({a.casco_standard.code for a in accreditations}, key=natural_key))
            codes = sorted({s.code for a in accreditations for s in a.sectors.all()})
            sectors.append([f"IAF {code}" for code in codes])
            abs_.append(sorted({a.accreditation_body.acronym for a in accreditations}))
            dates = [a.last_verified_on for a in accreditations if a.last_verified_on]
            verified.append([_day(max(dates))] if dates else [])
        return [
            FactRow(_("CASCO standards"), tuple(map(tuple, casco))),
            FactRow(_("IAF sectors in scope"), tuple(map(tuple, sectors))),
            FactRow(_("Accreditation bodies"), tuple(map(tuple, abs_))),
            FactRow(_("Last verified"), tuple(map(tuple, verified)), _("Not on record")),
        ]

    def place_row(self):
        return FactRow(
            _("Country and city"),
            tuple(
                tuple(filter(None, [column.body.city, column.body.country.name]))
                for column in self.columns
            ),
        )


def csv_rows(comparison, absolute_url):
    """The comparison as CSV rows: a header of body names, then one row per page row.

    Cells a spreadsheet would run as a formula are neutralised as in the bodies' export.
    """
    rows = [
        [BOM + "Row", *(body.name for body in comparison.bodies)],
        ["Page", *(absolute_url(body.get_absolute_url()) for body in comparison.bodies)],
        ["Website", *(body.website for body in comparison.bodies)],
        [comparison.place_row().label, *comparison.place_row().texts()],
    ]
    for row in comparison.standard_rows():
        rows.append([row.code, *(cell.text() for cell in row.cells)])
    for row in comparison.fact_rows():
        rows.append([row.label, *row.texts()])
    return [[neutralise(cell) for cell in row] for row in rows]
