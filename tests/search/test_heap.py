import gc

import pytest

from search import heap
from tests.factories import CertificationBodyFactory

glibc = pytest.mark.skipif(
    heap._libc() is None or heap.anonymous_memory() is None,
    reason="needs Linux and glibc",
)


@pytest.fixture
def fresh_mark(monkeypatch):
    monkeypatch.setattr(heap, "_after_last_trim", None)
    monkeypatch.setattr(heap, "_in_flight", 0)


def scattered_garbage(total):
    """Free ``total`` bytes of heap in pieces between live ones (as a search leaves it)."""
    pieces = [bytes(3000) for _ in range(total // 3000)]
    kept = pieces[::10]
    del pieces
    gc.collect()
    return kept


@glibc
def test_freed_heap_goes_back_to_the_system_once_past_the_bound(fresh_mark):
    heap.trim_grown_heap()
    before = heap.anonymous_memory()
    kept = scattered_garbage(200 * 1024 * 1024)
    grown = heap.anonymous_memory()
    assert grown - before > heap.TRIM_AFTER_GROWTH
    heap.trim_grown_heap()
    after = heap.anonymous_memory()
    # 10 % of the pieces are live; most of the 200 MiB freed around them comes back.
    assert after - before < (grown - before) / 2
    assert heap._after_last_trim == pytest.approx(after, abs=1024 * 1024)
    assert kept


def test_no_trim_below_the_bound_and_the_mark_follows_the_trim(fresh_mark, monkeypatch):
    readings = iter([100, 100 + heap.TRIM_AFTER_GROWTH - 1, 100 + heap.TRIM_AFTER_GROWTH, 150])
    trims = []
    monkeypatch.setattr(heap, "anonymous_memory", lambda: next(readings))
    monkeypatch.setattr(heap, "release_freed_memory", lambda: trims.append(True))
    heap.trim_grown_heap()
    heap.trim_grown_heap()
    assert trims == []
    heap.trim_grown_heap()
    assert trims == [True]
    # Memory still live after the trim raises the mark: the next trim is TRIM_AFTER_GROWTH above it.
    assert heap._after_last_trim == 150


@pytest.mark.django_db
def test_every_finished_request_checks_the_heap(client, monkeypatch):
    checked = []
    monkeypatch.setattr(heap, "anonymous_memory", lambda: checked.append(True))
    client.get("/healthz")
    assert checked


def test_a_trim_while_another_request_is_under_way_keeps_the_mark(fresh_mark, monkeypatch):
    bound = heap.TRIM_AFTER_GROWTH
    readings = iter([100, 100 + bound, 100 + bound, 110])
    trims = []
    monkeypatch.setattr(heap, "anonymous_memory", lambda: next(readings))
    monkeypatch.setattr(heap, "release_freed_memory", lambda: trims.append(True))
    heap.trim_grown_heap()
    heap.request_started()
    heap.request_started()
    # One finishes while the other still holds its arrays: trimmed, the mark stays.
    heap.trim_grown_heap()
    assert trims == [True] and heap._after_last_trim == 100
    # The last one finishes: trimmed again, and the mark follows.
    heap.trim_grown_heap()
    assert trims == [True, True] and heap._after_last_trim == 110 and heap._in_flight == 0


def test_without_proc_nothing_happens(fresh_mark, monkeypatch):
    trims = []
    monkeypatch.setattr(heap, "anonymous_memory", lambda: None)
    monkeypatch.setattr(heap, "release_freed_memory", lambda: trims.append(True))
    heap.trim_grown_heap()
    assert trims == [] and heap._after_last_trim is None


@pytest.mark.django_db
def test_a_rendered_search_lets_go_of_its_arrays(client):
    """The rendered context is a reference cycle, kept until the collector's full pass:
    what it holds of the search must not include the index or the results' arrays."""
    CertificationBodyFactory.create_batch(3, country="DE")
    response = client.get("/bodies/?country=DE")
    assert response.status_code == 200
    assert "3 bodies found" in response.content.decode()
    held = set(response.context["search"].__dict__)
    assert not held & {"index", "_text", "_indexed", "page"}
