"""The cyclic collector kept off the build's big, acyclic allocations."""

from __future__ import annotations

import contextlib
import ctypes
import gc
from collections.abc import Iterator


# The cached rows of a big corpus are millions of small tuples that form no
# cycles and live until the tables are written. CPython's cyclic collector would rescan
# them while they are read (about 40 % of the reading time), again at every full
# collection while spaCy loads and runs, and while the tables are assembled.
@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block (for allocation bursts that make no cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def gc_frozen() -> Iterator[None]:
    """What is alive when the block starts is out of the cyclic collector's reach until it
    ends (reference counting still frees it); new objects are collected as usual."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def trim_heap() -> None:
    """Return the C heap's free pages to the system (glibc's malloc_trim; a no-op
    elsewhere): after a big release, RSS would otherwise stay at its high-water mark."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
