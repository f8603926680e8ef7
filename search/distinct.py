"""Counting distinct bodies per key over (key, accreditation) pairs: a facet's counts.

A facet counts bodies, not accreditations: a body with two accreditations from UKAS
counts once for UKAS. Only bodies with several accreditations can repeat a (key, body)
pair, so the pairs of the others are simply counted (``np.bincount``), and only the
rest are made distinct, by marking (key, body) cells in a boolean grid and summing its
rows, with those bodies numbered densely: linear time, where ``np.unique`` would sort.
At a million bodies sorting the pairs took most of a search (over 200 ms for the
accreditation bodies' facet alone).
"""

import numpy as np

# The most memory a grid takes at once: a search's memory stays bounded, not a byte per
# body and key (40 MiB at a million bodies for the IAF sectors).
GRID_BYTES = 8 * 1024 * 1024


def dense_codes(values):
    """(sorted distinct values, each value's position among them), as ``np.unique`` with
    ``return_inverse`` but in linear time for small non-negative keys such as pks."""
    if not len(values):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.intp)
    present = np.bincount(values) > 0
    keys = np.flatnonzero(present)
    lookup = np.cumsum(present) - 1
    return keys, lookup[values]


def shared_bodies(acc_body, n_bodies):
    """Each accreditation's body numbered among the bodies with more than one
    accreditation (0, 1, ...), or -1 where its body has no other."""
    per_body = np.bincount(acc_body, minlength=n_bodies)
    shared = per_body > 1
    numbers = np.where(shared, np.cumsum(shared) - 1, -1).astype(np.int32)
    return numbers[acc_body]


def distinct_bodies(codes, accs, n_keys, acc_shared_body):
    """The number of distinct bodies per code 0..``n_keys``-1, over the pairs of
    ``codes`` and accreditation positions ``accs``, where each accreditation holds a code
    at most once (``acc_shared_body``: ``shared_bodies`` of the accreditations)."""
    counts = np.zeros(n_keys, dtype=np.int64)
    if not len(codes):
        return counts
    codes = np.asarray(codes, dtype=np.int64)
    shared = acc_shared_body[accs]
    alone = shared < 0
    counts += np.bincount(codes[alone], minlength=n_keys)
    codes, shared = codes[~alone], shared[~alone]
    if len(codes):
        _, bodies = dense_codes(shared)
        counts += _grid_counts(codes, bodies, n_keys, int(bodies.max()) + 1)
    return counts


def _grid_counts(codes, bodies, n_keys, n_bodies):
    """Distinct bodies per code, marked in a (code, body) grid as many codes at a time
    as fit in ``GRID_BYTES``, each block's pairs picked by their codes' range."""
    per = max(1, min(n_keys, GRID_BYTES // n_bodies))
    grid = np.empty(per * n_bodies, dtype=bool)
    counts = np.zeros(n_keys, dtype=np.int64)
    for start in range(0, n_keys, per):
        stop = min(start + per, n_keys)
        block_codes, block_bodies = codes, bodies
        if per < n_keys:
            inside = (codes >= start) & (codes < stop)
            block_codes, block_bodies = codes[inside], bodies[inside]
        if not len(block_codes):
            continue
        cells = grid[: (stop - start) * n_bodies]
        cells[:] = False
        cells[(block_codes - start) * n_bodies + block_bodies] = True
        counts[start:stop] = np.count_nonzero(cells.reshape(stop - start, n_bodies), axis=1)
    return counts


def distinct_bodies_by_column(matrix, rows, acc_shared_body):
    """The number of distinct bodies per column of the boolean ``matrix`` (a row per
    accreditation, a column per key, as a scope's standards) over the accreditations at
    positions ``rows``, a bounded number of them at a time."""
    n_keys = matrix.shape[1]
    counts = np.zeros(n_keys, dtype=np.int64)
    shared = acc_shared_body[rows]
    alone = shared < 0
    for chunk in _slices(rows[alone]):
        counts += np.count_nonzero(matrix[chunk], axis=0)
    rows = rows[~alone]
    if not len(rows):
        return counts
    _, bodies = dense_codes(shared[~alone])
    n_bodies = int(bodies.max()) + 1
    per = max(1, min(n_keys, GRID_BYTES // n_bodies))
    grid = np.empty((n_bodies, per), dtype=bool)
    for start in range(0, n_keys, per):
        stop = min(start + per, n_keys)
        cells = grid[:, : stop - start]
        cells[:] = False
        for begin in range(0, len(rows), ROWS_AT_ONCE):
            at, column = np.nonzero(matrix[rows[begin : begin + ROWS_AT_ONCE], start:stop])
            cells[bodies[begin + at], column] = True
        counts[start:stop] += np.count_nonzero(cells, axis=0)
    return counts


# Rows of a matrix gathered at a time (a copy of ROWS_AT_ONCE x columns bytes).
ROWS_AT_ONCE = 131_072


def _slices(positions):
    for begin in range(0, len(positions), ROWS_AT_ONCE):
        yield positions[begin : begin + ROWS_AT_ONCE]
