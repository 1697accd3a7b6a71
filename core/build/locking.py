"""One build at a time per tables folder: a second build (ten first visitors of a
stale dashboard, a CLI build during an add) waits for the running one, then finds the
corpus unchanged and has nothing to do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from core import config

BUILD_LOCK = ".build.lock"


class BuildBusy(RuntimeError):
    """Another build of the same tables folder held the lock for the whole wait."""


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Exclusive build lock on `out_dir`; waits at most ENTENTE_BUILD_TIMEOUT seconds."""
    out_dir.mkdir(parents=True, exist_ok=True)
    timeout = config.build_timeout()
    lock = FileLock(str(out_dir / BUILD_LOCK), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise BuildBusy(
            f"another build of {out_dir} has been running for over {timeout:g} s; "
            "this one did nothing (the tables are those of the last finished build)"
        ) from None
    try:
        yield
    finally:
        lock.release()
