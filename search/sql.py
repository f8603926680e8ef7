"""The search rule in SQL: the reference executor, and the one exports use.

The rule, for a ``Criteria``:

- every word of ``text`` is in the body's folded names, city or accreditation numbers;
- the body is in one of ``countries`` (when given);
- for each selected standard, the body holds one accreditation that covers it and
  meets every accreditation criterion at once (CASCO standard, accreditation body,
  IAF sector, effective status, recognition for its scope (``accreditation.recognition``),
  the month of its valid-until date, the year of its granted-on date);
  without a standard, one accreditation meeting them;
- status "unaccredited" means the body holds no currently active accreditation.

``search.index`` implements the same rule over in-memory arrays, function for
function; ``tests/search/test_index.py`` checks the two agree on random data.
"""

import difflib

import numpy as np
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast

from accreditation.models import (
    Accreditation,
    AccreditationSector,
    AccreditationStatus,
    effective_status_q,
)
from accreditation.recognition import recognised_q
from bodies.models import CertificationBody
from bodies.text import fold, search_words
from search.criteria import SORT_ORDER, UNACCREDITED, month_bounds, year_bounds

# Bodies compared for "Did you mean ...?", and how alike (difflib) a word must be.
SUGGESTION_CANDIDATES = 200
SUGGESTION_CUTOFF = 0.6


def accreditations_matching(
    *,
    today,
    standard=None,
    cascos=(),
    accreditation_bodies=(),
    sectors=(),
    status=None,
    recognised=False,
    expires="",
    granted="",
):
    """Accreditations meeting every given criterion at once (any value of each list)."""
    qs = Accreditation.objects.all()
    if standard is not None:
        qs = qs.filter(standards=standard)
    if cascos:
        qs = qs.filter(casco_standard__in=cascos)
    if accreditation_bodies:
        qs = qs.filter(accreditation_body__in=accreditation_bodies)
    if sectors:
        qs = qs.filter(
            Exists(
                AccreditationSector.objects.filter(
                    accreditation=OuterRef("pk"), sector__code__in=sectors
                )
            )
        )
    if status:
        qs = qs.filter(effective_status_q(status, today))
    if recognised:
        qs = qs.filter(recognised_q(standard))
    if expires:
        qs = qs.filter(valid_until__range=month_bounds(expires))
    if granted:
        qs = qs.filter(granted_on__range=year_bounds(granted))
    return qs


def has_accreditation(**criteria):
    """Expression: the body holds one accreditation meeting all ``criteria`` at once.

    An ``IN (subquery)`` rather than a correlated ``EXISTS``: PostgreSQL then hashes
    the subquery once instead of probing it for every body.
    """
    return Q(pk__in=accreditations_matching(**criteria).values("body_id"))


def rule_q(criteria, today):
    """Expression for the accreditation part of the rule (standards, status and the rest)."""
    q = Q()
    if criteria.status == UNACCREDITED:
        q &= ~has_accreditation(status=AccreditationStatus.ACTIVE, today=today)
    each = criteria.accreditation_criteria()
    if criteria.standards:
        for standard in criteria.standards:
            q &= has_accreditation(standard=standard, today=today, **each)
    elif any(each.values()):
        q &= has_accreditation(today=today, **each)
    return q


def text_matching(queryset, text):
    """Bodies whose names, city or accreditation numbers contain every word of ``text``."""
    for word in search_words(text):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def with_relevance(queryset, text):
    """Annotate ``relevance``: the text at the start of the name, in the text, or scattered."""
    phrase = fold(text)
    return queryset.annotate(
        relevance=Case(
            When(search_text__startswith=phrase, then=Value(2)),
            When(search_text__contains=phrase, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def with_words(queryset, words):
    """Annotate ``has_words``: whether the body's text also contains every one of ``words``."""
    held = Q()
    for word in words:
        held &= Q(search_text__contains=word)
    return queryset.annotate(
        has_words=ExpressionWrapper(held, output_field=BooleanField()) if words else Value(True)
    )


class _Joined(Aggregate):
    """The texts of the rows, comma-separated (PostgreSQL's STRING_AGG)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def text_match_arrays(queryset):
    """(pks, relevance, has_words) of the bodies of ``queryset``, annotated by
    ``with_relevance`` and optionally ``with_words`` (else ``has_words`` is all True), as
    numpy arrays: one query, one text, no Python object per row. At a million bodies
    "cert" matches 400,000, whose rows took longer to convert than to find."""
    annotations = queryset.query.annotations
    held = Cast("has_words", IntegerField()) if "has_words" in annotations else Value(1)
    # Each row as one integer: pk, relevance (0-2) and has_words in its low three bits.
    code = Cast(F("pk") * 8 + F("relevance") * 2 + held, TextField())
    joined = queryset.order_by().aggregate(codes=_Joined(code))["codes"]
    codes = np.fromstring(joined, dtype=np.int64, sep=",") if joined else np.zeros(0, np.int64)
    return codes >> 3, ((codes >> 1) & 3).astype(np.int8), (codes & 1).astype(bool)


def similar_names(text, limit=3):
    """Names of bodies like ``text``, a text no body matches, the closest first, for "Did
    you mean ...?".

    Only when some word of the text is in no body's names, city or numbers (a word
    found elsewhere is no misspelling): the bodies holding the other words and a word
    like each missing one (pg_trgm's word-similarity operator, which the trigram index
    serves, on PostgreSQL; the missing word's first three letters elsewhere), ranked by
    how alike their words are to the missing ones. At 100,000 bodies comparing the whole
    text with every name took 0.5-1 s a search; this takes a few indexed lookups.
    """
    words = search_words(text)
    bodies = CertificationBody.objects.order_by()
    if len(words) > 1:
        # One query: each word's EXISTS (uncorrelated, so evaluated once) on any one row.
        found = bodies.annotate(
            **{
                f"word_{n}": Exists(bodies.filter(search_text__contains=word))
                for n, word in enumerate(words)
            }
        ).values(*(f"word_{n}" for n in range(len(words))))[:1]
        found = next(iter(found), {})
        missing = [word for n, word in enumerate(words) if not found.get(f"word_{n}")]
    else:
        # The text found nothing, so its one word is in no body.
        missing = words
    if not missing:
        return []
    candidates = text_matching(bodies, " ".join(w for w in words if w not in missing))
    for word in missing:
        if connection.vendor == "postgresql":
            candidates = candidates.filter(TrigramWordSimilar(F("search_text"), Value(word)))
        else:
            candidates = candidates.filter(search_text__contains=word[:3])
    names = list(dict.fromkeys(candidates.values_list("name", flat=True)[:SUGGESTION_CANDIDATES]))

    typed = fold(text)

    def likeness(name):
        """How alike the name's words are to the missing ones, then the name to the text."""
        folded = fold(name)
        words_alike = sum(
            max(difflib.SequenceMatcher(None, word, other).ratio() for other in folded.split())
            for word in missing
        )
        return words_alike, difflib.SequenceMatcher(None, typed, folded).ratio()

    scored = sorted(((likeness(name), name) for name in names), reverse=True)
    cutoff = SUGGESTION_CUTOFF * len(missing)
    return [name for (alike, _), name in scored if alike >= cutoff][:limit]


def matching(criteria, today, queryset=None):
    """The bodies meeting the rule for ``criteria`` on ``today``."""
    queryset = CertificationBody.objects.all() if queryset is None else queryset
    if criteria.countries:
        queryset = queryset.filter(country__in=criteria.countries)
    if criteria.text:
        queryset = text_matching(queryset, criteria.text)
    return queryset.filter(rule_q(criteria, today))


def ordered(queryset, search):
    """``queryset`` in the order ``search`` asks for (see SORT_ORDER)."""
    sort = search.sort_by
    if sort == "relevance":
        if not search.criteria.text:
            # Without a text query every body is as relevant: name order.
            return queryset.order_by(*SORT_ORDER["name"])
        queryset = with_relevance(queryset, search.criteria.text)
    return queryset.order_by(*SORT_ORDER[sort])


def results(search, today):
    """Every body matching ``search``, in its order: the reference for the index."""
    return ordered(matching(search.criteria, today), search)
