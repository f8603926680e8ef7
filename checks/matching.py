"""Which body each row of a bulk check names: by accreditation number, name, other name
or, failing those, a close name (``search.sql.similar_names``, the search's own).

Each way is tried for every row still unmatched, in bulk: one query for the numbers,
one for the exact names, a few for names as folded text; only rows matching none of
them ask for close names, one query each. A country, when given, must match too.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from accreditation.models import Accreditation
from bodies.models import CertificationBody
from bodies.text import fold
from search.sql import similar_names

# Folded texts looked up per query (OR of LIKE conditions).
CHUNK = 50


@dataclass(frozen=True)
class Match:
    """How a row's body was found: ``how`` is number, exact, alias or close; ``body_ids``
    holds one body, several (ambiguous) or none (not found)."""

    how: str = ""
    body_ids: tuple = field(default=())


def _pick(found, country):
    """The ids of ``found`` ({body id: country}) in ``country`` (when given)."""
    return tuple(sorted(pk for pk, c in found.items() if not country or c == country))


def match_rows(rows):
    """{(body text, country): Match} for the rows' distinct bodies."""
    keys = {(row.body, row.country) for row in rows}
    matches = {}
    texts = {text for text, _ in keys}
    by_number, by_name = {}, {}
    numbers = Accreditation.objects.filter(number__in=texts)
    for number, pk, country in numbers.values_list("number", "body_id", "body__country"):
        by_number.setdefault(number, {})[pk] = country
    for name, pk, country in CertificationBody.objects.filter(name__in=texts).values_list(
        "name", "pk", "country"
    ):
        by_name.setdefault(name, {})[pk] = country
    for key in keys:
        text, country = key
        for how, found in (("number", by_number), ("exact", by_name)):
            ids = _pick(found.get(text, {}), country)
            if ids:
                matches[key] = Match(how, ids)
                break
    _match_folded([key for key in keys if key not in matches], matches)
    for key in keys - matches.keys():
        matches[key] = _close(*key)
    return matches


def _match_folded(keys, matches):
    """Match ``keys`` by name or other name, ignoring case, accents and punctuation."""
    folded = {key: fold(key[0]) for key in keys}
    wanted = sorted({text for text in folded.values() if text})
    names, aliases = {}, {}
    for start in range(0, len(wanted), CHUNK):
        condition = Q()
        for text in wanted[start : start + CHUNK]:
            condition |= Q(search_text__contains=text)
        bodies = CertificationBody.objects.filter(condition).values_list(
            "pk", "name", "aliases", "country"
        )
        for pk, name, other_names, country in bodies:
            names.setdefault(fold(name), {})[pk] = country
            for alias in other_names.splitlines():
                if alias.strip():
                    aliases.setdefault(fold(alias), {})[pk] = country
    for key, text in folded.items():
        for how, found in (("exact", names), ("alias", aliases)):
            ids = _pick(found.get(text, {}), key[1])
            if ids:
                matches[key] = Match(how, ids)
                break


def _close(text, country):
    """Bodies whose names are close to ``text`` (one: a close match; several: ambiguous)."""
    names = similar_names(text)
    if not names:
        return Match()
    bodies = CertificationBody.objects.filter(name__in=names)
    if country:
        bodies = bodies.filter(country=country)
    ids = tuple(bodies.order_by("name", "country").values_list("pk", flat=True)[:5])
    return Match("close" if ids else "", ids)
