"""Keep a reading process's memory flat: large image buffers go back to the system when freed.

glibc's malloc raises its mmap threshold after large blocks are freed (up to 32 MB), so the next
full-size photos, masks and model buffers land on the heap, which fragments and never shrinks: a
worker's resident memory climbed from 420 to 610 MB over 16 cards. A fixed 1 MB threshold keeps
every big buffer in its own mapping, returned on free (measured: 404 MB after the same 16 cards).
There is no Python library for mallopt, hence ctypes; elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
MMAP_THRESHOLD_BYTES = 1 << 20


@functools.cache
def bound_heap() -> bool:
    """Set malloc's mmap threshold once per process; True when the C library took it."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    except (OSError, AttributeError):
        return False
