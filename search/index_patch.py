"""Bring a search index forward by re-reading only the bodies a change touched.

The change log (``accreditation.changes``) names the bodies changed since the index's
version. Their rows, accreditations, scopes and sectors are read again (a few queries
whose size is that of the change), and merged with the unchanged rows of the old index
into new arrays: the old index stays as it was, for requests still using it. The sort
orders are kept without re-sorting: each re-read body is placed just before the
unchanged body that follows it in the database's order (its collation orders names),
which one query finds through the name, country and update-time indexes.

The database reads are proportional to the change. The merge copies the arrays once
(vectorised, about a millisecond per 100,000 bodies for each array), which keeps every
published index immutable and so safe for the threads reading it.
"""

import numpy as np
from django.db import connections, router

from accreditation.changes import BULK_BODIES
from bodies.models import CertificationBody
from search.index_rows import (
    SORTS,
    accreditation_arrays,
    accreditations_of,
)

# Above this many changed bodies, a full build costs less than placing each one.
PATCH_LIMIT = BULK_BODIES

PER_ACCREDITATION = (
    "acc_ids",
    "acc_body",
    "acc_ab",
    "acc_casco",
    "acc_status",
    "acc_valid_until",
    "acc_recognised",
    "acc_granted",
)
SCOPE = ("acc_standard", "acc_standard_recognised")
# The boolean matrices also kept packed (``search.distinct.packed_columns``), for counting.
PACKED = ("acc_sector", *SCOPE)


def bring_forward(index, changed, recognition):
    """The constructor fields of ``index`` with the bodies whose pks are in ``changed`` (a
    sorted list) read again (``recognition`` judging their accreditations), or None where a
    full build must do instead."""
    if len(changed) > PATCH_LIMIT:
        return None
    changed = np.asarray(changed, dtype=np.int64)
    rows, successors = _changed_rows(changed.tolist())
    new_ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    keep = ~np.isin(index.body_ids, changed)
    kept_at, new_at = _merge_positions(index.body_ids[keep], new_ids)
    # Edits without insertions or deletions leave every body where it was.
    in_place = np.array_equal(index.body_ids[~keep], new_ids)
    if in_place:
        body_ids = index.body_ids
    else:
        body_ids = np.empty(len(kept_at) + len(new_at), dtype=np.int64)
        body_ids[kept_at] = index.body_ids[keep]
        body_ids[new_at] = new_ids
    moved = np.full(index.n_bodies, -1, dtype=np.int32)
    moved[keep] = kept_at

    sorted_positions = {}
    for n, sort in enumerate(SORTS):
        relative = np.fromiter((row[2 + n] for row in rows), dtype=np.int64, count=len(rows))
        if in_place and _unmoved(index, sort, new_at, relative, successors[n]):
            sorted_positions[sort] = index.sorted_positions[sort]
            continue
        order = _order(index, sort, keep, moved, new_at, relative, successors[n])
        if order is None:
            return None
        sorted_positions[sort] = order

    accreditations = _accreditations(index, keep, moved, changed, body_ids, in_place, recognition)
    if accreditations is None:
        return None
    countries, body_country = _countries(
        index, keep, kept_at, new_at, rows, len(body_ids), in_place
    )
    return {
        "body_ids": body_ids,
        "countries": countries,
        "body_country": body_country,
        "orders": None,
        "sorted_positions": sorted_positions,
        **accreditations,
    }


def _merge_positions(kept, new):
    """Where the sorted arrays ``kept`` and ``new`` (disjoint) go in their merge."""
    kept_at = np.arange(len(kept)) + np.searchsorted(new, kept)
    new_at = np.searchsorted(kept, new) + np.arange(len(new))
    return kept_at, new_at


def _replaced(old, positions, rows):
    """``old`` with ``rows`` at ``positions``: ``old`` itself where they are equal (indexes
    are never written to once built, so versions can share arrays)."""
    if np.array_equal(old[positions], rows):
        return old
    replaced = old.copy()
    replaced[positions] = rows
    return replaced


def _merged(old, kept_at, new, new_at):
    """One array of ``old`` rows at ``kept_at`` and ``new`` rows at ``new_at``."""
    merged = np.empty((len(kept_at) + len(new_at), *old.shape[1:]), dtype=old.dtype)
    merged[kept_at] = old
    merged[new_at] = new
    return merged


def _countries(index, keep, kept_at, new_at, rows, n_bodies, in_place):
    """The country codes present (sorted) and each body's code among them."""
    countries = sorted(set(index.countries) | {row[1] for row in rows})
    code = {country: n for n, country in enumerate(countries)}
    codes = np.array([code[row[1]] for row in rows], dtype=np.int16)
    if in_place and len(countries) == len(index.countries):
        body_country = _replaced(index.body_country, new_at, codes)
    else:
        recoded = np.array([code[c] for c in index.countries], dtype=np.int16)
        body_country = np.empty(n_bodies, dtype=np.int16)
        body_country[kept_at] = recoded[index.body_country[keep]]
        body_country[new_at] = codes
    used = np.bincount(body_country, minlength=len(countries)) > 0
    if not used.all():
        countries = [country for country, present in zip(countries, used, strict=True) if present]
        body_country = (np.cumsum(used) - 1).astype(np.int16)[body_country]
    return countries, body_country


def _changed_rows(changed):
    """(rows, successors) of the bodies of ``changed`` that still exist, in one query: rows
    as ``body_columns`` reads them, ranks among these bodies; per sort order, the pk of the
    unchanged body that follows each of them in the database's order (-1 for none)."""
    connection = connections[router.db_for_read(CertificationBody)]
    table = connection.ops.quote_name(CertificationBody._meta.db_table)
    unchanged = f"b.id NOT IN ({', '.join(['%s'] * len(changed))})"
    # The sort orders of ``body_columns`` (the database's collation orders names).
    ranks = [
        "ROW_NUMBER() OVER (ORDER BY c.name, c.country, c.id) - 1",
        "ROW_NUMBER() OVER (ORDER BY c.country, c.name, c.id) - 1",
        "ROW_NUMBER() OVER (ORDER BY c.updated_at DESC, c.name, c.id) - 1",
    ]
    # (name, country) and (country, name) are unique, so they order bodies wholly.
    following = [
        f"(SELECT b.id FROM {table} AS b WHERE (b.name, b.country) > (c.name, c.country) "
        f"AND {unchanged} ORDER BY b.name, b.country LIMIT 1)",
        f"(SELECT b.id FROM {table} AS b WHERE (b.country, b.name) > (c.country, c.name) "
        f"AND {unchanged} ORDER BY b.country, b.name LIMIT 1)",
        # ``name || ''`` keeps the planner on the update-time index (few rows share a time).
        f"COALESCE((SELECT b.id FROM {table} AS b WHERE b.updated_at = c.updated_at "
        f"AND (b.name || '', b.id) > (c.name, c.id) AND {unchanged} "
        "ORDER BY b.name || '', b.id LIMIT 1), "
        f"(SELECT b.id FROM {table} AS b WHERE b.updated_at < c.updated_at AND {unchanged} "
        "ORDER BY b.updated_at DESC, b.name, b.id LIMIT 1))",
    ]
    sql = (
        f"SELECT c.id, c.country, {', '.join(ranks)}, {', '.join(following)} "
        f"FROM {table} AS c WHERE c.id IN ({', '.join(['%s'] * len(changed))}) ORDER BY c.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*changed * sql.count("NOT IN"), *changed])
        rows = cursor.fetchall()
    successors = [
        np.fromiter((-1 if row[n] is None else row[n] for row in rows), np.int64, len(rows))
        for n in range(2 + len(SORTS), 2 + 2 * len(SORTS))
    ]
    return [row[: 2 + len(SORTS)] for row in rows], successors


def _unmoved(index, sort, positions, relative, successors):
    """Whether the re-read bodies at ``positions`` keep their places in ``sort`` order:
    each is followed by the unchanged body that followed it, and among themselves they
    are in the order they were (most edits move no body in the name or country order,
    and this costs a step per body where placing them costs passes over every body)."""
    ranks = index.orders[sort][positions]
    if not np.array_equal(np.argsort(ranks), np.argsort(relative)):
        return False
    changed, in_order = set(ranks.tolist()), index.sorted_positions[sort]
    for rank, successor in zip(ranks.tolist(), successors.tolist(), strict=True):
        following = rank + 1
        while following in changed:
            following += 1
        held = index.body_ids[in_order[following]] if following < index.n_bodies else -1
        if held != successor:
            return False
    return True


def _order(index, sort, keep, moved, new_at, relative, successors):
    """Body positions in ``sort`` order: the unchanged bodies in their old order, each
    re-read body inserted before its successor, in ``relative`` order where several
    share one; None where a successor is not an unchanged body of the index."""
    old_order = index.sorted_positions[sort]
    kept_in_order = keep[old_order]
    kept_order = moved[old_order[kept_in_order]]
    has = successors >= 0
    at_old = np.searchsorted(index.body_ids, successors[has])
    if np.any(at_old >= index.n_bodies):
        return None
    if not (np.all(index.body_ids[at_old] == successors[has]) and np.all(keep[at_old])):
        return None
    among_kept = np.cumsum(kept_in_order) - 1
    at = np.full(len(successors), len(kept_order), dtype=np.int64)
    at[has] = among_kept[index.orders[sort][at_old]]
    arrange = np.lexsort((relative, at))
    return np.insert(kept_order, at[arrange], new_at[arrange])


def _accreditations(index, keep, moved, changed, body_ids, in_place, recognition):
    """The per-accreditation arrays: those of unchanged bodies as they were (their
    bodies' positions moved), those of the re-read bodies read again."""
    keep_acc = keep[index.acc_body]
    rows, pairs = accreditations_of(changed.tolist())
    in_scopes = rows["standard"][rows["standard"] >= 0]
    new = accreditation_arrays(
        rows,
        pairs,
        body_ids,
        recognition,
        standard_pks=np.union1d(index.standard_pks, in_scopes).astype(np.int64),
    )
    standard_pks = new["standard_pks"]
    # Accreditations of unchanged bodies cannot be read again (a transfer logs both).
    kept_ids = index.acc_ids[keep_acc]
    found = np.minimum(np.searchsorted(kept_ids, new["acc_ids"]), max(len(kept_ids) - 1, 0))
    if len(kept_ids) and np.any(kept_ids[found] == new["acc_ids"]):
        return None
    removed = np.flatnonzero(~keep_acc)
    same_columns = np.array_equal(standard_pks, index.standard_pks) and len(standard_pks)
    if in_place and same_columns and np.array_equal(index.acc_ids[removed], new["acc_ids"]):
        return _in_place(index, removed, new)
    kept_at, new_at = _merge_positions(kept_ids, new["acc_ids"])
    fields = {}
    for name in PER_ACCREDITATION:
        old = index.acc_body[keep_acc] if name == "acc_body" else getattr(index, name)[keep_acc]
        if name == "acc_body":
            old = moved[old]
        fields[name] = _merged(old, kept_at, new[name], new_at)
    fields["acc_sector"] = _merged(index.acc_sector[keep_acc], kept_at, new["acc_sector"], new_at)
    columns = np.searchsorted(standard_pks, index.standard_pks)
    for name in SCOPE:
        old = getattr(index, name)[keep_acc]
        if not same_columns:
            old, kept_scope = np.zeros((len(old), new[name].shape[1]), dtype=bool), old
            old[:, columns] = kept_scope[:, : len(columns)]
        fields[name] = _merged(old, kept_at, new[name], new_at)
    # A standard no scope holds any longer has no column, as in a full build.
    used = fields["acc_standard"].any(axis=0)
    if not used.all() and used.any():
        for name in SCOPE:
            fields[name] = fields[name][:, used]
        standard_pks = standard_pks[used]
    elif not used.any():
        standard_pks = standard_pks[:0]
        for name in SCOPE:
            fields[name] = fields[name][:, :1] & False
    fields["standard_pks"] = standard_pks
    return fields


def _in_place(index, positions, new):
    """The arrays with the re-read accreditations, which sit where they were, replaced."""
    fields = {
        name: _replaced(getattr(index, name), positions, new[name])
        for name in (*PER_ACCREDITATION, "acc_sector", *SCOPE)
    }
    # Only a standard the re-read scopes no longer hold can have lost its last holder:
    # looking at those columns alone spares a pass over the whole scope matrix.
    used = np.ones(len(index.standard_pks), dtype=bool)
    dropped = np.flatnonzero(
        index.acc_standard[positions].any(axis=0) & ~new["acc_standard"].any(axis=0)
    )
    used[dropped] = fields["acc_standard"][:, dropped].any(axis=0)
    if fields["acc_standard"] is index.acc_standard or used.all():
        fields["standard_pks"] = index.standard_pks
        return fields
    for name in SCOPE:
        fields[name] = fields[name][:, used] if used.any() else fields[name][:, :1] & False
    fields["standard_pks"] = index.standard_pks[used]
    return fields


def unchanged_kept(index, fields):
    """``fields`` with the arrays derived from arrays the patch left as they were taken
    from ``index`` rather than computed again: versions then share them, in memory and in
    the store (a write that moves no body rewrites one sort order, not six arrays)."""
    orders = {}
    for sort, positions in fields["sorted_positions"].items():
        if np.array_equal(positions, index.sorted_positions[sort]):
            fields["sorted_positions"][sort] = index.sorted_positions[sort]
            orders[sort] = index.orders[sort]
        else:
            orders[sort] = inverse(positions)
    fields["orders"] = orders
    if fields["acc_body"] is index.acc_body:
        fields["acc_shared_body"] = index.acc_shared_body
        fields["acc_shared_order"] = index.acc_shared_order
    for name in PACKED:
        if fields[name] is getattr(index, name):
            fields[f"{name}_bits"] = getattr(index, f"{name}_bits")
    for name in ("ab", "casco"):
        if fields[f"acc_{name}"] is getattr(index, f"acc_{name}"):
            fields[f"{name}_keys"] = getattr(index, f"{name}_keys")
            fields[f"{name}_codes"] = getattr(index, f"{name}_codes")
            if fields["acc_body"] is index.acc_body:
                fields[f"{name}_pairs"] = getattr(index, f"{name}_pairs")
    return fields


def inverse(permutation):
    """The inverse of a permutation of 0..n-1: ranks from an order, or an order from ranks."""
    result = np.empty_like(permutation)
    result[permutation] = np.arange(len(permutation), dtype=permutation.dtype)
    return result
