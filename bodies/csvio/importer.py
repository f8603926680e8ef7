"""The CSV import: check a whole file, then write all of it or nothing (format in ``format``).

``import_bodies_csv`` reads the file once, checking every row and keeping only compact
per-row data, and writes nothing if any row has a problem. A valid file is then written
in one transaction, in chunks: existing bodies and accreditations are looked up by
natural key (name and country; accreditation body and number), new ones are
bulk-created and changed ones bulk-updated, so rows that did not change keep their
``updated_at``. Bulk writes bypass ``CertificationBody.save()``, so ``search_text`` is
computed here, from the file and from the accreditations already in the database.

Every body and accreditation the import creates or changes gets a historical record
(django-simple-history), with the importing user and "import: FILE" as the reason,
written in bulk with the rows themselves; the import never deletes a body or an
accreditation.

``progress`` is a tqdm-like factory (``tqdm`` itself will do): it is called with
``total``, ``desc``, ``unit`` and ``unit_scale`` for each stage and must return an
object with ``update(n)`` and ``close()``.
"""

import itertools
import os
from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accreditation.models import (
    Accreditation,
    AccreditationSector,
    AccreditationStandard,
)
from bodies.csvio.format import FileFormatError, RowError, RowParser, read_records
from bodies.models import CertificationBody
from bodies.text import SlugAllocator
from certdir.history import record_bulk_history

CHUNK_SIZE = 500
# Bytes read between two progress bar updates, so the bar costs nothing per line.
PROGRESS_STEP = 1 << 16
# The accreditation columns an import compares and writes, besides the scope.
ACCREDITATION_FIELDS = ("body_id", "casco_standard_id", "status", "granted_on", "valid_until")


@dataclass
class ImportReport:
    """What an import found and did or, in a dry run, would do."""

    dry_run: bool = False
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    bodies_created: int = 0
    bodies_updated: int = 0
    bodies_unchanged: int = 0
    accreditations_created: int = 0
    accreditations_updated: int = 0
    accreditations_unchanged: int = 0

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        """The counts in one sentence per kind of record."""
        created, updated = ("to create", "to update") if self.dry_run else ("created", "updated")
        head = (
            f"Dry run, nothing written: {self.rows} valid rows."
            if self.dry_run
            else f"Imported {self.rows} rows."
        )
        return (
            f"{head} Bodies: {self.bodies_created} {created}, {self.bodies_updated} {updated}, "
            f"{self.bodies_unchanged} unchanged. Accreditations: {self.accreditations_created} "
            f"{created}, {self.accreditations_updated} {updated}, "
            f"{self.accreditations_unchanged} unchanged."
        )


class _NoProgress:
    def update(self, n=1):
        pass

    def close(self):
        pass


def chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _file_size(file):
    size = getattr(file, "size", None)  # Django's File and UploadedFile
    if size is None:
        try:
            size = os.fstat(file.fileno()).st_size
        except (AttributeError, OSError, ValueError):
            return None
    return size


class _BodyData:
    """A body as the file describes it, and the keys of its accreditations in the file."""

    __slots__ = ("aliases", "city", "line", "numbers", "website")

    def __init__(self, line, city, website, aliases):
        self.line = line
        self.city = city
        self.website = website
        self.aliases = aliases
        self.numbers = []


def _read(file, parser, report, progress):
    """Check every row; return the bodies and accreditations of the file by natural key."""
    bodies = {}
    accreditations = {}
    errors = report.errors
    bar = progress(total=_file_size(file), desc="Checking", unit="B", unit_scale=True)
    pending = 0

    def advance(size):
        nonlocal pending
        pending += size
        if pending >= PROGRESS_STEP:
            bar.update(pending)
            pending = 0

    try:
        for line, cells in read_records(file, advance):
            if not any(cell.strip() for cell in cells):
                continue
            report.rows += 1
            row, problems = parser.parse(cells)
            errors.extend(RowError(line, column, message) for column, message in problems)
            if row is None:
                continue
            key = body = None
            if row.name is not None and row.country is not None:
                key = (row.name, row.country)
                body = bodies.get(key)
                if body is None:
                    body = bodies[key] = _BodyData(line, row.city, row.website, row.aliases)
                else:
                    for column in ("city", "website", "aliases"):
                        first, this = getattr(body, column), getattr(row, column)
                        if first is not None and this is not None and first != this:
                            errors.append(
                                RowError(
                                    line,
                                    column,
                                    f"differs from line {body.line}, which has the same "
                                    "name and country (one body)",
                                )
                            )
            if row.accreditation_key is not None:
                first = accreditations.get(row.accreditation_key)
                if first is not None:
                    ab_id, number = row.accreditation_key
                    errors.append(
                        RowError(
                            line,
                            "accreditation_number",
                            f"duplicate: {parser.acronyms[ab_id]} {number} is already on "
                            f"line {first[0]}",
                        )
                    )
                else:
                    accreditations[row.accreditation_key] = (line, key, row.accreditation)
                    if body is not None:
                        body.numbers.append(row.accreditation_key)
    except FileFormatError as exc:
        errors.append(exc.error)
    finally:
        bar.update(pending)
        bar.close()
    return bodies, accreditations


class _Writer:
    """Compares the file with the database chunk by chunk and writes the differences."""

    def __init__(self, *, bodies, accreditations, acronyms, report, bar, user=None, reason=""):
        self.bodies = bodies
        self.accreditations = accreditations
        self.acronyms = acronyms
        self.report = report
        self.write = not report.dry_run
        self.bar = bar
        self.user = user
        self.reason = reason
        self.now = timezone.now()
        self.body_ids = {}  # body key -> pk (None for a body a dry run would create)
        self.donors = set()  # pks of bodies an accreditation moves away from
        self.slugs = None

    def run(self):
        self.write_bodies()
        self.write_accreditations()
        self.refresh_donors()

    def record_history(self, model, created, updated):
        """Historical records of the rows (pks) this chunk created and updated."""
        for pks, update in ((created, False), (updated, True)):
            if pks:
                record_bulk_history(
                    model, pks, update=update, user=self.user, reason=self.reason, date=self.now
                )

    def search_numbers(self, keys):
        """Accreditation numbers in the order ``CertificationBody.save()`` puts them."""
        return [number for _, number in sorted((self.acronyms[ab], n) for ab, n in keys)]

    def kept_keys(self, body_pks):
        """Per body, the keys of its accreditations in the database that the file leaves."""
        kept = defaultdict(list)
        rows = (
            Accreditation.objects.filter(body_id__in=body_pks)
            .order_by()
            .values_list("body_id", "accreditation_body_id", "number")
        )
        for body_pk, ab_id, number in rows:
            if (ab_id, number) not in self.accreditations:
                kept[body_pk].append((ab_id, number))
        return kept

    @staticmethod
    def same_words(text, other):
        # The database collation may order numbers differently from Python: a body
        # saved through save() must not count as changed only for that.
        return sorted(text.split()) == sorted(other.split())

    def write_bodies(self):
        report = self.report
        for chunk in chunks(self.bodies.items(), CHUNK_SIZE):
            wanted = dict(chunk)
            rows = (
                CertificationBody.objects.filter(name__in={name for name, _ in wanted})
                .order_by()
                .values_list("pk", "name", "country", "city", "website", "aliases", "search_text")
            )
            existing = {(row[1], row[2]): row for row in rows if (row[1], row[2]) in wanted}
            kept = self.kept_keys([row[0] for row in existing.values()])
            creates, updates = [], []
            for key, data in wanted.items():
                name, country = key
                aliases = "\n".join(data.aliases)
                if key not in existing:
                    body = CertificationBody(
                        name=name,
                        country=country,
                        city=data.city,
                        website=data.website,
                        aliases=aliases,
                    )
                    body.search_text = body.build_search_text(self.search_numbers(data.numbers))
                    creates.append((key, body))
                    continue
                pk, _, _, city, website, stored_aliases, search_text = existing[key]
                self.body_ids[key] = pk
                body = CertificationBody(
                    pk=pk,
                    name=name,
                    country=country,
                    city=data.city,
                    website=data.website,
                    aliases=stored_aliases,
                )
                changed = (city, website) != (data.city, data.website)
                if body.alias_list != list(data.aliases):
                    body.aliases = aliases
                    changed = True
                numbers = self.search_numbers([*kept[pk], *data.numbers])
                body.search_text = body.build_search_text(numbers)
                if changed or not self.same_words(body.search_text, search_text):
                    body.updated_at = self.now
                    updates.append(body)
                else:
                    report.bodies_unchanged += 1
            report.bodies_created += len(creates)
            report.bodies_updated += len(updates)
            if self.write:
                self.create_bodies(creates)
                CertificationBody.objects.bulk_update(
                    updates, ["city", "website", "aliases", "search_text", "updated_at"]
                )
                self.record_history(
                    CertificationBody, [body.pk for _, body in creates], [b.pk for b in updates]
                )
            else:
                self.body_ids.update((key, None) for key, _ in creates)
            self.bar.update(len(chunk))

    def create_bodies(self, creates):
        if not creates:
            return
        if self.slugs is None:
            self.slugs = SlugAllocator(
                CertificationBody.objects.values_list("slug", flat=True).iterator()
            )
        for (name, country), body in creates:
            body.slug = self.slugs.allocate(name, country)
        CertificationBody.objects.bulk_create([body for _, body in creates])
        self.body_ids.update((key, body.pk) for key, body in creates)

    def write_accreditations(self):
        report = self.report
        # Sorted by accreditation body, so each chunk queries a few (AB, number IN ...)
        # groups that the unique index on (accreditation_body, number) answers.
        for chunk in chunks(sorted(self.accreditations), CHUNK_SIZE):
            lookup = Q()
            for ab_id, group in itertools.groupby(chunk, key=itemgetter(0)):
                lookup |= Q(accreditation_body_id=ab_id, number__in=[n for _, n in group])
            existing = {
                (row[1], row[2]): row
                for row in Accreditation.objects.filter(lookup)
                .order_by()
                .values_list("pk", "accreditation_body_id", "number", *ACCREDITATION_FIELDS)
            }
            pks = [row[0] for row in existing.values()]
            old_standards = self.scope(AccreditationStandard, "standard_id", pks)
            old_sectors = self.scope(AccreditationSector, "sector_id", pks)
            creates, updates, removed_standards, removed_sectors = [], [], [], []
            new_standards, new_sectors = [], []
            for key in chunk:
                _, body_key, data = self.accreditations[key]
                body_id = self.body_ids[body_key]
                values = (
                    body_id,
                    data.casco_standard_id,
                    data.status,
                    data.granted_on,
                    data.valid_until,
                )
                fields = dict(zip(ACCREDITATION_FIELDS, values, strict=True))
                if key not in existing:
                    accreditation = Accreditation(
                        accreditation_body_id=data.accreditation_body_id,
                        number=data.number,
                        **fields,
                    )
                    creates.append((accreditation, data))
                    continue
                pk, _, _, *stored = existing[key]
                standards = old_standards.get(pk, {})
                sectors = old_sectors.get(pk, {})
                if (
                    tuple(stored) == values
                    and standards.keys() == set(data.standard_ids)
                    and sectors.keys() == set(data.sector_ids)
                ):
                    report.accreditations_unchanged += 1
                    continue
                if stored[0] != body_id:
                    self.donors.add(stored[0])
                updates.append(Accreditation(pk=pk, updated_at=self.now, **fields))
                removed_standards += [
                    row_pk for id_, row_pk in standards.items() if id_ not in data.standard_ids
                ]
                removed_sectors += [
                    row_pk for id_, row_pk in sectors.items() if id_ not in data.sector_ids
                ]
                new_standards += [
                    AccreditationStandard(accreditation_id=pk, standard_id=id_)
                    for id_ in data.standard_ids
                    if id_ not in standards
                ]
                new_sectors += [
                    AccreditationSector(accreditation_id=pk, sector_id=id_)
                    for id_ in data.sector_ids
                    if id_ not in sectors
                ]
            report.accreditations_created += len(creates)
            report.accreditations_updated += len(updates)
            if self.write:
                Accreditation.objects.bulk_create([accreditation for accreditation, _ in creates])
                for accreditation, data in creates:
                    new_standards += [
                        AccreditationStandard(accreditation_id=accreditation.pk, standard_id=id_)
                        for id_ in data.standard_ids
                    ]
                    new_sectors += [
                        AccreditationSector(accreditation_id=accreditation.pk, sector_id=id_)
                        for id_ in data.sector_ids
                    ]
                Accreditation.objects.bulk_update(updates, [*ACCREDITATION_FIELDS, "updated_at"])
                if removed_standards:
                    AccreditationStandard.objects.filter(pk__in=removed_standards).delete()
                if removed_sectors:
                    AccreditationSector.objects.filter(pk__in=removed_sectors).delete()
                AccreditationStandard.objects.bulk_create(new_standards)
                AccreditationSector.objects.bulk_create(new_sectors)
                self.record_history(
                    Accreditation, [a.pk for a, _ in creates], [a.pk for a in updates]
                )
            self.bar.update(len(chunk))

    @staticmethod
    def scope(model, column, accreditation_pks):
        """Per accreditation, its scope rows: {standard or sector pk: through row pk}."""
        scope = defaultdict(dict)
        rows = (
            model.objects.filter(accreditation_id__in=accreditation_pks)
            .order_by()
            .values_list("accreditation_id", column, "pk")
        )
        for accreditation_pk, target_pk, row_pk in rows:
            scope[accreditation_pk][target_pk] = row_pk
        return scope

    def refresh_donors(self):
        """Recompute search_text of bodies outside the file that lost an accreditation."""
        donors = sorted(self.donors - set(self.body_ids.values()))
        for chunk in chunks(donors, CHUNK_SIZE):
            kept = self.kept_keys(chunk)
            updates = []
            rows = CertificationBody.objects.filter(pk__in=chunk).values_list(
                "pk", "name", "aliases", "city", "search_text"
            )
            for pk, name, aliases, city, search_text in rows:
                body = CertificationBody(pk=pk, name=name, aliases=aliases, city=city)
                body.search_text = body.build_search_text(self.search_numbers(kept[pk]))
                if not self.same_words(body.search_text, search_text):
                    body.updated_at = self.now
                    updates.append(body)
            self.report.bodies_updated += len(updates)
            if self.write:
                CertificationBody.objects.bulk_update(updates, ["search_text", "updated_at"])
                self.record_history(CertificationBody, [], [body.pk for body in updates])


def import_bodies_csv(
    *, file, dry_run=False, progress=None, user=None, reason=None
) -> ImportReport:
    """Check a bodies CSV file, then write all of it in one transaction, or nothing on error.

    ``user`` and ``reason`` (by default "import: " and the file's name) go into the
    historical record of every body and accreditation the import writes.
    """
    if reason is None:
        name = getattr(file, "name", None)
        reason = f"import: {Path(name).name}" if isinstance(name, str) else "import"
    report = ImportReport(dry_run=dry_run)
    progress = progress or (lambda **kwargs: _NoProgress())
    parser = RowParser()
    bodies, accreditations = _read(file, parser, report, progress)
    if report.errors:
        return report
    bar = progress(
        total=len(bodies) + len(accreditations),
        desc="Comparing" if dry_run else "Writing",
        unit="records",
        unit_scale=False,
    )
    try:
        with transaction.atomic():
            _Writer(
                bodies=bodies,
                accreditations=accreditations,
                acronyms=parser.acronyms,
                report=report,
                bar=bar,
                user=user,
                reason=reason,
            ).run()
    finally:
        bar.close()
    return report
