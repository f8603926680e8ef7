import numpy as np
import pytest

from search import distinct


def random_directory(seed, n_bodies=100, n_accs=120):
    """Accreditations over bodies: many with one, some with several, some with none."""
    rng = np.random.default_rng(seed)
    acc_body = rng.integers(0, n_bodies, n_accs).astype(np.int32)
    return rng, acc_body


def expected_counts(codes, bodies, n_keys):
    return [len(set(bodies[codes == key].tolist())) for key in range(n_keys)]


def test_shared_bodies_numbers_only_bodies_with_several_accreditations():
    acc_body = np.array([3, 0, 3, 1, 5, 5, 5])
    assert distinct.shared_bodies(acc_body, 6).tolist() == [0, -1, 0, -1, 1, 1, 1]


@pytest.mark.parametrize("grid_bytes", [1, 7, 30, 8 * 1024 * 1024])
@pytest.mark.parametrize("seed", range(5))
def test_distinct_bodies_per_code_equal_a_set_count(monkeypatch, seed, grid_bytes):
    monkeypatch.setattr(distinct, "GRID_BYTES", grid_bytes)
    rng, acc_body = random_directory(seed)
    n_keys = 9
    acc_code = rng.integers(0, n_keys, len(acc_body))
    accs = np.flatnonzero(rng.random(len(acc_body)) < 0.7)
    shared = distinct.shared_bodies(acc_body, 100)
    counts = distinct.distinct_bodies(acc_code[accs], accs, n_keys, shared)
    assert counts.tolist() == expected_counts(acc_code[accs], acc_body[accs], n_keys)
    # The test's data has both kinds of body, so both ways of counting are exercised.
    assert (shared[accs] < 0).any() and (shared[accs] >= 0).any()


@pytest.mark.parametrize("grid_bytes", [1, 7, 30, 8 * 1024 * 1024])
@pytest.mark.parametrize("seed", range(5))
def test_distinct_bodies_per_column_equal_a_set_count(monkeypatch, seed, grid_bytes):
    monkeypatch.setattr(distinct, "GRID_BYTES", grid_bytes)
    monkeypatch.setattr(distinct, "ROWS_AT_ONCE", 7)
    rng, acc_body = random_directory(seed)
    matrix = rng.random((len(acc_body), 6)) < 0.3
    rows = np.flatnonzero(rng.random(len(acc_body)) < 0.7)
    counts = distinct.distinct_bodies_by_column(matrix, rows, distinct.shared_bodies(acc_body, 100))
    at, column = np.nonzero(matrix[rows])
    assert counts.tolist() == expected_counts(column, acc_body[rows[at]], 6)


def test_nothing_to_count():
    shared = distinct.shared_bodies(np.array([0, 0, 1], dtype=np.int32), 2)
    empty = np.zeros(0, dtype=np.int64)
    assert distinct.distinct_bodies(empty, empty, 3, shared).tolist() == [0, 0, 0]
    matrix = np.ones((3, 2), dtype=bool)
    assert distinct.distinct_bodies_by_column(matrix, empty, shared).tolist() == [0, 0]
