"""Every number of the statistics is the result count of the search its bar links to."""

import datetime
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accreditation.models import AccreditationBody, DirectoryVersion, Standard
from search import sql
from search.criteria import STATUS_CHOICES, Criteria
from search.indexes import index_for_version
from search.reference import reference_for_version
from search.statistics import search_statistics, text_mask
from tests.factories import AccreditationFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
COUNTRIES = ["DE", "FR", "PL", "GB"]
STATUSES = ["active", "suspended", "withdrawn", "expired"]
STATUS_VALUES = [value for value, _ in STATUS_CHOICES]


def random_directory(rng, n_bodies=30):
    certifiable = list(Standard.objects.certifiable()[:4])
    cascos = list(Standard.objects.casco().filter(code__in=["ISO/IEC 17021-1", "ISO/IEC 17025"]))
    abs_ = list(AccreditationBody.objects.filter(acronym__in=["DAkkS", "UKAS", "COFRAC"]))
    for n in range(n_bodies):
        body = CertificationBodyFactory(
            name=rng.choice(["Alpha", "Beta", "Zeta"]) + f" Cert {n}", country=rng.choice(COUNTRIES)
        )
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            granted = rng.choice([None, datetime.date(2018, 2, 1), datetime.date(2024, 12, 31)])
            AccreditationFactory(
                body=body,
                accreditation_body=rng.choice(abs_),
                casco_standard=rng.choice(cascos),
                standards=rng.sample(certifiable, rng.randint(0, 3)),
                sectors=rng.sample(range(1, 40), rng.randint(0, 2)),
                status=rng.choice(STATUSES),
                granted_on=granted,
                valid_until=rng.choice(
                    [
                        None,
                        TODAY - datetime.timedelta(days=1),
                        TODAY + datetime.timedelta(days=5),
                        TODAY + datetime.timedelta(days=40),
                        TODAY + datetime.timedelta(days=300),
                        TODAY + datetime.timedelta(days=400),
                    ]
                ),
            )
    return certifiable, cascos, abs_


@pytest.fixture
def directory():
    return random_directory(random.Random(17))


def criteria_strategy(certifiable, cascos, abs_):
    return st.builds(
        Criteria,
        text=st.sampled_from(["", "", "", "alpha", "cert 1"]),
        standards=st.lists(st.sampled_from(certifiable), max_size=2).map(tuple),
        cascos=st.lists(st.sampled_from(cascos), max_size=1).map(tuple),
        accreditation_bodies=st.lists(st.sampled_from(abs_), max_size=2).map(tuple),
        sectors=st.lists(st.integers(1, 39), max_size=2).map(tuple),
        countries=st.lists(st.sampled_from(COUNTRIES), max_size=2).map(tuple),
        status=st.sampled_from(["", "", *STATUS_VALUES]),
        recognised=st.booleans(),
        expires=st.sampled_from(["", "", "2026-07"]),
        granted=st.sampled_from(["", "", "2018"]),
    )


def count(criteria):
    return sql.matching(criteria, TODAY).count()


def every_bar(statistics):
    for chart in (
        "countries",
        "standards",
        "accreditation_bodies",
        "cascos",
        "statuses",
        "expiring",
        "granted",
    ):
        yield from ((chart, bar) for bar in getattr(statistics, chart))


def test_every_number_is_its_search_count_on_random_criteria(directory):
    index = index_for_version(DirectoryVersion.current())
    reference = reference_for_version(DirectoryVersion.current())

    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(criteria_strategy(*directory))
    def check(criteria):
        statistics = search_statistics(
            index, TODAY, criteria, reference, text_mask(index, criteria.text)
        )
        assert statistics.total == count(statistics.current)
        for chart, bar in every_bar(statistics):
            assert bar.count == count(bar.criteria), (chart, bar.key, criteria)

    check()


def test_charts_leave_out_no_value_with_bodies(directory):
    """Zero bars are left out of the lists, never a value that has bodies."""
    certifiable, _, abs_ = directory
    index = index_for_version(DirectoryVersion.current())
    reference = reference_for_version(DirectoryVersion.current())
    statistics = search_statistics(index, TODAY, Criteria(), reference)
    current = statistics.current
    shown = {bar.key for bar in statistics.accreditation_bodies}
    assert shown == {ab for ab in abs_ if count(current.replace(accreditation_bodies=(ab,)))}
    shown = {bar.key for bar in statistics.standards}
    assert shown == {s for s in certifiable if count(current.replace(standards=(s,)))}
    shown = {bar.key for bar in statistics.countries}
    assert shown == {c for c in COUNTRIES if count(current.replace(countries=(c,)))}
    assert [bar.key for bar in statistics.expiring][:2] == ["2026-06", "2026-07"]
    assert len(statistics.expiring) == 12
    assert [bar.key for bar in statistics.granted] == [str(y) for y in range(2018, 2027)]
    assert sum(bar.count for bar in statistics.expiring) > 0
