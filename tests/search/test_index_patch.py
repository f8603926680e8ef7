"""An index brought forward by the change log equals a fresh build, and the SQL rule,
after random writes of every kind."""

import datetime
import random

import numpy as np
import pytest

from accreditation.models import (
    Accreditation,
    AccreditationBody,
    DirectoryChange,
    DirectoryVersion,
    Standard,
)
from bodies.models import CertificationBody
from search import index_patch
from search import indexes as search_indexes
from search.index import SearchIndex
from search.indexes import forget_index, index_for_version
from tests.factories import AccreditationFactory, CertificationBodyFactory
from tests.search.test_index import COUNTRIES, STATUSES, TODAY, compare, random_directory

pytestmark = pytest.mark.django_db


def canonical(index):
    """What an index says, by primary keys, whatever its internal codes."""
    assert np.array_equal(
        index.orders["name"][index.sorted_positions["name"]], np.arange(index.n_bodies)
    )
    body = index.body_ids
    columns = index.standard_pks
    return {
        "bodies": body.tolist(),
        "countries": [index.countries[c] for c in index.body_country.tolist()],
        "country list": list(index.countries),
        "orders": {sort: body[order].tolist() for sort, order in index.sorted_positions.items()},
        "ranks": {sort: rank.tolist() for sort, rank in index.orders.items()},
        "standards": columns.tolist(),
        "accreditations": [
            (
                int(pk),
                int(body[index.acc_body[n]]),
                int(index.acc_ab[n]),
                int(index.acc_casco[n]),
                int(index.acc_status[n]),
                int(index.acc_valid_until[n]),
                bool(index.acc_recognised[n]),
                int(index.acc_granted[n]),
                columns[index.acc_standard[n, : len(columns)]].tolist(),
                columns[index.acc_standard_recognised[n, : len(columns)]].tolist(),
                np.flatnonzero(index.acc_sector[n]).tolist(),
            )
            for n, pk in enumerate(index.acc_ids.tolist())
        ],
        "abs": index.ab_keys.tolist(),
        "cascos": index.casco_keys.tolist(),
        "shared bodies": index.acc_shared_body.tolist(),
    }


@pytest.fixture
def builds(monkeypatch):
    """The number of full builds so far."""
    count = []
    build = SearchIndex.build.__func__

    def counted(cls, *args):
        count.append(1)
        return build(cls, *args)

    monkeypatch.setattr(SearchIndex, "build", classmethod(counted))
    return count


def random_writes(rng, certifiable, cascos, abs_):
    """A few writes of the kinds a curator or an import makes."""
    bodies = list(CertificationBody.objects.all())
    accreditations = list(Accreditation.objects.all())
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(
            [
                "new",
                "rename",
                "move",
                "touch",
                "delete",
                "status",
                "scope",
                "sectors",
                "expire",
                "drop",
                "grant",
                "transfer",
            ]
        )
        body = rng.choice(bodies)
        accreditation = rng.choice(accreditations) if accreditations else None
        if kind == "new":
            new = CertificationBodyFactory(
                name=rng.choice(["Aa", "Mm", "zz", "Ökö"]) + f" New {rng.random():.6f}",
                country=rng.choice([*COUNTRIES, "IT"]),
            )
            bodies.append(new)
            if rng.random() < 0.7:
                accreditations.append(
                    AccreditationFactory(
                        body=new,
                        accreditation_body=rng.choice(abs_),
                        casco_standard=rng.choice(cascos),
                        standards=rng.sample(certifiable, rng.randint(0, 3)),
                        sectors=rng.sample(range(1, 40), rng.randint(0, 2)),
                        status=rng.choice(STATUSES),
                    )
                )
        elif kind == "rename":
            body.name = rng.choice(["Beta", "alpha", "Zulu", "Ärzte"]) + f" {rng.random():.6f}"
            body.save()
        elif kind == "move":
            body.country = rng.choice([*COUNTRIES, "IT", "ES"])
            body.save()
        elif kind == "touch":
            body.city = f"City {rng.random():.6f}"
            body.save()
        elif kind == "delete" and len(bodies) > 2:
            bodies.remove(body)
            body.delete()
            accreditations = list(Accreditation.objects.all())
        elif accreditation is None:
            continue
        elif kind == "status":
            accreditation.status = rng.choice(STATUSES)
            accreditation.save()
        elif kind == "scope":
            accreditation.standards.set(rng.sample(certifiable, rng.randint(0, 3)))
        elif kind == "sectors":
            accreditation.sectors.set(rng.sample(range(1, 40), rng.randint(0, 3)))
        elif kind == "expire":
            accreditation.valid_until = TODAY - datetime.timedelta(days=rng.randint(1, 9))
            accreditation.save()
        elif kind == "drop":
            accreditations.remove(accreditation)
            accreditation.delete()
        elif kind == "grant":
            accreditation.granted_on = rng.choice([None, datetime.date(2021, 12, 31)])
            accreditation.accreditation_body = rng.choice(abs_)
            accreditation.casco_standard = rng.choice(cascos)
            accreditation.save()
        elif kind == "transfer":
            accreditation.body = body
            accreditation.save()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_patched_index_equals_a_fresh_build_and_sql(seed, builds):
    rng = random.Random(seed)
    reference = random_directory(rng, n_bodies=15)
    index_for_version(DirectoryVersion.current())
    assert len(builds) == 1
    for step in range(12):
        random_writes(rng, *reference)
        patched = index_for_version(DirectoryVersion.current())
        assert len(builds) == 1, step
        assert canonical(patched) == canonical(SearchIndex.build()), step
        del builds[1:]
    compare(rng, *reference, rounds=8)
    assert len(builds) == 1


def test_reference_data_changes_rebuild(builds):
    CertificationBodyFactory()
    index_for_version(DirectoryVersion.current())
    AccreditationBody.objects.filter(acronym="UKAS").update(name="Renamed Service")
    index_for_version(DirectoryVersion.current())
    Standard.objects.filter(slug="iso-9001").update(title="Retitled")
    index_for_version(DirectoryVersion.current())
    assert len(builds) == 3


def test_a_gap_in_the_log_rebuilds(builds):
    CertificationBodyFactory()
    index_for_version(DirectoryVersion.current())
    CertificationBodyFactory()
    DirectoryChange.objects.filter(version=DirectoryVersion.current()).delete()
    assert index_for_version(DirectoryVersion.current()).n_bodies == 2
    assert len(builds) == 2


def test_the_previous_version_is_kept_and_older_ones_are_not_used(builds):
    """A process serving two versions in turn (primary and replica) builds once."""
    CertificationBodyFactory()
    first = DirectoryVersion.current()
    old = index_for_version(first)
    CertificationBodyFactory()
    new = index_for_version(DirectoryVersion.current())
    assert index_for_version(first) is old
    assert new.n_bodies == 2 and old.n_bodies == 1
    assert len(builds) == 1
    forget_index()
    assert search_indexes._indexes == {}


def test_an_edit_that_moves_no_body_keeps_the_name_and_country_orders(monkeypatch):
    bodies = [CertificationBodyFactory(name=f"Body {n}") for n in range(6)]
    old = index_for_version(DirectoryVersion.current())
    placed = []
    order = index_patch._order
    monkeypatch.setattr(
        index_patch,
        "_order",
        lambda index, sort, *args: placed.append(sort) or order(index, sort, *args),
    )
    bodies[3].city = "Elsewhere"
    bodies[3].save()

    patched = index_for_version(DirectoryVersion.current())

    # Only the order by update time moved (the edit put the body first).
    assert placed == ["updated"]
    for sort in ("name", "country"):
        assert patched.sorted_positions[sort] is old.sorted_positions[sort]
    assert canonical(patched) == canonical(SearchIndex.build())
