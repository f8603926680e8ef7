"""What the first search after a curator's write costs in queries, as in production:
committed writes (``transactional_db``), the page cache and the index's snapshot as a
request opens them; the change log is read once per version for the reference data, the
index and the demo notice alike; and the page shows the write."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accreditation.models import DirectoryVersion
from bodies.context_processors import has_demo_records
from search.index_log import changes_between
from search.index_rows import snapshot
from search.indexes import index_for_version
from search.reference import reference_for_version
from tests.factories import AccreditationFactory, CertificationBodyFactory, standard

# BEGIN and COMMIT of the index's snapshot count (as CaptureQueriesContext records them):
# the page's version, the change log (with the demo notice's answer), BEGIN, the version
# in the snapshot, the changed body's rows, its accreditations' rows with their sectors,
# COMMIT, and the page's bodies and their accreditations.
FIRST_SEARCH_AFTER_A_WRITE = 9


@pytest.fixture
def directory(transactional_db, django_db_serialized_rollback, settings, tmp_path):
    settings.CERTDIR_INDEX_DIR = str(tmp_path / "store")
    bodies = [CertificationBodyFactory(country=country) for country in ("DE", "FR", "DE")]
    for body in bodies:
        AccreditationFactory(body=body, standards=[standard("iso-9001")], sectors=[28])
    return bodies


def test_the_first_search_after_one_write_costs_nine_queries(directory, client):
    client.get("/bodies/?standard=iso-9001")
    body = directory[0]
    body.name = "Zeta Renamed Certification"
    body.save()

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bodies/?country=DE")

    assert response.status_code == 200
    assert "Zeta Renamed Certification" in response.content.decode()
    assert len(queries) <= FIRST_SEARCH_AFTER_A_WRITE, "\n".join(
        query["sql"][:120] for query in queries.captured_queries
    )
    # Read once: neither the index nor the demo notice read the log or the bodies again.
    log_reads = [q["sql"] for q in queries.captured_queries if "directorychange" in q["sql"]]
    assert len(log_reads) == 1
    demo = [q for q in queries.captured_queries if q["sql"].startswith('SELECT 1 AS "a"')]
    assert not demo


def test_a_write_committed_after_the_page_read_its_version_is_wholly_in_the_index(
    directory, client
):
    client.get("/bodies/")
    first, second = directory[0], directory[1]
    first.name = "Aardvark First"
    first.save()
    page_version = DirectoryVersion.current()
    reference_for_version(page_version)
    # Committed after the page read its version, before the index's snapshot.
    second.name = "Aardvark Second"
    second.save()

    index = index_for_version(page_version)
    everyone = index.country_mask(())
    assert index.ordered_ids(everyone, "name").tolist()[:2] == [first.pk, second.pk]
    assert index_for_version(DirectoryVersion.current()) is index


def test_the_log_is_read_once_per_version(directory, django_assert_num_queries):
    start = DirectoryVersion.current()
    directory[0].save()
    directory[1].save()
    end = DirectoryVersion.current()
    with django_assert_num_queries(1):
        changes = changes_between(start, end, demo=True)
    assert changes.bodies == {directory[0].pk, directory[1].pk}
    assert not changes.everything
    with django_assert_num_queries(0):
        assert changes_between(start + 1, end).bodies == {directory[1].pk}
        assert has_demo_records(end) is False


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_snapshot_is_repeatable_read_and_the_connection_keeps_its_level(transactional_db):
    def level():
        with connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            return cursor.fetchone()[0]

    before = level()
    with CaptureQueriesContext(connection) as queries, snapshot():
        assert level() == "repeatable read"
    assert [query["sql"] for query in queries.captured_queries] == [
        "BEGIN",
        "SHOW transaction_isolation",
        "COMMIT",
    ]
    assert level() == before
