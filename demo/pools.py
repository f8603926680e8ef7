"""The word pools demo bodies are made of, read once from the files in ``demo/data/``.

They are data, not code: hundreds of names, cities and number formats per language
and country, kept as JSON (one value a line, so a change shows as a one-line diff)
and a CSV index. The files:

- ``languages/<code>.json``: the words of one language. ``cores`` are what a body is
  ("Prüflabor"), per family: "cert" (certification and verification bodies), "lab",
  "medical" (laboratories) and "inspection". ``templates`` and ``family_templates``
  (per family) assemble a name from the slots core, brand, region, city, of_city,
  surname, surname2 and legal. ``of`` is the preposition before a city name ("de",
  "di"; "fr" for French elision). ``latin_brands`` puts ``latin_brands.json`` before
  the language's own ``brands``.
- ``locales.csv``: every locale (a country and the language its names are in) with its
  weight, in the order the generator draws from; ``locales/<country>-<language>.json``
  its cities (with postcode pattern), regions, legal forms ("" for none), address
  lines and phone pattern, and brands, surnames or streets that replace the
  language's, or templates added to it. In patterns "#" is a digit and "@" a capital.
- ``kinds.json``: the kinds of body, their CASCO standards and descriptions.
- ``number_formats.json``: how each accreditation body numbers its accreditations, per
  kind ("*": any other); a list offers alternatives (testing or calibration).
- ``domain_skip.json``: words left out of a body's made-up domain name.
- ``real_names.json``: names of real certification bodies. No demo name may contain
  one (compared without case or accents), so fictional records never pass for real ones.

Values are tuples, never lists: the loaded pools are shared by every generator, and
the order of every pool is part of what a seed reproduces.
"""

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from unidecode import unidecode

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Language:
    """The words of one language that names, addresses and mailboxes are made of."""

    cores: dict
    templates: tuple
    family_templates: dict
    brands: tuple
    surnames: tuple
    streets: tuple
    mailboxes: tuple
    of: str


@dataclass(frozen=True)
class Locale:
    """A country, the language its names are in, and its places and formats."""

    country: str
    language: str
    lang: Language
    weight: float
    cities: tuple  # (city, postcode pattern)
    regions: tuple
    legal: tuple
    address: str
    phone: str
    brands: tuple = ()  # replace the language's
    surnames: tuple = ()
    streets: tuple = ()
    templates: tuple = ()  # added to the language's


@dataclass(frozen=True)
class Kind:
    """A kind of conformity assessment body, by the CASCO standard it is accredited to."""

    key: str
    cascos: tuple  # CASCO standard codes
    family: str
    weight: float
    label: str
    related: tuple  # kinds a body of this kind is often accredited for as well
    specialties: tuple


def _read(path):
    """The parsed JSON file ``path`` under ``demo/data/``."""
    with (DATA_DIR / path).open(encoding="utf-8") as handle:
        return json.load(handle)


def _tuples(mapping):
    """``mapping`` with each list value as a tuple."""
    return {key: tuple(values) for key, values in mapping.items()}


@cache
def language(code):
    """The Language of ``languages/<code>.json``."""
    data = _read(f"languages/{code}.json")
    brands = tuple(data["brands"])
    if data["latin_brands"]:
        brands = tuple(_read("latin_brands.json")) + brands
    return Language(
        cores=_tuples(data["cores"]),
        templates=tuple(data["templates"]),
        family_templates=_tuples(data["family_templates"]),
        brands=brands,
        surnames=tuple(data["surnames"]),
        streets=tuple(data["streets"]),
        mailboxes=tuple(data["mailboxes"]),
        of=data["of"],
    )


@cache
def locales():
    """Every Locale, in the order of ``locales.csv``."""
    with (DATA_DIR / "locales.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    made = []
    for row in rows:
        country, code = row["country"], row["language"]
        data = _read(f"locales/{country}-{code}.json")
        made.append(
            Locale(
                country=country,
                language=code,
                lang=language(code),
                weight=float(row["weight"]),
                cities=tuple(data["cities"].items()),
                regions=tuple(data["regions"]),
                legal=tuple(data["legal"]),
                address="\n".join(data["address"]),
                phone=data["phone"],
                brands=tuple(data.get("brands", ())),
                surnames=tuple(data.get("surnames", ())),
                streets=tuple(data.get("streets", ())),
                templates=tuple(data.get("templates", ())),
            )
        )
    return tuple(made)


@cache
def kinds():
    """Every Kind of body, in the order of ``kinds.json``."""
    return tuple(
        Kind(
            key=item["key"],
            cascos=tuple(item["cascos"]),
            family=item["family"],
            weight=item["weight"],
            label=item["label"],
            related=tuple(item["related"]),
            specialties=tuple(item["specialties"]),
        )
        for item in _read("kinds.json")
    )


@cache
def number_formats():
    """Per AB acronym, per kind: a number pattern or a tuple of alternatives."""
    return {
        acronym: {
            kind: tuple(pattern) if isinstance(pattern, list) else pattern
            for kind, pattern in formats.items()
        }
        for acronym, formats in _read("number_formats.json").items()
    }


@cache
def real_names():
    """Real certification bodies' names, folded (lower case, no accents): never a demo name's."""
    return tuple(_fold(name) for name in _read("real_names.json"))


def _fold(text):
    return " ".join(unidecode(text).lower().replace("'", "").split())


def is_real_name(name):
    """Whether ``name`` contains a real certification body's name as whole words."""
    folded = f" {_fold(name)} "
    return any(f" {real} " in folded for real in real_names())


@cache
def domain_skip():
    """Words left out of a made-up domain name: legal prefixes and little words."""
    return frozenset(_read("domain_skip.json"))
