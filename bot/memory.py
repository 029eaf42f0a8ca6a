"""How the C allocator hands memory back: every book is read and written as one buffer of its whole file.

glibc's malloc serves a request above its mmap threshold (128 KB) with a mapping
of its own, returned to the system on free — but then raises the threshold to
that size, so the next book's file (~200 KB for 300 clients), read or encoded, comes from the heap, where
freed space is kept and fragments. Under load a bot process ended up holding
~10–15 MB more for it (`benchmarks/load.py`: 293 → 285 MB in one process, 327 →
315 MB PSS with two workers). Fixing the threshold keeps such buffers mapped;
two arenas instead of eight per core keep the worker threads that read and
write books from each growing a heap of their own.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

_M_MMAP_THRESHOLD = -3  # <malloc.h>
_M_ARENA_MAX = -8
MMAP_THRESHOLD = 128 * 1024
ARENAS = 2


def tune_allocator() -> bool:
    """Set glibc's mmap threshold and arena count for this process; False where there is no glibc (musl, macOS).

    Call before any thread starts: arenas are made per thread.
    """
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt if name else None
    except (OSError, AttributeError):
        mallopt = None
    if mallopt is None:
        log.debug("no glibc mallopt here; the allocator keeps its defaults")
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_ARENA_MAX, ARENAS))
