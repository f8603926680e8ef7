# ruff: noqa: RUF001 - en dashes in names are meant.
"""Fictional but realistic conformity assessment bodies, made one at a time (seed_demo).

Names, cities, addresses and contact details come from per-country pools in the
local language (with its diacritics; see ``demo.pools``); accreditations are granted
by the real accreditation bodies in the database, numbered the way each of them
numbers its accreditations. Every choice comes from one ``random.Random(seed)``, so
the same seed and count give the same names, slugs, numbers and statuses on any run
into an empty directory. Domains are all under ``.example`` (RFC 2606); phone numbers
use the ranges reserved for fiction where a country has one. This module only makes
unsaved records: ``demo.seed`` writes them.
"""

import datetime
import itertools
import random
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass

from django.utils.text import slugify
from django_countries import countries
from unidecode import unidecode

from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    SectorCode,
    Standard,
)
from bodies.models import CertificationBody
from bodies.text import SlugAllocator
from demo.pools import domain_skip, is_real_name, kinds, locales, number_formats

UNACCREDITED_SHARE = 0.10
# Chance that an accreditation comes from an AB of the body's own country, when one
# accredits that kind of body; the rest go to the big international ABs.
HOME_SHARE = 0.85
ALIAS_SHARE = 0.16
NAME_ATTEMPTS = 25

# Certifiable standards a management-system certification body has in scope, with the
# chance of each; IAF sectors apply to the first three.
SCOPE_STANDARDS = (
    ("ISO 9001", 0.95),
    ("ISO 14001", 0.6),
    ("ISO 45001", 0.5),
    ("ISO/IEC 27001", 0.25),
    ("ISO 22000", 0.12),
    ("ISO 13485", 0.08),
    ("ISO 50001", 0.12),
    ("ISO/IEC 20000-1", 0.06),
    ("ISO 22301", 0.06),
    ("ISO 37001", 0.04),
    ("ISO/IEC 42001", 0.03),
)
SECTOR_STANDARDS = frozenset({"ISO 9001", "ISO 14001", "ISO 45001"})

# Kinds of body an AB accredits, where it does not accredit every kind.
AB_KINDS = {
    "NABL": frozenset({"lab", "medical", "pt", "rm"}),
    "NATA": frozenset({"lab", "medical", "inspection", "pt", "rm"}),
    "NABCB": frozenset({"ms", "product", "persons", "inspection", "vv"}),
    "JAS-ANZ": frozenset({"ms", "product", "persons", "inspection", "vv"}),
    "KAB": frozenset({"ms", "product", "persons", "vv"}),
    "A2LA": frozenset({"lab", "medical", "inspection", "product", "pt", "rm"}),
    "IAS": frozenset({"lab", "inspection", "product", "ms", "persons"}),
}
# Relative weight among several ABs of one country (others count 1).
HOME_WEIGHTS = {"ANAB": 4, "A2LA": 3}
# ABs that accredit bodies of countries other than their own (JAS-ANZ is also New
# Zealand's).
EXTRA_HOMES = {"NZ": ("JAS-ANZ",)}
FOREIGN_WEIGHTS = (
    ("UKAS", 30),
    ("ANAB", 25),
    ("DAkkS", 15),
    ("IAS", 8),
    ("COFRAC", 6),
    ("ACCREDIA", 6),
    ("JAS-ANZ", 4),
    ("A2LA", 4),
    ("ENAC", 2),
)
# Their accreditations run until withdrawn, with no expiry date.
NO_EXPIRY = frozenset({"UKAS", "NATA"})

# After this many numbers already taken, a pattern gets one digit more.
NUMBER_ATTEMPTS_PER_WIDTH = 8

DIGITS = "0123456789"
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def _number(rng, pattern):
    """``pattern`` filled in, its first run of "#" never all zeros ("0000" is no number)."""
    start = pattern.index("#")
    end = len(pattern) - len(pattern[start:].lstrip("#"))
    run = str(rng.randint(1, 10 ** (end - start) - 1)).zfill(end - start)
    return _fill(rng, pattern[:start] + run + pattern[end:])


def _fill(rng, pattern):
    """``pattern`` with each "#" a random digit and each "@" a random capital letter."""
    return "".join(
        rng.choice(DIGITS) if c == "#" else rng.choice(LETTERS) if c == "@" else c for c in pattern
    )


def _widen(pattern, extra):
    """``pattern`` with ``extra`` more digits in its first run of "#"."""
    return pattern.replace("#", "#" * (extra + 1), 1) if extra else pattern


def _of(language, place):
    """``place`` after the language's "of": "de Lyon", "d'Orléans", "di Forlì"."""
    if language.of == "fr":
        return f"d'{place}" if unidecode(place[:1]).lower() in "aeiouyh" else f"de {place}"
    return f"{language.of} {place}" if language.of else place


def _join(items):
    """English list: "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _weighted(items, weights):
    """(items, cumulative weights), for ``DemoGenerator.choose``."""
    return tuple(items), tuple(itertools.accumulate(weights))


@dataclass(frozen=True)
class AB:
    """An accreditation body in the database, as much of it as the generator needs."""

    id: int
    acronym: str
    slug: str
    country: str

    def accredits(self, kind):
        """Whether this AB accredits bodies of ``kind`` (a Kind key)."""
        accredited = AB_KINDS.get(self.acronym)
        return accredited is None or kind in accredited


@dataclass
class DemoAccreditation:
    """An unsaved accreditation and the pks of its scope (standards, IAF sectors)."""

    accreditation: Accreditation
    standard_ids: tuple
    sector_ids: tuple


@dataclass
class DemoBody:
    """An unsaved demo body and its DemoAccreditations."""

    body: CertificationBody
    accreditations: list


class DemoGenerator:
    """Makes demo bodies one at a time, unique against the database and each other.

    All randomness comes from ``random.Random(seed)`` and the reference data is read in
    a fixed order, so a seed gives the same bodies on every run into an empty directory.
    Dates are the exception, on purpose: they are drawn as offsets from ``today``, so
    that an "active" accreditation stays current (or past its date, for the share meant
    to be) whenever the demo is loaded, instead of the whole demo ageing into "expired".
    """

    def __init__(
        self,
        *,
        seed,
        today,
        accreditation_bodies,
        standards,
        sector_ids,
        taken_names=(),
        taken_slugs=(),
        taken_numbers=(),
    ):
        self.rng = random.Random(seed)
        self.today = today
        self.abs = sorted(accreditation_bodies, key=lambda ab: ab.acronym)
        self.acronyms = {ab.id: ab.acronym for ab in self.abs}
        self.standard_codes = {pk: code for code, pk in standards.items()}
        self.sector_ids = sorted(sector_ids)
        self.names = set(taken_names)
        self.slugs = SlugAllocator(taken_slugs)
        self.numbers = defaultdict(set)
        for ab_id, number in taken_numbers:
            self.numbers[ab_id].add(number)
        self.locales = _weighted(locales(), [locale.weight for locale in locales()])
        self.kinds = _weighted(kinds(), [kind.weight for kind in kinds()])
        self.kinds_by_key = {kind.key: kind for kind in kinds()}
        self.number_formats = number_formats()
        self.domain_skip = domain_skip()
        self.cascos = {
            kind.key: [(code, standards[code]) for code in kind.cascos if code in standards]
            for kind in kinds()
        }
        self.scope = [
            (code, p, standards[code]) for code, p in SCOPE_STANDARDS if code in standards
        ]
        self.home = defaultdict(list)
        by_acronym = {ab.acronym: ab for ab in self.abs}
        for ab in self.abs:
            self.home[ab.country].append(ab)
        for country, acronyms in EXTRA_HOMES.items():
            self.home[country] += [by_acronym[a] for a in acronyms if a in by_acronym]
        self.foreign = [(by_acronym[a], w) for a, w in FOREIGN_WEIGHTS if a in by_acronym]
        self.candidates = {}
        self.country_names = {}

    @classmethod
    def from_database(cls, *, seed, today):
        """A generator for the reference data and bodies now in the database."""
        return cls(
            seed=seed,
            today=today,
            accreditation_bodies=[
                AB(pk, acronym, slug, str(country))
                for pk, acronym, slug, country in AccreditationBody.objects.values_list(
                    "pk", "acronym", "slug", "country"
                )
            ],
            standards=dict(Standard.objects.values_list("code", "pk")),
            sector_ids=SectorCode.objects.values_list("pk", flat=True),
            taken_names=CertificationBody.objects.values_list("name", "country").iterator(),
            taken_slugs=CertificationBody.objects.values_list("slug", flat=True).iterator(),
            taken_numbers=Accreditation.objects.values_list(
                "accreditation_body_id", "number"
            ).iterator(),
        )

    def choose(self, weighted):
        """One of the items of a ``_weighted`` pair, by weight."""
        items, cumulative = weighted
        return items[bisect(cumulative, self.rng.random() * cumulative[-1])]

    def body(self):
        """The next demo body, unsaved, with its accreditations."""
        rng = self.rng
        locale = self.choose(self.locales)
        lang = locale.lang
        kind = self.choose(self.kinds)
        city, postcode = rng.choice(locale.cities)
        name, stem = self.unique_name(locale, kind.family, city)
        accreditations = (
            [] if rng.random() < UNACCREDITED_SHARE else self.accreditations(locale.country, kind)
        )
        words = [w for w in slugify(unidecode(stem)).split("-") if w not in self.domain_skip]
        domain = "-".join(words[:3])[:40].strip("-") or "body"
        body = CertificationBody(
            name=name,
            aliases="\n".join(self.aliases(locale, kind.family, city, stem, name)),
            slug=self.slugs.allocate(name, locale.country),
            country=locale.country,
            city=city,
            address=""
            if rng.random() < 0.03
            else _fill(
                rng,
                locale.address.format(
                    street=rng.choice(locale.streets or lang.streets), city=city, postcode=postcode
                ),
            ),
            website="" if rng.random() < 0.04 else f"https://www.{domain}.example",
            email="" if rng.random() < 0.06 else f"{rng.choice(lang.mailboxes)}@{domain}.example",
            phone="" if rng.random() < 0.08 else _fill(rng, locale.phone),
            description=self.description(locale.country, kind, city, accreditations),
            is_demo=True,
        )
        numbers = sorted(
            (self.acronyms[item.accreditation.accreditation_body_id], item.accreditation.number)
            for item in accreditations
        )
        body.search_text = body.build_search_text([number for _, number in numbers])
        return DemoBody(body, accreditations)

    def compose(self, locale, family, city):
        """A name (and the same without legal form) in the locale's language."""
        rng = self.rng
        lang = locale.lang
        family_templates = lang.family_templates.get(family, ())
        template = rng.choice(lang.templates + locale.templates + family_templates)
        brands = locale.brands or lang.brands
        surname, surname2 = rng.sample(locale.surnames or lang.surnames, 2)
        slots = {
            "core": rng.choice(lang.cores[family]),
            "brand": rng.choice(brands),
            "region": rng.choice(locale.regions),
            "city": city,
            "of_city": _of(lang, city),
            "surname": surname,
            "surname2": surname2,
        }
        legal = rng.choice(locale.legal)
        return _tidy(template.format(legal=legal, **slots)), _tidy(
            template.format(legal="", **slots)
        )

    def unique_name(self, locale, family, city):
        """A name no body in the locale's country has; a branch city, then a number if need be."""
        country = locale.country
        for _ in range(NAME_ATTEMPTS):
            name, stem = self.compose(locale, family, city)
            if (name, country) not in self.names and not is_real_name(name):
                break
        else:
            candidates = itertools.chain(
                (f"{name} – {branch}" for branch, _ in locale.cities if branch != city),
                (f"{name} ({n})" for n in itertools.count(2)),
            )
            name = next(c for c in candidates if (c, country) not in self.names)
        self.names.add((name, country))
        return name, stem

    def aliases(self, locale, family, city, stem, name):
        """Other or former names for a share of bodies: an acronym, a former name."""
        rng = self.rng
        draw = rng.random()
        if draw >= ALIAS_SHARE:
            return []
        aliases = []
        initials = "".join(word[0] for word in stem.split() if word[:1].isupper())
        if draw < ALIAS_SHARE * 0.6 and len(initials) >= 3:
            aliases.append(unidecode(initials))
        if draw >= ALIAS_SHARE * 0.4 or not aliases:
            former, _ = self.compose(locale, family, city)
            if former != name:
                aliases.append(former)
        return aliases

    def accreditations(self, country, kind):
        """1 to 3 accreditations: the body's own kind first, then more of it or related."""
        rng = self.rng
        count = rng.choices((1, 2, 3), cum_weights=(62, 89, 100))[0]
        made, used = [], set()
        for i in range(count):
            this, abroad = kind, False
            if i:
                if rng.random() < 0.5:
                    abroad = True  # the same kind, from another (usually foreign) AB
                else:
                    this = self.kinds_by_key[rng.choice(kind.related)]
            if not self.cascos[this.key]:
                continue
            code, casco_id = rng.choice(self.cascos[this.key])
            ab = self.accreditation_body(country, this.key, abroad)
            if ab is None or (ab.id, casco_id) in used:
                continue
            used.add((ab.id, casco_id))
            made.append(self.accreditation(ab, this.key, code, casco_id))
        return made

    def accreditation_body(self, country, kind, abroad):
        """A home AB mostly (never when ``abroad``), else a big international one."""
        key = (country, kind)
        if key not in self.candidates:
            home = [ab for ab in self.home.get(country, ()) if ab.accredits(kind)]
            foreign = [
                (ab, weight) for ab, weight in self.foreign if ab.accredits(kind) and ab not in home
            ]
            rest = [ab for ab in self.abs if ab.accredits(kind) and ab not in home]
            self.candidates[key] = (
                _weighted(home, [HOME_WEIGHTS.get(ab.acronym, 1) for ab in home]) if home else None,
                _weighted(*zip(*foreign, strict=True)) if foreign else None,
                rest,
            )
        home, foreign, rest = self.candidates[key]
        if home and not abroad and self.rng.random() < HOME_SHARE:
            return self.choose(home)
        if foreign:
            return self.choose(foreign)
        if rest:
            return self.rng.choice(rest)
        return self.choose(home) if home else None

    def number(self, ab, kind):
        """An accreditation number in the AB's format that it has not issued yet."""
        formats = self.number_formats.get(ab.acronym, {})
        pattern = formats.get(kind) or formats.get("*") or f"{ab.acronym}-####"
        if isinstance(pattern, tuple):
            pattern = self.rng.choice(pattern)
        taken = self.numbers[ab.id]
        for attempt in itertools.count():
            number = _number(self.rng, _widen(pattern, attempt // NUMBER_ATTEMPTS_PER_WIDTH))
            if number not in taken:
                taken.add(number)
                return number

    def accreditation(self, ab, kind, casco_code, casco_id):
        """One accreditation from ``ab``, with its number, status, dates and scope."""
        rng = self.rng
        number = self.number(ab, kind)
        status, granted_on, valid_until = self.dates(ab)
        standard_ids, sector_ids = (), ()
        if casco_code == "ISO/IEC 17021-1":
            standard_ids, sector_ids = self.management_scope()
        verified_days = min(rng.randint(0, 540), (self.today - granted_on).days)
        accreditation = Accreditation(
            accreditation_body_id=ab.id,
            number=number,
            casco_standard_id=casco_id,
            status=status,
            granted_on=granted_on,
            valid_until=valid_until,
            scope_document_url=f"https://{ab.slug}.example/scopes/{slugify(number)}.pdf",
            last_verified_on=self.today - datetime.timedelta(days=verified_days),
        )
        return DemoAccreditation(accreditation, standard_ids, sector_ids)

    def dates(self, ab):
        """(status, granted_on, valid_until), offsets from today (see the class docstring)."""
        rng = self.rng
        today = self.today

        def days(lo, hi):
            """A random span of ``lo`` to ``hi`` days."""
            return datetime.timedelta(days=rng.randint(lo, hi))

        draw = rng.random()
        if draw < 0.72:
            granted = today - days(30, 9000)
            until = None if ab.acronym in NO_EXPIRY else today + days(20, 1825)
            return AccreditationStatus.ACTIVE, granted, until
        if draw < 0.79:  # still "active", but past its valid-until date: expired by date
            until = today - days(1, 540)
            return AccreditationStatus.ACTIVE, until - days(365, 7000), until
        if draw < 0.85:
            return AccreditationStatus.SUSPENDED, today - days(200, 7000), today + days(20, 1500)
        if draw < 0.93:
            # Withdrawn before the end of its term: a past date would make it "expired".
            until = None if rng.random() < 0.4 else today + days(1, 1500)
            return AccreditationStatus.WITHDRAWN, today - days(200, 7000), until
        until = today - days(1, 3000)
        return AccreditationStatus.EXPIRED, until - days(365, 6000), until

    def management_scope(self):
        """Certifiable standard pks, and IAF sector pks if QMS, EMS or OH&S is among them."""
        rng = self.rng
        chosen = [(code, pk) for code, p, pk in self.scope if rng.random() < p]
        if not chosen and self.scope:
            chosen = [(self.scope[0][0], self.scope[0][2])]
        sectors = ()
        if self.sector_ids and any(code in SECTOR_STANDARDS for code, _ in chosen):
            count = min(len(self.sector_ids), max(1, round(rng.lognormvariate(1.8, 0.7))))
            sectors = tuple(sorted(rng.sample(self.sector_ids, count)))
        return tuple(pk for _, pk in chosen), sectors

    def description(self, country, kind, city, accreditations):
        """A short English description: what the body does, where, and since when."""
        rng = self.rng
        if country not in self.country_names:
            self.country_names[country] = str(countries.name(country))
        text = f"{kind.label} based in {city}, {self.country_names[country]}."
        if kind.key == "ms":
            scope = next((item.standard_ids for item in accreditations if item.standard_ids), None)
            if scope is None:
                scope, _ = self.management_scope()
            if scope:
                codes = _join([self.standard_codes[pk] for pk in scope])
                text += f" Audits and certifies management systems to {codes}."
        else:
            text += f" {rng.choice(kind.specialties)}"
        if accreditations:
            first = min(item.accreditation.granted_on for item in accreditations)
            founded = first.year - rng.randint(0, 15)
        else:
            founded = self.today.year - rng.randint(1, 40)
        return f"{text} Founded in {founded}."


def _tidy(name):
    """``name`` with single spaces and no space before a comma ("Apex Labs, Inc.")."""
    return " ".join(name.split()).replace(" ,", ",")
