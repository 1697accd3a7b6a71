"""One loaded corpus per server, whatever the number of rebuilds and sessions.

A dashboard left running all day must not keep every corpus it ever loaded. The slot
holds exactly one corpus (keyed by the tables' stamp); when the tables change, the old
one is dropped *before* the new one is read, so the server never holds two on its own
account. Sessions drawing a page right now keep their reference until their run ends.

What outlives a run is a deferred download: Streamlit keeps the button's callable until
the session reruns, and that callable reaches the corpus it was drawn from. Such
callables are wrapped in a `Lease`, which the slot cuts when it swaps corpora, so an idle
tab with a download button does not pin a stale copy.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import threading
import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class StaleDownload(RuntimeError):
    """A download button drawn from tables that have since been rebuilt."""


class Lease(Generic[R]):
    """A callable that works until the corpus it reads is replaced."""

    def __init__(self, fn: Callable[[], R]) -> None:
        self._fn: Callable[[], R] | None = fn

    def __call__(self) -> R:
        fn = self._fn
        if fn is None:
            raise StaleDownload("the tables were rebuilt since this page was drawn: rerun it")
        return fn()

    def release(self) -> None:
        self._fn = None


def release_memory() -> None:
    """Give freed memory back to the system: cycles first, then the allocators' free lists
    (glibc malloc and Arrow's pool keep freed pages for reuse unless asked)."""
    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class Slot(Generic[T]):
    """Holds one value per key; a new key releases the old value before loading."""

    def __init__(self, load: Callable[[Path], T]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._key: Hashable | None = None
        self._value: T | None = None
        self._leases: weakref.WeakSet[Lease] = weakref.WeakSet()
        self.loads = 0

    def holds(self, key: Hashable) -> bool:
        return self._value is not None and self._key == key

    def get(self, tables_dir: Path, key: Hashable) -> T:
        """The value for `key`, loading it (once, even with concurrent sessions) if needed."""
        with self._lock:
            if self._value is None or self._key != key:
                self._drop()
                self._value = self._load(tables_dir)
                self._key = key
                self.loads += 1
            return self._value

    def clear(self) -> None:
        with self._lock:
            self._drop()

    def lease(self, fn: Callable[[], R]) -> Lease[R]:
        """`fn` wrapped so that the next swap of the slot cuts it loose."""
        lease = Lease(fn)
        self._leases.add(lease)
        return lease

    def _drop(self) -> None:
        if self._value is None and not self._leases:
            return
        for lease in list(self._leases):
            lease.release()
        self._leases = weakref.WeakSet()
        self._value, self._key = None, None
        release_memory()
