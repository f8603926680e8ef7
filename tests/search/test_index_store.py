"""The index's arrays are written once per directory version and mapped by the server's
other processes; a mapped index says what a fresh build and the SQL rule say, is never
stale, and a store that cannot be used (corrupt, partial, shared, unsupported) only
costs a build."""

import json
import mmap
import random

import numpy as np
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accreditation.models import DirectoryVersion
from bodies.models import CertificationBody
from search import index_store
from search import indexes as search_indexes
from search.index import SearchIndex
from search.indexes import index_for_version
from tests.factories import CertificationBodyFactory
from tests.search.test_index import compare, random_directory
from tests.search.test_index_patch import canonical, random_writes

pytestmark = pytest.mark.django_db
# The store as the site opens it (the ``store`` fixture may stand in for it).
OPEN_STORE = index_store.open_store


@pytest.fixture
def store(tmp_path, settings, monkeypatch):
    """A store in a folder of the test's own; the folder of the test database's arrays."""
    settings.CERTDIR_INDEX_DIR = str(tmp_path / "store")
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Each process has its own in-memory database, so the store leaves it out; the
        # test's processes share one, whose history within a test is the token's.
        folder = tmp_path / "store" / "memory"
        folder.mkdir(parents=True)
        monkeypatch.setattr(
            index_store, "open_store", lambda alias: index_store.IndexStore(folder, alias)
        )
        monkeypatch.setattr(
            index_store.IndexStore,
            "version_and_token",
            lambda self: (DirectoryVersion.current(), "this test"),
        )
    return tmp_path / "store"


@pytest.fixture
def made(monkeypatch):
    """How the indexes this test loaded were made: "build" or "patch" each time."""
    ways = []
    build, brought_forward = SearchIndex.build.__func__, SearchIndex.brought_forward.__func__

    def counted_build(cls, *args):
        ways.append("build")
        return build(cls, *args)

    def counted_patch(cls, *args):
        ways.append("patch")
        return brought_forward(cls, *args)

    monkeypatch.setattr(SearchIndex, "build", classmethod(counted_build))
    monkeypatch.setattr(SearchIndex, "brought_forward", classmethod(counted_patch))
    return ways


def another_process():
    """What another worker of the server holds at first: no index, nothing mapped."""
    search_indexes._indexes.clear()
    index_store.forget_mapped()


def manifests(store):
    return sorted(store.rglob("v*.json"))


def files_of(manifest):
    return {entry["file"] for entry in json.loads(manifest.read_text())["arrays"].values()}


def is_mapped(index):
    def mapping(array):
        while isinstance(array, np.ndarray):
            array = array.base
        return array

    return all(isinstance(mapping(array), mmap.mmap) for array in index.arrays().values())


def test_a_version_is_built_once_and_mapped_by_the_other_processes(store, made):
    rng = random.Random(4)
    reference = random_directory(rng, n_bodies=25)
    version = DirectoryVersion.current()
    first = index_for_version(version)
    assert made == ["build"] and len(manifests(store)) == 1
    # The process that built it lets its own arrays go for the shared copies.
    assert is_mapped(first)
    another_process()
    second = index_for_version(version)
    assert made == ["build"]
    assert second is not first and is_mapped(second)
    assert canonical(second) == canonical(SearchIndex.build())
    compare(rng, *reference, rounds=20)


def test_after_writes_the_mapped_index_equals_a_fresh_build_and_sql(store, made):
    rng = random.Random(5)
    reference = random_directory(rng, n_bodies=15)
    index_for_version(DirectoryVersion.current())
    for step in range(8):
        random_writes(rng, *reference)
        patched = index_for_version(DirectoryVersion.current())
        assert is_mapped(patched), step
        assert canonical(patched) == canonical(SearchIndex.build()), step
        # Another worker, holding nothing or the version before, maps what this one wrote.
        another_process()
        assert canonical(index_for_version(DirectoryVersion.current())) == canonical(patched)
        made.clear()
    assert made == []
    compare(rng, *reference, rounds=10)


def test_a_worker_holding_an_older_version_maps_the_new_one_instead_of_patching(store, made):
    CertificationBodyFactory(name="Alpha")
    old = DirectoryVersion.current()
    index_for_version(old)
    held = dict(search_indexes._indexes)
    CertificationBodyFactory(name="Beta")
    assert index_for_version(DirectoryVersion.current()).n_bodies == 2
    assert made == ["build", "patch"]
    search_indexes._indexes.clear()
    search_indexes._indexes.update(held)
    assert index_for_version(DirectoryVersion.current()).n_bodies == 2
    assert made == ["build", "patch"]


def test_a_mapped_index_is_brought_forward_without_reading_recognition_again(store, made):
    """Recognition records are reference data: a worker that maps an index another one
    built judges the next write's accreditations with the records its reference data
    read, not by reading them again for each index it maps."""
    CertificationBodyFactory(name="Alpha")
    index_for_version(DirectoryVersion.current())
    another_process()  # its own reference data, no index yet
    index_for_version(DirectoryVersion.current())
    assert made == ["build"]
    CertificationBodyFactory(name="Beta")

    with CaptureQueriesContext(connection) as queries:
        assert index_for_version(DirectoryVersion.current()).n_bodies == 2

    assert made == ["build", "patch"]
    read = [q["sql"] for q in queries.captured_queries if "accreditation_recognition" in q["sql"]]
    assert read == []


def test_a_patch_writes_only_the_arrays_it_changed(store):
    bodies = CertificationBodyFactory.create_batch(5)
    index_for_version(DirectoryVersion.current())
    (before,) = manifests(store)
    bodies[2].city = "Elsewhere"
    bodies[2].save()
    index_for_version(DirectoryVersion.current())
    after = [path for path in manifests(store) if path != before]
    assert len(after) == 1
    # The sort by update time: its order and its ranks.
    assert len(files_of(after[0]) - files_of(before)) <= 2


def test_a_version_brought_forward_maps_only_its_new_files(store, monkeypatch):
    bodies = CertificationBodyFactory.create_batch(5)
    index_for_version(DirectoryVersion.current())
    (before,) = manifests(store)
    bodies[2].city = "Elsewhere"
    bodies[2].save()
    loads, load = [], np.load
    monkeypatch.setattr(np, "load", lambda path, **kw: loads.append(path.name) or load(path, **kw))

    index = index_for_version(DirectoryVersion.current())

    (after,) = [path for path in manifests(store) if path != before]
    assert sorted(loads) == sorted(files_of(after) - files_of(before))
    assert canonical(index) == canonical(SearchIndex.build())


def test_old_versions_and_their_files_are_removed(store):
    for n in range(index_store.KEPT_MANIFESTS + 3):
        CertificationBodyFactory(name=f"Body {n}")
        index_for_version(DirectoryVersion.current())
    kept = manifests(store)
    assert len(kept) == index_store.KEPT_MANIFESTS
    named = set().union(*(files_of(path) for path in kept))
    assert {path.name for path in store.rglob("a-*.npy")} == named
    assert not list(store.rglob(".tmp-*"))


@pytest.mark.parametrize("damage", ["truncated", "garbage", "manifest", "missing", "foreign"])
def test_a_damaged_store_costs_a_build_not_an_error(store, made, client, damage):
    body = CertificationBodyFactory(name="Zephyr Certification")
    version = DirectoryVersion.current()
    index_for_version(version)
    (manifest,) = manifests(store)
    entries = json.loads(manifest.read_text())["arrays"]
    array = manifest.parent / entries["acc_standard"]["file"]
    if damage == "truncated":
        array.write_bytes(array.read_bytes()[:-1])
    elif damage == "garbage":
        array.write_bytes(b"\x93NUMPY garbage")
    elif damage == "manifest":
        manifest.write_text('{"version": ')
    elif damage == "foreign":
        # A manifest naming a file outside the store's own arrays.
        text = manifest.read_text().replace(entries["acc_standard"]["file"], "../acc.npy")
        (manifest.parent.parent / "acc.npy").write_bytes(array.read_bytes())
        manifest.write_text(text)
    else:
        array.unlink()
    another_process()
    assert index_for_version(version).body_ids.tolist() == [body.pk]
    assert made == ["build", "build"]
    another_process()
    response = client.get("/bodies/", {"q": "Zephyr"})
    assert response.status_code == 200
    assert body.name in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the token of PostgreSQL")
def test_a_version_reached_again_with_other_data_is_not_mapped(store):
    """A rolled-back write's version comes again with another write (as after a flush, a
    restore or a recreated database): the store's files for it are not this data's."""
    CertificationBodyFactory(name="Kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        CertificationBodyFactory(name="Rolled back")
        rolled_back = index_for_version(DirectoryVersion.current())
        assert rolled_back.n_bodies == 2
        version = DirectoryVersion.current()
        raise RuntimeError
    search_indexes._indexes.clear()
    CertificationBodyFactory(name="Other")
    assert DirectoryVersion.current() == version
    index = index_for_version(version)
    bodies = set(CertificationBody.objects.values_list("pk", flat=True))
    assert index.n_bodies == 2 and set(index.body_ids.tolist()) == bodies


def test_without_file_locks_each_process_builds_its_own(store, made, monkeypatch):
    monkeypatch.setattr(index_store, "fcntl", None)
    monkeypatch.setattr(index_store, "open_store", OPEN_STORE)
    CertificationBodyFactory()
    index_for_version(DirectoryVersion.current())
    another_process()
    index_for_version(DirectoryVersion.current())
    assert made == ["build", "build"]
    assert not manifests(store)


def test_a_folder_others_can_write_is_not_used(tmp_path, settings):
    settings.CERTDIR_INDEX_DIR = str(tmp_path / "open")
    (tmp_path / "open").mkdir(mode=0o777)
    (tmp_path / "open").chmod(0o777)
    assert index_store.open_store("default") is None


def test_sharing_can_be_turned_off(settings):
    settings.CERTDIR_INDEX_DIR = "off"
    assert index_store.open_store("default") is None
