"""Which body each row of a bulk check names: by accreditation number, name, other name
or, failing those, a close name.

Numbers are looked up in one query; names, other names and close names in the
in-memory ``names.NameTable`` of the current directory version (names folded as the
search folds them, so case, accents and punctuation do not matter). A country, when
given, must match too.
"""

from dataclasses import dataclass, field

from accreditation.models import Accreditation, DirectoryVersion
from bodies.text import fold
from checks.names import names_for_version


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
    table = names_for_version(DirectoryVersion.current())
    by_number = {}
    numbers = Accreditation.objects.filter(number__in={text for text, _ in keys})
    for number, pk, country in numbers.values_list("number", "body_id", "body__country"):
        by_number.setdefault(number, {})[pk] = country
    matches = {}
    for key in keys:
        text, country = key
        folded = fold(text)
        for how, found in (
            ("number", by_number.get(text, {})),
            ("exact", table.names.get(folded, {})),
            ("alias", table.aliases.get(folded, {})),
        ):
            ids = _pick(found, country)
            if ids:
                matches[key] = Match(how, ids)
                break
        else:
            close = {}
            for name in table.close(text):
                close.update(table.names[name])
            ids = _pick(close, country)
            matches[key] = Match("close" if ids else "", ids[:5])
    return matches
