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


@pytest.mark.parametrize("n_keys", [1, 9, 64, 80])
@pytest.mark.parametrize("seed", range(5))
def test_distinct_bodies_per_code_equal_a_set_count(seed, n_keys):
    rng, acc_body = random_directory(seed)
    acc_code = rng.integers(0, n_keys, len(acc_body))
    mask = rng.random(len(acc_body)) < 0.7
    shared = distinct.shared_bodies(acc_body, 100)
    pairs = distinct.same_code_pairs(acc_code, shared, distinct.shared_order(shared))
    counts = distinct.distinct_bodies_by_code(acc_code, mask, n_keys, pairs)
    assert counts.tolist() == expected_counts(acc_code[mask], acc_body[mask], n_keys)
    # The test's data has bodies with one accreditation and with several.
    assert (shared[mask] < 0).any() and (shared[mask] >= 0).any()


def test_same_code_pairs_name_every_earlier_accreditation_of_the_body_with_the_code():
    # Body 0 holds three accreditations with code 7 and one with code 2; body 1 one.
    acc_body = np.array([0, 1, 0, 0, 0])
    codes = np.array([7, 7, 2, 7, 7])
    shared = distinct.shared_bodies(acc_body, 2)
    later, earlier = distinct.same_code_pairs(codes, shared, distinct.shared_order(shared))
    assert sorted(zip(later.tolist(), earlier.tolist(), strict=True)) == [(3, 0), (4, 0), (4, 3)]
    # Only the last of the three is masked: it counts, once.
    mask = np.array([False, False, False, False, True])
    counts = distinct.distinct_bodies_by_code(codes, mask, 8, (later, earlier))
    assert counts.tolist() == [0, 0, 0, 0, 0, 0, 0, 1]


@pytest.mark.parametrize("columns", [1, 6, 64, 70])
@pytest.mark.parametrize("seed", range(5))
def test_distinct_bodies_per_column_equal_a_set_count(seed, columns):
    rng, acc_body = random_directory(seed)
    matrix = rng.random((len(acc_body), columns)) < 0.3
    mask = rng.random(len(acc_body)) < 0.7
    shared = distinct.shared_bodies(acc_body, 100)
    bits = distinct.packed_columns(matrix)
    counts = distinct.distinct_bodies_by_bits(
        bits, mask, columns, shared, distinct.shared_order(shared)
    )
    at, column = np.nonzero(matrix[mask])
    assert counts.tolist() == expected_counts(column, acc_body[mask][at], columns)


def test_packed_columns_keep_each_column_at_its_bit():
    matrix = np.zeros((2, 70), dtype=bool)
    matrix[0, [0, 9, 63]] = True
    matrix[1, [64, 69]] = True
    bits = distinct.packed_columns(matrix)
    assert bits.shape == (2, 2)
    assert distinct.bit_counts(bits, 70).nonzero()[0].tolist() == [0, 9, 63, 64, 69]


def test_nothing_to_count():
    shared = distinct.shared_bodies(np.array([0, 0, 1], dtype=np.int32), 2)
    order = distinct.shared_order(shared)
    nothing = np.zeros(3, dtype=bool)
    codes = np.array([0, 0, 2])
    pairs = distinct.same_code_pairs(codes, shared, order)
    assert distinct.distinct_bodies_by_code(codes, nothing, 3, pairs).tolist() == [0, 0, 0]
    bits = distinct.packed_columns(np.ones((3, 2), dtype=bool))
    nothing = np.zeros(3, dtype=bool)
    counts = distinct.distinct_bodies_by_bits(
        bits, nothing, 2, shared, distinct.shared_order(shared)
    )
    assert counts.tolist() == [0, 0]
