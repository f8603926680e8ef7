"""The change log the directory-version triggers write (accreditation migration 0014)."""

from unittest import mock

import pytest
from django.db import connection, transaction

from accreditation.changes import KEPT_VERSIONS, log_everything
from accreditation.models import (
    AccreditationBody,
    AccreditationEvent,
    DirectoryChange,
    DirectoryVersion,
    Recognition,
    SectorCode,
    Standard,
)
from bodies.models import CertificationBody
from demo.seed import create_demo_bodies
from search.reference import reference_for_version
from tests.factories import AccreditationFactory, CertificationBodyFactory, standard

pytestmark = pytest.mark.django_db


def logged_since(version):
    """(bodies, everything) the log names after ``version``, checking it covers each one."""
    changes = DirectoryChange.objects.between(version, DirectoryVersion.current())
    assert changes is not None
    return set(changes.bodies), changes.everything


def test_writes_to_bodies_and_accreditations_name_their_bodies():
    accreditation = AccreditationFactory(standards=[standard("iso-9001")], sectors=[28])
    body, other = accreditation.body, CertificationBodyFactory()
    start = DirectoryVersion.current()

    body.city = "Hamburg"
    body.save()
    assert logged_since(start) == ({body.pk}, False)

    start = DirectoryVersion.current()
    accreditation.standards.add(standard("iso-14001"))
    accreditation.sectors.clear()
    AccreditationEvent.objects.create(accreditation=accreditation, kind="renewed", origin="admin")
    assert logged_since(start) == ({body.pk}, False)

    start = DirectoryVersion.current()
    accreditation.body = other
    accreditation.save()
    assert logged_since(start) == ({body.pk, other.pk}, False)

    start = DirectoryVersion.current()
    gone = other.pk
    other.delete()
    assert logged_since(start) == ({gone}, False)


@pytest.mark.parametrize(
    "write",
    [
        lambda: AccreditationBody.objects.filter(acronym="UKAS").update(name="Renamed"),
        lambda: Standard.objects.filter(slug="iso-9001").update(title="Retitled"),
        lambda: SectorCode.objects.filter(code=28).update(name="Renamed sector"),
        lambda: Recognition.objects.filter(status="yes").update(status="unknown"),
    ],
)
def test_reference_data_changes_everything(write):
    start = DirectoryVersion.current()
    write()
    assert logged_since(start) == (set(), True)


def test_an_unchanged_update_logs_nothing_and_every_version_is_covered():
    body = CertificationBodyFactory()
    start = DirectoryVersion.current()
    count = DirectoryChange.objects.count()
    CertificationBody.objects.filter(pk=body.pk).update(city=body.city)
    assert (DirectoryVersion.current(), DirectoryChange.objects.count()) == (start, count)
    # A statement that deletes no row still bumps the version, and logs that it changed none.
    CertificationBody.objects.filter(pk=-1).delete()
    assert logged_since(start) == (set(), False)


def test_old_versions_are_pruned():
    body = CertificationBodyFactory()
    bumped = DirectoryVersion.current() + 1
    kept = DirectoryChange.objects.create(version=bumped - KEPT_VERSIONS + 1, body_id=1)
    pruned = DirectoryChange.objects.create(version=bumped - KEPT_VERSIONS, body_id=1)
    CertificationBody.objects.filter(pk=body.pk).update(city="Hamburg")
    assert DirectoryVersion.current() == bumped
    assert DirectoryChange.objects.filter(pk=kept.pk).exists()
    assert not DirectoryChange.objects.filter(pk=pruned.pk).exists()
    assert DirectoryChange.objects.between(bumped - KEPT_VERSIONS, bumped) is None


def test_every_directory_table_logs():
    """A table whose version triggers were re-created without the log would make every
    write to it a gap in the log (a full rebuild of the index): see migration 0014."""
    tables = [
        "bodies_certificationbody",
        "accreditation_accreditation",
        "accreditation_accreditationstandard",
        "accreditation_accreditationsector",
        "accreditation_accreditationevent",
        "accreditation_accreditationbody",
        "accreditation_standard",
        "accreditation_sectorcode",
        "accreditation_recognition",
        "accreditation_recognitionstandard",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(
                        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                        [f"certdir_version_{table}_{event}"],
                    )
                    assert "accreditation_directorychange" in cursor.fetchone()[0], table
            else:
                cursor.execute(
                    "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass "
                    "AND tgname LIKE 'certdir_change_%%'",
                    [table],
                )
                assert cursor.fetchone()[0] == 4, table


def test_reference_data_is_read_again_only_after_it_changed(django_assert_num_queries):
    CertificationBodyFactory()
    first = reference_for_version(DirectoryVersion.current())
    CertificationBodyFactory()
    version = DirectoryVersion.current()
    with django_assert_num_queries(1):
        assert reference_for_version(version) is first
    Standard.objects.filter(slug="iso-9001").update(title="Retitled")
    assert reference_for_version(DirectoryVersion.current()) is not first


def test_a_bulk_write_may_log_everything_instead_of_each_body():
    body = CertificationBodyFactory()
    start = DirectoryVersion.current()
    with transaction.atomic():
        log_everything()
        # An update that changes nothing still logs nothing.
        CertificationBody.objects.filter(pk=body.pk).update(city=body.city)
        assert DirectoryVersion.current() == start
        created = CertificationBodyFactory.create_batch(3)
    if connection.vendor == "postgresql":
        assert logged_since(start) == (set(), True)
    else:
        # SQLite's row triggers cannot see the switch, and go on naming each body.
        assert logged_since(start) == ({b.pk for b in created}, False)


def test_the_demo_seed_logs_everything_on_postgresql():
    start = DirectoryVersion.current()
    report = create_demo_bodies(5, seed=1)
    bodies, everything = logged_since(start)
    assert report.bodies == 5
    if connection.vendor == "postgresql":
        assert (bodies, everything) == (set(), True)
    else:
        assert len(bodies) == 5 and not everything


def test_switching_the_log_outside_a_transaction_is_refused():
    with (
        mock.patch.object(connection, "in_atomic_block", False),
        pytest.raises(RuntimeError, match="transaction"),
    ):
        log_everything()
