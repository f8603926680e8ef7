"""The in-memory search index agrees with the SQL reference, on random data and edits."""

import datetime
import random

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    DirectoryVersion,
    Recognition,
    Standard,
)
from bodies.models import CertificationBody
from search import index as search_index
from search import index_counts, sql
from search.criteria import SORT_ORDER, STATUS_CHOICES, Criteria, Search
from search.indexes import index_for_version
from tests.factories import AccreditationFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
COUNTRIES = ["DE", "FR", "PL", "GB"]
STATUSES = ["active", "suspended", "withdrawn", "expired"]


def random_recognitions(rng, certifiable, cascos):
    """Recognition varies by scope: DAkkS signs each whole field; COFRAC is made a
    non-signatory of the IAF MLA; UKAS's IAF MLA signature is itemised, with a random
    sub-scope of management-system standards and a random status for products; PCA's
    ILAC MRA scopes are itemised by the reference data; ABAC is not a member of IAF or ILAC.
    """
    by_code = {s.code: s for s in cascos}
    Recognition.objects.filter(accreditation_body__acronym="COFRAC", arrangement="iaf_mla").update(
        status="no"
    )
    ukas = AccreditationBody.objects.get(acronym="UKAS")
    management = Recognition.objects.create(
        accreditation_body=ukas,
        arrangement="iaf_mla",
        casco_standard=by_code["ISO/IEC 17021-1"],
        status="yes",
        source="https://example.org/ukas",
    )
    management.standards.set(rng.sample(certifiable, rng.randint(0, 3)))
    Recognition.objects.create(
        accreditation_body=ukas,
        arrangement="iaf_mla",
        casco_standard=by_code["ISO/IEC 17065"],
        status=rng.choice(["yes", "no", "unknown"]),
    )


def random_directory(rng, n_bodies=40):
    certifiable = list(Standard.objects.certifiable()[:5])
    cascos = list(
        Standard.objects.casco().filter(
            code__in=["ISO/IEC 17021-1", "ISO/IEC 17065", "ISO/IEC 17025"]
        )
    )
    random_recognitions(rng, certifiable, cascos)
    abs_ = list(
        AccreditationBody.objects.filter(acronym__in=["DAkkS", "UKAS", "COFRAC", "PCA", "ABAC"])
    )
    for n in range(n_bodies):
        body = CertificationBodyFactory(
            name=rng.choice(["Alpha", "Beta", "Ärzte", "alpha", "Zeta"]) + f" Cert {n}",
            country=rng.choice(COUNTRIES),
        )
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            AccreditationFactory(
                body=body,
                accreditation_body=rng.choice(abs_),
                casco_standard=rng.choice(cascos),
                standards=rng.sample(certifiable, rng.randint(0, 3)),
                sectors=rng.sample(range(1, 40), rng.randint(0, 3)),
                status=rng.choice(STATUSES),
                granted_on=rng.choice(
                    [None, datetime.date(2019, 3, 1), datetime.date(2021, 12, 31)]
                ),
                valid_until=rng.choice(
                    [
                        None,
                        TODAY - datetime.timedelta(days=1),
                        TODAY,
                        TODAY + datetime.timedelta(days=30),
                    ]
                ),
            )
    return certifiable, cascos, abs_


STATUS_VALUES = [value for value, _ in STATUS_CHOICES]


def random_criteria(rng, certifiable, cascos, abs_):
    return Criteria(
        standards=tuple(rng.sample(certifiable, rng.choice([0, 0, 1, 1, 2]))),
        cascos=tuple(rng.sample(cascos, rng.choice([0, 0, 1]))),
        accreditation_bodies=tuple(rng.sample(abs_, rng.choice([0, 0, 1, 2]))),
        sectors=tuple(rng.sample(range(1, 40), rng.choice([0, 0, 0, 2]))),
        countries=tuple(rng.sample(COUNTRIES, rng.choice([0, 0, 1, 2]))),
        status=rng.choice(["", "", *STATUS_VALUES]),
        recognised=rng.random() < 0.3,
        expires=rng.choice(["", "", "", "2026-05", "2026-06", "2026-07"]),
        granted=rng.choice(["", "", "", "2019", "2021"]),
    )


def sql_ids(criteria):
    return set(sql.matching(criteria, TODAY).values_list("pk", flat=True))


def compare(rng, certifiable, cascos, abs_, rounds=60):
    index = index_for_version(DirectoryVersion.current())
    for _ in range(rounds):
        criteria = random_criteria(rng, certifiable, cascos, abs_)
        mask, counts = index.search(TODAY, criteria)
        expected = sql_ids(criteria)
        assert set(index.body_ids[mask].tolist()) == expected, criteria
        assert counts.total == len(expected)

        for sort in ("name", "country", "updated"):
            ordered = sql.results(Search(criteria, sort=sort), TODAY)
            assert index.ordered_ids(mask, sort).tolist() == list(
                ordered.values_list("pk", flat=True)
            )
            assert list(ordered.values_list("pk", flat=True)) == list(
                CertificationBody.objects.filter(pk__in=expected)
                .order_by(*SORT_ORDER[sort])
                .values_list("pk", flat=True)
            )

        for code, count in counts.countries.items():
            assert count == len(sql_ids(criteria.replace(countries=(code,)))), (criteria, code)
        for value in STATUS_VALUES:
            assert counts.statuses[value] == len(sql_ids(criteria.replace(status=value)))
        assert counts.recognised == len(sql_ids(criteria.replace(recognised=True)))
        for standard in certifiable:
            if standard in criteria.standards:
                continue
            with_it = criteria.replace(standards=(*criteria.standards, standard))
            assert counts.standards.get(standard.pk, 0) == len(sql_ids(with_it))
        if len(criteria.standards) <= 1:
            for param, values in (("cascos", cascos), ("accreditation_bodies", abs_)):
                counted = getattr(counts, param)
                for value in values:
                    chosen = len(sql_ids(criteria.replace(**{param: (value,)})))
                    assert counted.get(value.pk, 0) == chosen, (criteria, param, value)
            for code in range(1, 40):
                chosen = len(sql_ids(criteria.replace(sectors=(code,))))
                assert counts.sectors.get(code, 0) == chosen, (criteria, code)


def test_index_matches_sql_on_random_directories():
    rng = random.Random(20261121)
    compare(rng, *random_directory(rng))


def test_index_follows_random_edits():
    rng = random.Random(7)
    reference = random_directory(rng, n_bodies=25)
    compare(rng, *reference, rounds=15)
    accreditations = list(Accreditation.objects.all())
    for accreditation in rng.sample(accreditations, 8):
        accreditation.status = rng.choice(STATUSES)
        accreditation.valid_until = rng.choice([None, TODAY - datetime.timedelta(days=5)])
        accreditation.save()
    for accreditation in rng.sample(accreditations, 3):
        accreditation.sectors.set(rng.sample(range(1, 40), 2))
        accreditation.standards.clear()
    rng.choice(accreditations).delete()
    moved = CertificationBody.objects.order_by("?").first()
    moved.country = "PL" if moved.country != "PL" else "GB"
    moved.save()
    CertificationBodyFactory(name="Newly Added", country="FR")
    compare(rng, *reference, rounds=15)


def test_index_is_rebuilt_only_when_the_directory_changes():
    CertificationBodyFactory()
    version = DirectoryVersion.current()
    assert index_for_version(version) is index_for_version(version)
    before = index_for_version(version)
    CertificationBodyFactory()
    assert index_for_version(DirectoryVersion.current()) is not before
    assert index_for_version(DirectoryVersion.current()).n_bodies == 2


def test_a_search_without_text_is_kept_per_index():
    rng = random.Random(5)
    random_directory(rng, n_bodies=12)
    index = index_for_version(DirectoryVersion.current())
    mask, counts = index.search(TODAY, Criteria(status="accredited"))
    expected = mask.tolist()
    mask[:] = True  # the caller's own copy: the kept results are not changed
    again = index.search(TODAY, Criteria(status="accredited"))
    assert again[0].tolist() == expected and again[1] is counts
    # Other days, other searches and text searches are worked out for themselves.
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert index.search(tomorrow, Criteria(status="accredited"))[1] is not counts
    text = index.search(TODAY, Criteria(text="x"), index.ids_mask([]))
    assert index.search(TODAY, Criteria(text="x"), index.ids_mask([]))[1] is not text[1]
    for n in range(search_index.KEPT_SEARCHES):
        index.search(TODAY, Criteria(sectors=(n + 1,)))
    dropped = index.search(TODAY, Criteria(status="accredited"))
    assert dropped[1] is not counts
    assert dropped[0].tolist() == expected and dropped[1] == counts
    # A written directory is another index, with searches of its own.
    CertificationBodyFactory()
    written = index_for_version(DirectoryVersion.current())
    assert written.search(TODAY, Criteria(status="accredited"))[1] is not counts


def test_masks_are_kept_per_index_and_each_caller_gets_its_own(monkeypatch):
    rng = random.Random(6)
    random_directory(rng, n_bodies=12)
    index = index_for_version(DirectoryVersion.current())
    made = []
    bodies_with = search_index.SearchIndex.bodies_with

    def counted(self, mask):
        made.append(1)
        return bodies_with(self, mask)

    monkeypatch.setattr(search_index.SearchIndex, "bodies_with", counted)
    active = {"status": AccreditationStatus.ACTIVE}
    first = index.holders(TODAY, **active)
    expected = first.tolist()
    first[:] = ~first  # the caller's own array: the kept mask is not changed
    assert index.holders(TODAY, **active).tolist() == expected
    # A rule made of it, even in another search, costs no more.
    index.rule_mask(TODAY, Criteria(status="unaccredited"))
    assert len(made) == 1
    # Another day is another mask; so is the same search on a written directory.
    index.holders(TODAY + datetime.timedelta(days=1), **active)
    CertificationBodyFactory()
    index_for_version(DirectoryVersion.current()).holders(TODAY, **active)
    assert len(made) == 3
    # The older index still answers, but keeps nothing once a newer one is held.
    assert index.holders(TODAY, **active).tolist() == expected
    assert len(made) == 4


def test_facet_counts_are_kept_per_index_by_the_content_of_the_mask(monkeypatch):
    rng = random.Random(7)
    random_directory(rng, n_bodies=12)
    index = index_for_version(DirectoryVersion.current())
    counted = []
    distinct = index_counts.distinct_bodies_by_code

    def counting(codes, mask, *args):
        counted.append(mask.tolist())
        return distinct(codes, mask, *args)

    monkeypatch.setattr(index_counts, "distinct_bodies_by_code", counting)
    everything = np.ones(len(index.acc_body), dtype=bool)
    first = index._distinct_bodies_by("ab", everything)
    # Another array with the same content is not counted again; another content is.
    assert index._distinct_bodies_by("ab", everything.copy()) == first
    assert len(counted) == 1
    some = everything.copy()
    some[0] = False
    index._distinct_bodies_by("ab", some)
    index._distinct_bodies_by("casco", everything)
    assert len(counted) == 3
    assert sum(first.values()) >= len(set(index.acc_body.tolist()))


def test_a_texts_matches_are_kept_per_index_unless_they_are_many(monkeypatch):
    rng = random.Random(8)
    random_directory(rng, n_bodies=12)
    index = index_for_version(DirectoryVersion.current())
    pks = index.body_ids[:3].tolist()
    reads = []

    def read():
        reads.append(1)
        return pks, [2, 0, 1], 7

    mask, relevance, literal = index.text(("x", None), read)
    again = index.text(("x", None), read)
    assert len(reads) == 1
    assert again[0].tolist() == mask.tolist() and again[1].tolist() == relevance.tolist()
    assert again[2] == literal == 7
    assert relevance[:3].tolist() == [2, 0, 1] and mask.sum() == 3
    index.text(("x", ("y",)), read)
    assert len(reads) == 2
    monkeypatch.setattr(search_index, "KEPT_TEXT_MATCHES", 2)
    index.text(("z", None), read)
    index.text(("z", None), read)
    assert len(reads) == 4


def test_another_order_or_page_of_a_text_search_runs_no_text_query(client):
    for n in range(30):
        CertificationBodyFactory(name=f"Kestrel Certification {n}")
    with CaptureQueriesContext(connection) as first:
        client.get("/bodies/?q=kestrel")
    with CaptureQueriesContext(connection) as again:
        client.get("/bodies/?q=kestrel&sort=country")
        client.get("/bodies/?q=kestrel&sort=country&page=2")

    def text_queries(queries):
        return [q["sql"] for q in queries.captured_queries if " LIKE " in q["sql"].upper()]

    assert len(text_queries(first)) == 1
    assert text_queries(again) == []


def test_reference_page_counts_match_the_search_rule():
    """The home page's counts (index) and the reference pages' (SQL) agree with the rule."""
    rng = random.Random(3)
    certifiable, cascos, abs_ = random_directory(rng, n_bodies=30)
    index = index_for_version(DirectoryVersion.current())
    current = Accreditation.objects.with_status(AccreditationStatus.ACTIVE, TODAY)
    accredited = Criteria(status="accredited")
    for ab in [None, *abs_]:
        in_scope, as_casco, by_ab = index.current_body_counts(TODAY, ab)
        limit = {"accreditation_bodies": (ab,)} if ab else {}
        by_this = current.filter(accreditation_body=ab) if ab else current
        sql_in_scope = by_this.body_counts("standards")
        sql_as_casco = by_this.body_counts("casco_standard")
        for standard in certifiable:
            expected = len(sql_ids(accredited.replace(standards=(standard,), **limit)))
            assert in_scope.get(standard.pk, 0) == expected
            assert sql_in_scope.get(standard.pk, 0) == expected
        for casco in cascos:
            expected = len(sql_ids(accredited.replace(cascos=(casco,), **limit)))
            assert as_casco.get(casco.pk, 0) == expected
            assert sql_as_casco.get(casco.pk, 0) == expected
    _, _, by_ab = index.current_body_counts(TODAY)
    sql_by_ab = current.body_counts("accreditation_body")
    for ab in abs_:
        expected = len(sql_ids(accredited.replace(accreditation_bodies=(ab,))))
        assert by_ab.get(ab.pk, 0) == expected == sql_by_ab.get(ab.pk, 0)
        assert ab.accreditations.body_count() == len(sql_ids(Criteria(accreditation_bodies=(ab,))))
    bodies = CertificationBody.objects.all()
    assert dict(index.country_counts()) == {
        country: bodies.filter(country=country).count()
        for country in set(bodies.values_list("country", flat=True))
    }
