"""A worker's heap: keeping the search's large temporary arrays out of it, and giving back
what searches freed.

A search makes and frees many temporary arrays. glibc keeps the heap memory freed by them
for reuse, and at a million bodies the pieces are too scattered to be reused well: after
20 uncached searches a worker held 111 MiB more than when idle, of which 9 MiB were live.
One ``malloc_trim`` (a few milliseconds) gave 91 MiB of it back. Each function here does
nothing where the C library is not glibc.
"""

import contextlib
import ctypes
import os
import threading

# glibc's mallopt parameters (malloc.h) and the values set unless the environment sets them.
M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8
HEAP_SETTINGS = {
    # 1 MiB: at 100,000 bodies a mask (0.1-0.8 MB) comes from the heap and is reused by
    # the next search; at 128 KiB each was mapped, zeroed page by page and unmapped again,
    # some 6 ms of a search's 70 ms CPU. A mask of a million bodies (1,000,000 bytes) still
    # comes from the heap; trim_grown_heap gives back what such masks leave.
    "MALLOC_MMAP_THRESHOLD_": (M_MMAP_THRESHOLD, 1024 * 1024),
    # Each thread's own heap (arena) keeps what it freed: two for a worker's threads.
    "MALLOC_ARENA_MAX": (M_ARENA_MAX, 2),
}
# How much a process's anonymous memory may grow after a request over what it held after
# its last trim before it is trimmed again: the heap a few searches at a million bodies
# leave behind, so that a trim is rare but the growth stays under the 80 MiB a worker may
# take over an idle one (docs/deployment.md). A warm worker at a million bodies keeps
# about 50 MiB live (its index's kept masks, counts and texts); at 32 MiB a worker that
# had brought its index forward after a write held 82 MiB over idle.
TRIM_AFTER_GROWTH = 16 * 1024 * 1024

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_lock = threading.Lock()


def _libc():
    """glibc, or None where the C library is another (its functions would be missing)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None)
        if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt"):
            return libc
    return None


def keep_large_arrays_out_of_the_heap():
    """Have glibc map each large allocation of its own and unmap it when freed.

    A search's temporary arrays (masks, packed rows) are freed at its end, but glibc
    raises its mapping threshold to the size of each mapped block freed (up to 32 MiB),
    so that the next ones come from the heap, which it keeps: a worker's memory then grows
    with the directory's size. A fixed threshold (what ``MALLOC_MMAP_THRESHOLD_=1048576``
    in the environment sets, which wins) keeps them out of it; and few heaps (arenas)
    for the worker's threads, as ``MALLOC_ARENA_MAX=2`` would.
    """
    libc = _libc()
    if libc is None:
        return
    for variable, (parameter, value) in HEAP_SETTINGS.items():
        if variable not in os.environ:
            libc.mallopt(parameter, value)


def release_freed_memory():
    """Return to the system the heap memory freed but kept by glibc."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def anonymous_memory():
    """This process's resident memory not backed by a file, in bytes (None off Linux)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            fields = statm.read().split()
    except OSError:
        return None
    resident, shared = int(fields[1]), int(fields[2])
    return (resident - shared) * _PAGE_SIZE


# The mark starts at the process's memory when this module is first imported (as the
# app registry loads): the request that builds a whole index leaves hundreds of MiB freed
# but kept, which a mark taken after it would count as the worker's own.
_after_last_trim = anonymous_memory()
# Requests under way in this process (its threads).
_in_flight = 0


def request_started(**kwargs):
    """Count a request in (``request_started``), for ``trim_grown_heap``."""
    global _in_flight
    with _lock:
        _in_flight += 1


def trim_grown_heap(**kwargs):
    """After a request (``request_finished``): give back the freed heap once the process
    has grown by ``TRIM_AFTER_GROWTH`` since its last trim.

    Reading the process's memory costs about 15 microseconds; the trim, when due, a few
    milliseconds, after the answer has gone. Memory still live after a trim raises the
    mark (a new index, caches), so that it is not trimmed for again and again; but only
    when no other request is under way in the process (a threaded worker's), whose
    arrays, live for a moment, would otherwise raise it for good.
    """
    global _after_last_trim, _in_flight
    now = anonymous_memory()
    with _lock:
        _in_flight = max(_in_flight - 1, 0)
        if now is None:
            return
        if _after_last_trim is None:
            _after_last_trim = now
        if now - _after_last_trim < TRIM_AFTER_GROWTH:
            return
        release_freed_memory()
        if not _in_flight:
            _after_last_trim = anonymous_memory()
