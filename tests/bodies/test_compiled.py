"""bodies.compiled runs the ORM's SQL, compiled once, with the keys in place."""

import pytest

from accreditation.lookup import ReferenceRows
from bodies.compiled import compiled
from bodies.loading import SECTOR, STANDARD, _scope_rows, bodies_load_histories, body_by_slug
from bodies.models import CertificationBody
from tests.bodies.test_loading import fields
from tests.factories import AccreditationFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db


def test_a_query_is_compiled_once_per_database_and_number_of_ids(django_assert_num_queries):
    compiled.cache_clear()
    bodies = CertificationBodyFactory.create_batch(3)
    for body in bodies:
        AccreditationFactory(body=body, sectors=[1])
    reference = ReferenceRows.load()
    for chosen in ([bodies[0]], [bodies[1]], bodies[:2], bodies):
        loaded = list(CertificationBody.objects.filter(pk__in=[each.pk for each in chosen]))
        with django_assert_num_queries(3):
            bodies_load_histories(loaded, reference)
        assert [[a.body_id for a in each.accreditations.all()] for each in loaded] == [
            [each.pk] for each in loaded
        ]
    # Three queries for one, two and three ids; the second single body compiled nothing.
    assert compiled.cache_info().misses == 9
    assert compiled.cache_info().hits == 3


def test_the_compiled_parameters_put_each_id_in_its_place_and_keep_constants():
    sql, slots, _columns = compiled(_scope_rows, "default", 2)
    assert sql.upper().count("UNION ALL") == 1
    assert [value for is_id, value in slots if is_id] == [0, 1, 0, 1]
    assert [value for is_id, value in slots if not is_id] == [STANDARD, SECTOR]


def test_a_body_by_its_slug_as_the_orm_reads_it(django_assert_num_queries):
    body, other = CertificationBodyFactory.create_batch(2)
    for each in (body, other):
        with django_assert_num_queries(1):
            found = body_by_slug(each.slug)
        assert fields(found) == fields(CertificationBody.objects.get(pk=each.pk))
        assert found._state.adding is False
    assert body_by_slug("no-such-body") is None
    # A key is a parameter, never SQL: quotes and percent signs are only a slug that is not there.
    assert body_by_slug("x' OR '1'='1 %s %%") is None
