"""Text normalisation shared by search and the stored search column, and numbers and
country names as the active language writes them."""

import re
from functools import cache

from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import override
from django_countries import countries
from unidecode import unidecode

_NON_WORD = re.compile(r"[^0-9a-z]+")


def grouped(number):
    """``number`` as the active language writes it, thousands grouped: "1,234" in English,
    "1 234" (a no-break space) in French, Spanish and Russian (Django's locale formats)."""
    return number_format(number, force_grouping=True)


@cache
def country_names(language):
    """{code: name} in ``language``, made once per process and language: naming each
    country through django-countries cost some 340 translation lookups a search page."""
    with override(language):
        return {code: str(name) for code, name in countries}


def country_name(country, language):
    """The name of ``country`` (django-countries' ``Country``) in ``language``: from
    ``country_names``, or django-countries' own for a code that table lacks."""
    return country_names(language).get(country.code) or country.name


def fold(text):
    """Lower-case ASCII ``text``, punctuation as spaces: "TÜV Süd/Kraków" -> "tuv sud krakow"."""
    return _NON_WORD.sub(" ", unidecode(text or "").lower()).strip()


def search_words(query):
    """The folded words of a search query, without duplicates, in order."""
    return list(dict.fromkeys(fold(query).split()))


class SlugAllocator:
    """Hands out unique body slugs ("tuv-sud-polska", then "tuv-sud-polska-pl", "-2" ...).

    Bulk writers (seed_demo, import) allocate thousands of slugs without a query each:
    pass the slugs already taken, then call ``allocate`` for every new body.
    """

    max_length = 120

    def __init__(self, taken=()):
        self.taken = set(taken)

    def allocate(self, name, country=""):
        """A slug for a body named ``name`` in ``country`` that no other body has."""
        base = slugify(unidecode(name))[: self.max_length - 12].strip("-") or "body"
        candidates = [base]
        if country:
            candidates.append(f"{base}-{country.lower()}")
        for slug in candidates:
            if slug not in self.taken:
                self.taken.add(slug)
                return slug
        n = 2
        while f"{candidates[-1]}-{n}" in self.taken:
            n += 1
        slug = f"{candidates[-1]}-{n}"
        self.taken.add(slug)
        return slug
