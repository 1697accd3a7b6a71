"""The task a Dask worker runs: one batch processed, and its rows written by the worker
itself as one row-cache partition when it can see the build's cache folder.

Shipping every article's rows back to the client costs serialising them twice (worker,
client) and holding them on the client; a worker that shares the disk (a LocalCluster,
a cluster over a network file system) writes the partition and returns only its name and
article ids, which the client records in the cache index. Whether the folder is the
build's own, not another disk's folder of the same name, is checked by a probe file the
client writes there with a fresh token. A worker that cannot see it, or fails to write,
ships the rows back as before. A partition is written atomically and the client records
it only once the task's result arrives, so a worker killed midway leaves at most an
orphan file that the next build's pruning deletes.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

from core.build.cache import PROBE, write_partition
from core.build.worker import Outcome, WorkItem, process_batch
from core.extract.rows import ArticleRows


class CacheTarget(NamedTuple):
    """The row cache's partition folder as the client sees it, and its probe token."""

    root: str
    token: str


class Written(NamedTuple):
    """A batch whose rows the worker wrote as `partition`; `rest` holds what it could not
    write (failures, rows the layout refused), shipped back as usual."""

    partition: str
    article_ids: tuple[str, ...]
    rest: tuple[Outcome, ...]


@functools.lru_cache(maxsize=8)
def reachable(target: CacheTarget) -> bool:
    """Whether this process sees the client's cache folder (asked once per worker)."""
    try:
        return (Path(target.root) / PROBE).read_text(encoding="ascii") == target.token
    except (OSError, UnicodeError):
        return False


def process_into(batch: list[WorkItem], target: CacheTarget | None) -> Written | list[Outcome]:
    """`process_batch`, its rows written to the cache folder when the worker sees it."""
    outcomes = process_batch(batch)
    rows = [o for o in outcomes if isinstance(o, ArticleRows)]
    if target is None or not rows or not reachable(target):
        return outcomes
    try:
        part, ids = write_partition(Path(target.root), rows)
    except OSError:  # a read-only mount, a full disk: the client writes them instead
        return outcomes
    written = set(ids)
    rest = tuple(
        o for o in outcomes if not isinstance(o, ArticleRows) or o.article_id not in written
    )
    return Written(part, tuple(ids), rest)
