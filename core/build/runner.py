"""Running the per-article worker over the articles to process: in this process, or in
a pool of worker processes (`--jobs`) that die with the build. A worker process that
crashes (out of memory, killed) fails only the article it was processing."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import NamedTuple

from core.build.batch_task import CacheTarget, Written, process_into
from core.build.worker import Failure, Outcome, WorkItem, process_batch
from core.ingest.article import Article

BATCH = 16
DASK_BATCH = 32
"""Articles per Dask task: each task costs a scheduler round trip and, when the worker
writes it, a cache partition, so tasks are bigger than the local pool's batches."""


class Engine(NamedTuple):
    """Where the per-article step runs: `jobs` local processes, or a Dask cluster
    (`name="dask"`, at `scheduler`, else a LocalCluster of `jobs` workers)."""

    jobs: int = 1
    name: str = "local"
    scheduler: str | None = None


_PR_SET_PDEATHSIG = 1


def work_items(articles: list[Article]) -> list[WorkItem]:
    """What the worker needs of each article."""
    return [WorkItem(a.article_id, a.file, a.text, a.language, a.published) for a in articles]


def _batches(items: list[WorkItem], size: int) -> Iterator[list[WorkItem]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _watch_parent(parent: int) -> None:
    """Fallback where prctl is missing: exit as soon as the build process is gone."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _die_with_parent(parent: int) -> None:
    """Pool initializer: a worker never outlives the build (process `parent`), even one
    killed by SIGKILL (Linux: the kernel sends SIGKILL to the worker when its parent
    dies). The build's pid is passed in, not read here: a build killed between the fork
    and this call has already left the worker to init, whose pid getppid() would give."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _lost_on_cluster(batch: list[WorkItem]) -> list[Outcome]:
    reason = "its Dask task failed (worker lost or error outside the article's isolation)"
    return [Failure(item.article_id, item.file, reason) for item in batch]


def _lost(batch: list[WorkItem]) -> list[Outcome]:
    reason = "its worker process died (out of memory or killed) while processing it"
    return [Failure(item.article_id, item.file, reason) for item in batch]


def _pooled(batches: list[list[WorkItem]], jobs: int) -> Iterator[list[Outcome]]:
    """Batches over a pool. A dead worker breaks the whole pool, so the batches it took
    down are retried alone, then article by article: only the culprit fails."""
    retry: list[list[WorkItem]] = []
    pool = ProcessPoolExecutor(
        max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)
    )
    try:
        # Each future is dropped once its rows are handed on: a list of them all would keep
        # every article's rows in this process until the last batch (+550 MB at 10k).
        futures: deque[Future[list[Outcome]]] = deque(
            pool.submit(process_batch, b) for b in batches
        )
        for batch in batches:
            future = futures.popleft()
            try:
                done = future.result()
            except Exception:  # a dead worker: which article killed it is found below
                retry.append(batch)
                continue
            del future
            yield done
            del done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    for batch in retry:
        outcome = _alone(batch)
        if outcome is None and len(batch) > 1:
            yield [o for item in batch for o in (_alone([item]) or _lost([item]))]
        else:
            yield outcome or _lost(batch)


def _alone(batch: list[WorkItem]) -> list[Outcome] | None:
    """The batch in a fresh worker process of its own; None if that process dies too."""
    pool = ProcessPoolExecutor(max_workers=1, initializer=_die_with_parent, initargs=(os.getpid(),))
    try:
        return pool.submit(process_batch, batch).result()
    except Exception:
        return None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run(
    todo: list[Article], engine: Engine, target: CacheTarget | None = None
) -> Iterator[list[Outcome] | Written]:
    """Outcomes batch by batch: ArticleRows or Failure for every article of `todo`. On
    Dask, a worker that sees `target` writes its batch's rows there itself and yields
    Written (the partition's name and ids) instead of the rows."""
    items = work_items(todo)
    jobs = engine.jobs
    # Small corpora get small batches so progress moves article by article.
    biggest = DASK_BATCH if engine.name == "dask" else BATCH
    size = max(1, min(biggest, len(items) // (max(jobs, 1) * 4)))
    batches = list(_batches(items, size))
    if engine.name == "dask" and items:
        from core.build.engine_dask import run_on_dask

        yield from run_on_dask(
            functools.partial(process_into, target=target),
            batches,
            scheduler=engine.scheduler,
            workers=max(jobs, 1),
            on_error=_lost_on_cluster,
        )
        return
    if jobs <= 1 or len(items) <= BATCH:
        for batch in batches:
            yield process_batch(batch)
        return
    yield from _pooled(batches, jobs)
