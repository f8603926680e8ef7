"""CSV export of bodies in the import format (columns and escaping in ``bodies.csvio.format``).

Output is deterministic: bodies by name, country and pk; a body's accreditations by
accreditation body acronym and number; standards by code, IAF codes by number and
aliases in stored order. ``status_since`` comes from the accreditation's events
(``accreditation.timeline.status_since``). Any piece of a cell that a spreadsheet would
evaluate as a formula, at the cell's start or after a separator (``Berlin;=1+1``), is
neutralised with a single quote, which the import removes again.
"""

import csv
import itertools
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from accreditation.events import AccreditationEvent
from accreditation.models import Accreditation, AccreditationSector, AccreditationStandard
from accreditation.timeline import STATUS_AFTER, status_since
from bodies.csvio.format import COLUMNS, format_row

CHUNK_SIZE = 500


# A UTF-8 byte-order mark first, so spreadsheet programs read "ł" and "ü" as UTF-8; the
# import skips it, so an export imports and exports again byte for byte.
BOM = "\ufeff"


def write_bodies_csv(out, bodies):
    """Write ``bodies`` (any CertificationBody queryset) as CSV to the text stream ``out``.

    Open files with ``newline=""``; a streaming response can use ``bodies_csv_rows``.
    """
    csv.writer(out).writerows(bodies_csv_rows(bodies))


def bodies_csv_rows(bodies):
    """Yield the header, then the CSV records of ``bodies`` in their order (by name, country
    and pk unless ordered), a fixed number of queries a chunk."""
    yield [BOM + COLUMNS[0], *COLUMNS[1:]]
    if not bodies.query.order_by:
        bodies = bodies.order_by("name", "country", "pk")
    selected = bodies.only("name", "country", "city", "website", "aliases")
    # A server-side cursor on PostgreSQL: the whole directory is never in memory at once.
    iterator = selected.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
        yield from _rows(chunk)


def _scope(model, column, body_pks):
    scope = defaultdict(list)
    rows = (
        model.objects.filter(accreditation__body_id__in=body_pks)
        .order_by()
        .values_list("accreditation_id", column)
    )
    for accreditation_pk, value in rows:
        scope[accreditation_pk].append(value)
    return scope


def _status_events(body_pks):
    """Per accreditation, its status events, for ``status_since``."""
    events = defaultdict(list)
    rows = (
        AccreditationEvent.objects.filter(
            accreditation__body_id__in=body_pks, kind__in=list(STATUS_AFTER)
        )
        .order_by()
        .values_list("accreditation_id", "kind", "effective_on", "recorded_at", "pk")
    )
    for accreditation_pk, *event in rows:
        events[accreditation_pk].append(event)
    return events


def _rows(bodies):
    """The CSV records of a chunk of bodies, in four queries."""
    pks = [body.pk for body in bodies]
    accreditations = defaultdict(list)
    rows = (
        Accreditation.objects.filter(body_id__in=pks)
        .order_by()
        .values_list(
            "pk",
            "body_id",
            "accreditation_body__acronym",
            "number",
            "casco_standard__code",
            "status",
            "granted_on",
            "valid_until",
            "scope_document_url",
            "last_verified_on",
        )
    )
    for row in rows:
        accreditations[row[1]].append(row)
    standards = _scope(AccreditationStandard, "standard__code", pks)
    sectors = _scope(AccreditationSector, "sector__code", pks)
    events = _status_events(pks)
    for body in bodies:
        cells = {
            "name": body.name,
            "country": body.country.code,
            "city": body.city,
            "website": body.website,
            "aliases": body.alias_list,
        }
        if not accreditations[body.pk]:
            yield format_row(**cells)
        for pk, _, acronym, number, casco, status, granted_on, valid_until, url, verified in sorted(
            accreditations[body.pk], key=lambda row: (row[2], row[3])
        ):
            yield format_row(
                **cells,
                accreditation_body=acronym,
                accreditation_number=number,
                casco_standard=casco,
                standards=sorted(standards[pk]),
                iaf_codes=sorted(sectors[pk]),
                status=status,
                granted_on=granted_on,
                valid_until=valid_until,
                scope_document_url=url,
                last_verified_on=verified,
                status_since=status_since(events[pk], status, granted_on),
            )


def write_bodies_xlsx(out, bodies):
    """Write ``bodies`` as an .xlsx workbook (the CSV's columns and cells) to binary ``out``.

    A header row in bold, frozen above the rows. Every cell is text, as in the CSV, with
    the CSV's neutralisation of cells a spreadsheet would run as a formula.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Bodies")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    rows = bodies_csv_rows(bodies)
    header = next(rows)
    header[0] = header[0].removeprefix(BOM)
    sheet.append([_text_cell(sheet, value, bold) for value in header])
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row])
    workbook.save(out)


def _text_cell(sheet, value, font=None):
    # format_row has neutralised every cell that starts like a formula, so openpyxl keeps
    # each value as text (it reads only a leading "=" as a formula).
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    return cell
