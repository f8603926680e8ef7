"""Counting distinct bodies per key over the masked accreditations: a facet's counts.

A facet counts bodies, not accreditations: a body with two accreditations from UKAS
counts once for UKAS. Only bodies with several accreditations can count a key twice.

Where each accreditation has one key (its accreditation body, its CASCO standard, its
status), the pairs of accreditations of one body with the same key are listed once per
index (``same_code_pairs``); a search then counts each masked accreditation unless an
earlier one of its pair is masked too, with one ``np.bincount``. Where an accreditation
has several (its scope's standards, its sectors), the accreditations of bodies with
several, kept grouped by body (``shared_order``), have their keys as bits (a row of one
or a few machine words) OR-ed together per body (``np.bitwise_or.reduceat``), and the
bits counted. All of it is linear: at a million bodies, sorting (code, body) pairs to
make them distinct took most of a search (over 200 ms for the accreditation bodies'
facet alone), and OR-ing one-hot rows of the single keys about 40 ms a facet.
"""

import numpy as np


def dense_codes(values):
    """(sorted distinct values, each value's position among them), as ``np.unique`` with
    ``return_inverse`` but in linear time for small non-negative keys such as pks."""
    if not len(values):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.intp)
    present = np.bincount(values) > 0
    keys = np.flatnonzero(present)
    # The smallest type that holds the codes (a byte for a few hundred keys): an eighth
    # of the memory, and comparing or gathering them costs less.
    lookup = (np.cumsum(present) - 1).astype(np.min_scalar_type(max(len(keys) - 1, 0)))
    return keys, lookup[values]


def shared_bodies(acc_body, n_bodies):
    """Each accreditation's body numbered among the bodies with more than one
    accreditation (0, 1, ...), or -1 where its body has no other."""
    per_body = np.bincount(acc_body, minlength=n_bodies)
    shared = per_body > 1
    numbers = np.where(shared, np.cumsum(shared) - 1, -1).astype(np.int32)
    return numbers[acc_body]


def packed_columns(matrix):
    """The rows of a boolean matrix as bits, column ``c`` at bit ``c % 8`` of byte
    ``c // 8``, in uint64 words: (rows, words). A row is then one or a few machine
    words: gathering and OR-ing rows is far cheaper than on a row of bytes per column."""
    rows, columns = matrix.shape
    words = max(1, -(-columns // 64))
    as_bytes = np.zeros((rows, words * 8), dtype=np.uint8)
    as_bytes[:, : -(-columns // 8)] = np.packbits(matrix, axis=1, bitorder="little")
    return as_bytes.view(np.uint64)


def shared_order(acc_shared_body):
    """The positions of the accreditations of bodies with several, grouped by body."""
    shared = np.flatnonzero(acc_shared_body >= 0)
    return shared[np.argsort(acc_shared_body[shared], kind="stable")]


def same_code_pairs(codes, acc_shared_body, acc_shared_order):
    """(later, earlier): the positions of every pair of accreditations of one body with
    the same code, as a (2, pairs) array, ``later`` after ``earlier`` in ``acc_shared_order``."""
    body = acc_shared_body[acc_shared_order]
    code = codes[acc_shared_order]
    later, earlier = [], []
    # A body's accreditations are next to each other: compare each with the one d before.
    distance = 1
    while distance < len(body):
        same_body = body[distance:] == body[:-distance]
        if not same_body.any():
            break
        same = same_body & (code[distance:] == code[:-distance])
        later.append(acc_shared_order[distance:][same])
        earlier.append(acc_shared_order[:-distance][same])
        distance += 1
    if not later:
        return np.zeros((2, 0), dtype=np.int32)
    return np.stack([np.concatenate(later), np.concatenate(earlier)]).astype(np.int32)


def distinct_bodies_by_code(codes, mask, n_keys, pairs):
    """The number of distinct bodies per code 0..``n_keys``-1 over the masked
    accreditations, each with its code ``codes`` (its accreditation body, its status...);
    ``pairs``: ``same_code_pairs`` of the codes."""
    later, earlier = pairs
    counted = mask.copy()
    # A body counts for a code through its first masked accreditation with it.
    counted[later[mask[earlier]]] = False
    return np.bincount(codes[counted], minlength=n_keys)


def distinct_bodies_by_bits(bits, mask, n_keys, acc_shared_body, acc_shared_order, single=None):
    """The number of distinct bodies per column 0..``n_keys``-1 of the packed matrix
    ``bits`` (``packed_columns``: a row per accreditation, a column per key, as a scope's
    standards) over the masked accreditations; ``single``: ``acc_shared_body < 0``, where
    the caller keeps it."""
    single = acc_shared_body < 0 if single is None else single
    counts = bit_counts(bits[mask & single], n_keys)
    ordered = acc_shared_order[mask[acc_shared_order]]
    if len(ordered):
        counts += _shared_counts(bits[ordered], ordered, n_keys, acc_shared_body)
    return counts


def _shared_counts(rows, ordered, n_keys, acc_shared_body):
    """Bodies per column of the packed ``rows`` of the accreditations at ``ordered``
    (grouped by body): each body counts once, by the OR of its rows."""
    starts = np.flatnonzero(np.diff(acc_shared_body[ordered], prepend=-1))
    return bit_counts(np.bitwise_or.reduceat(rows, starts, axis=0), n_keys)


# Row b: the bits of the byte value b, lowest first.
BYTE_BITS = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1, bitorder="little")


def bit_counts(words, n_keys):
    """How many rows of ``words`` (``packed_columns``) have each of the first ``n_keys``
    columns set: a histogram of each byte's values, 256 counts, times their bits."""
    counts = np.zeros(words.shape[1] * 64, dtype=np.int64)
    if not len(words):
        return counts[:n_keys]
    as_bytes = words.view(np.uint8).reshape(len(words), -1)
    for byte in range(-(-n_keys // 8)):
        values = np.bincount(as_bytes[:, byte], minlength=256)
        counts[byte * 8 : byte * 8 + 8] = values @ BYTE_BITS
    return counts[:n_keys]
