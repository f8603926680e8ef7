"""The first half of an import: compare a checked file with the database, write nothing.

``plan_import`` reads the database chunk by chunk (bodies by name, accreditations by
accreditation body and number, their scope rows) and returns an ``ImportPlan``: what
to create, update and delete, as compact tuples that refer to the parsed file rather
than model instances, so a plan of 100,000 rows stays small. ``bodies.csvio.apply``
writes a plan; a dry run stops at the plan.

A plan is only right for the database it was made from: the import makes and applies
it in one transaction, after taking the import lock.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter

from django.db.models import Q
from django.utils import timezone

from accreditation.models import Accreditation, AccreditationSector, AccreditationStandard
from bodies.csvio.events import IMPORT_DAY, change_events
from bodies.models import CertificationBody

CHUNK_SIZE = 500
# The accreditation columns an import compares and writes, besides the scope.
ACCREDITATION_FIELDS = ("body_id", "casco_standard_id", "status", "granted_on", "valid_until")
# Compared and written only from a file that has their columns (``sources_given``).
SOURCE_FIELDS = ("scope_document_url", "last_verified_on")


def written_fields(data):
    """The accreditation fields a row of the file (an ``AccreditationRow``) writes."""
    return ACCREDITATION_FIELDS + SOURCE_FIELDS if data.sources_given else ACCREDITATION_FIELDS


def written_values(body_id, data):
    """The values of ``written_fields(data)`` for the accreditation in this row."""
    values = (body_id, data.casco_standard_id, data.status, data.granted_on, data.valid_until)
    if data.sources_given:
        values += (data.scope_document_url, data.last_verified_on)
    return values


def chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


@dataclass
class ImportPlan:
    """What an import writes. Keys are those of the parsed file:

    ``bodies`` maps (name, country) to the body's data in the file (``city``,
    ``website``, ``aliases``, ``numbers``); ``accreditations`` maps (accreditation body
    pk, number) to ``(line, body key, AccreditationRow)``.
    """

    bodies: dict
    accreditations: dict
    # Accreditation body pk -> acronym, for the order of numbers in search_text.
    acronyms: dict
    # Body key -> pk, for the bodies of the file the database already has.
    body_ids: dict = field(default_factory=dict)
    # Keys of the bodies to create (``new_body`` makes each from the file).
    new_bodies: list = field(default_factory=list)
    # (pk, city, website, aliases, search_text) of each body of the file to update.
    changed_bodies: list = field(default_factory=list)
    unchanged_bodies: int = 0
    # (pk, search_text) of bodies outside the file that lose an accreditation to it.
    donors: list = field(default_factory=list)
    # Keys of the accreditations to create (their scope comes with them).
    new_accreditations: list = field(default_factory=list)
    # (pk, key) of each accreditation to update.
    changed_accreditations: list = field(default_factory=list)
    unchanged_accreditations: int = 0
    # Scope rows of accreditations the database has: (accreditation pk, standard or
    # sector pk) to add, pks of AccreditationStandard or AccreditationSector rows to delete.
    added_standards: list = field(default_factory=list)
    removed_standards: list = field(default_factory=list)
    added_sectors: list = field(default_factory=list)
    removed_sectors: list = field(default_factory=list)
    # (pk, events.Planned) of the events of changed accreditations (``bodies.csvio.events``;
    # those of new ones come from their rows when they are written).
    events: list = field(default_factory=list)

    def new_body(self, key):
        """The unsaved body to create for ``key``, with its search_text (no slug yet)."""
        name, country = key
        data = self.bodies[key]
        body = CertificationBody(
            name=name,
            country=country,
            city=data.city,
            website=data.website,
            aliases="\n".join(data.aliases),
        )
        body.search_text = body.build_search_text(search_numbers(self.acronyms, data.numbers))
        return body

    def bodies_touched_at_most(self):
        """An upper bound of the bodies this plan writes: each record written touches one."""
        return sum(
            map(
                len,
                (
                    self.new_bodies,
                    self.changed_bodies,
                    self.donors,
                    self.new_accreditations,
                    self.changed_accreditations,
                    self.added_standards,
                    self.removed_standards,
                    self.added_sectors,
                    self.removed_sectors,
                ),
            )
        )

    def count(self, report):
        """Put the counts of this plan into ``report`` (an ``ImportReport``)."""
        report.bodies_created = len(self.new_bodies)
        report.bodies_updated = len(self.changed_bodies) + len(self.donors)
        report.bodies_unchanged = self.unchanged_bodies
        report.accreditations_created = len(self.new_accreditations)
        report.accreditations_updated = len(self.changed_accreditations)
        report.accreditations_unchanged = self.unchanged_accreditations
        report.events_dated_today = sum(p.dated == IMPORT_DAY for _, p in self.events)


def search_numbers(acronyms, keys):
    """Accreditation numbers in the order ``CertificationBody.save()`` puts them."""
    return [number for _, number in sorted((acronyms[ab], n) for ab, n in keys)]


def plan_import(*, bodies, accreditations, acronyms, advance=lambda n: None, changed=False):
    """The ``ImportPlan`` that brings the database in line with the parsed file.

    ``acronyms`` maps accreditation body pks to acronyms (for search_text). ``advance``
    is called with the number of file records compared in each chunk: all of them when
    ``changed`` is true (a dry run), else only the unchanged ones, the others being
    counted as they are written.
    """
    return _Planner(bodies, accreditations, acronyms, advance, changed).run()


class _Planner:
    def __init__(self, bodies, accreditations, acronyms, advance, changed):
        self.plan = ImportPlan(bodies=bodies, accreditations=accreditations, acronyms=acronyms)
        self.advance = advance
        self.count_changed = changed
        self.donors = set()  # pks of bodies an accreditation moves away from
        self.today = timezone.localdate()

    def run(self):
        self.plan_bodies()
        self.plan_accreditations()
        self.plan_donors()
        return self.plan

    def progress(self, records, changed):
        self.advance(records if self.count_changed else records - changed)

    def search_numbers(self, keys):
        return search_numbers(self.plan.acronyms, keys)

    def kept_keys(self, body_pks):
        """Per body, the keys of its accreditations in the database that the file leaves."""
        kept = defaultdict(list)
        rows = (
            Accreditation.objects.filter(body_id__in=body_pks)
            .order_by()
            .values_list("body_id", "accreditation_body_id", "number")
        )
        in_file = self.plan.accreditations
        for body_pk, ab_id, number in rows:
            if (ab_id, number) not in in_file:
                kept[body_pk].append((ab_id, number))
        return kept

    @staticmethod
    def same_words(text, other):
        # The database collation may order numbers differently from Python: a body
        # saved through save() must not count as changed only for that.
        return sorted(text.split()) == sorted(other.split())

    def plan_bodies(self):
        plan = self.plan
        for chunk in chunks(plan.bodies.items(), CHUNK_SIZE):
            wanted = dict(chunk)
            rows = (
                CertificationBody.objects.filter(name__in={name for name, _ in wanted})
                .order_by()
                .values_list("pk", "name", "country", "city", "website", "aliases", "search_text")
            )
            existing = {(row[1], row[2]): row for row in rows if (row[1], row[2]) in wanted}
            kept = self.kept_keys([row[0] for row in existing.values()])
            changed = 0
            for key, data in wanted.items():
                if key not in existing:
                    # Its search_text is made when it is written: nothing to compare.
                    plan.new_bodies.append(key)
                    changed += 1
                    continue
                name = key[0]
                aliases = "\n".join(data.aliases)
                pk, _, _, city, website, stored_aliases, search_text = existing[key]
                plan.body_ids[key] = pk
                body = CertificationBody(name=name, city=data.city, aliases=stored_aliases)
                differs = (city, website) != (data.city, data.website)
                if body.alias_list != list(data.aliases):
                    body.aliases = aliases
                    differs = True
                numbers = self.search_numbers([*kept[pk], *data.numbers])
                text = body.build_search_text(numbers)
                if differs or not self.same_words(text, search_text):
                    plan.changed_bodies.append((pk, data.city, data.website, body.aliases, text))
                    changed += 1
                else:
                    plan.unchanged_bodies += 1
            self.progress(len(chunk), changed)

    def plan_accreditations(self):
        plan = self.plan
        # Sorted by accreditation body, so each chunk queries a few (AB, number IN ...)
        # groups that the unique index on (accreditation_body, number) answers.
        for chunk in chunks(sorted(plan.accreditations), CHUNK_SIZE):
            lookup = Q()
            for ab_id, group in itertools.groupby(chunk, key=itemgetter(0)):
                lookup |= Q(accreditation_body_id=ab_id, number__in=[n for _, n in group])
            existing = {
                (row[1], row[2]): row
                for row in Accreditation.objects.filter(lookup)
                .order_by()
                .values_list(
                    "pk", "accreditation_body_id", "number", *ACCREDITATION_FIELDS, *SOURCE_FIELDS
                )
            }
            pks = [row[0] for row in existing.values()]
            old_standards = self.scope(AccreditationStandard, "standard_id", pks)
            old_sectors = self.scope(AccreditationSector, "sector_id", pks)
            changed = 0
            for key in chunk:
                if key not in existing:
                    plan.new_accreditations.append(key)
                    changed += 1
                    continue
                _, body_key, data = plan.accreditations[key]
                body_id = plan.body_ids.get(body_key)  # None: a body still to create
                values = written_values(body_id, data)
                pk, _, _, *stored = existing[key]
                stored = stored[: len(values)]
                standards = old_standards.get(pk, {})
                sectors = old_sectors.get(pk, {})
                if (
                    tuple(stored) == values
                    and standards.keys() == set(data.standard_ids)
                    and sectors.keys() == set(data.sector_ids)
                ):
                    plan.unchanged_accreditations += 1
                    continue
                changed += 1
                if stored[0] != body_id:
                    self.donors.add(stored[0])
                plan.changed_accreditations.append((pk, key))
                plan.removed_standards += [
                    row_pk for id_, row_pk in standards.items() if id_ not in data.standard_ids
                ]
                plan.removed_sectors += [
                    row_pk for id_, row_pk in sectors.items() if id_ not in data.sector_ids
                ]
                plan.added_standards += [
                    (pk, id_) for id_ in data.standard_ids if id_ not in standards
                ]
                plan.added_sectors += [(pk, id_) for id_ in data.sector_ids if id_ not in sectors]
                status, valid_until = stored[2], stored[4]
                added = [id_ for id_ in data.standard_ids if id_ not in standards]
                removed = sorted(id_ for id_ in standards if id_ not in data.standard_ids)
                plan.events += [
                    (pk, event)
                    for event in change_events(
                        status, valid_until, data, added, removed, self.today
                    )
                ]
            self.progress(len(chunk), changed)

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

    def plan_donors(self):
        """The new search_text of bodies outside the file that lose an accreditation."""
        donors = sorted(self.donors - set(self.plan.body_ids.values()))
        for chunk in chunks(donors, CHUNK_SIZE):
            kept = self.kept_keys(chunk)
            rows = CertificationBody.objects.filter(pk__in=chunk).values_list(
                "pk", "name", "aliases", "city", "search_text"
            )
            for pk, name, aliases, city, search_text in rows:
                body = CertificationBody(name=name, aliases=aliases, city=city)
                text = body.build_search_text(self.search_numbers(kept[pk]))
                if not self.same_words(text, search_text):
                    self.plan.donors.append((pk, text))
