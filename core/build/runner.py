"""Running the per-article worker over the articles to process: in this process, or in
a pool of worker processes (`--jobs`) that die with the build. A worker process that
crashes (out of memory, killed) fails only the article it was processing."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import NamedTuple

from core.build.batch_task import CacheTarget, Written, process_into
from core.build.worker import Failure, Outcome, WorkItem, process_batch
from core.ingest.article import Article

BATCH = 16
_IN_FLIGHT = 2
"""Batches submitted per pool worker at a time: one running, one queued behind it."""
DASK_BATCH = 32
"""Articles per Dask task: each task costs a scheduler round trip and, when the worker
writes it, a cache partition, so tasks are bigger than the local pool's batches."""


class Engine(NamedTuple):
    """Where the per-article step runs: `jobs` local processes, or a Dask cluster
    (`name="dask"`, at `scheduler`, else a LocalCluster of `jobs` workers)."""

    jobs: int = 1
    name: str = "local"
    scheduler: str | None = None


TextOf = Callable[[str], str]
"""An article's text by its id."""

_PR_SET_PDEATHSIG = 1
_START = multiprocessing.get_context("spawn")
"""Pool workers start as fresh interpreters, not forks of the build: a fork inherits the
build's heap (the scanned corpus, the tables libraries), and each worker's resident
memory grew with the corpus (+60 MB per worker at 10,000 articles)."""


def work_items(articles: list[Article], text_of: TextOf) -> list[WorkItem]:
    """What the worker needs of each article (the build spools the texts: `text_of`)."""
    return [
        WorkItem(a.article_id, a.file, text_of(a.article_id), a.language, a.published)
        for a in articles
    ]


def _batches(articles: list[Article], size: int, text_of: TextOf) -> Iterator[list[WorkItem]]:
    """Batches made as they are sent, so only the texts of those in flight are read."""
    for i in range(0, len(articles), size):
        yield work_items(articles[i : i + size], text_of)


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


def _pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=_START, initializer=_die_with_parent, initargs=(os.getpid(),)
    )


def _pooled(batches: Iterable[list[WorkItem]], jobs: int) -> Iterator[list[Outcome]]:
    """Batches over a pool, `_IN_FLIGHT` per worker submitted at a time, so only their texts
    and rows are held here. A dead worker breaks the whole pool: the batches in flight then
    are retried alone, then article by article (only the culprit fails), and a fresh pool
    takes the batches not yet sent."""
    pending = iter(batches)
    while True:
        suspects, unsent = yield from _until_broken(pending, jobs)
        for batch in suspects:
            outcome = _alone(batch)
            if outcome is None and len(batch) > 1:
                yield [o for item in batch for o in (_alone([item]) or _lost([item]))]
            else:
                yield outcome or _lost(batch)
        if not suspects and not unsent:
            return
        pending = itertools.chain(unsent, pending)


def _until_broken(
    pending: Iterator[list[WorkItem]], jobs: int
) -> Generator[list[Outcome], None, tuple[list[list[WorkItem]], list[list[WorkItem]]]]:
    """Outcomes of `pending` on one pool until it breaks or the batches run out; then
    (the batches in flight when it broke, those it refused)."""
    running: deque[tuple[list[WorkItem], Future[list[Outcome]]]] = deque()
    unsent: list[list[WorkItem]] = []
    pool = _pool(jobs)
    try:
        while True:
            while not unsent and len(running) < jobs * _IN_FLIGHT:
                batch = next(pending, None)
                if batch is None:
                    break
                try:
                    running.append((batch, pool.submit(process_batch, batch)))
                except BrokenProcessPool:  # broke since the last result: the next pool's
                    unsent.append(batch)
            if not running:
                return [], unsent
            batch, future = running.popleft()
            try:
                done = future.result()
            except Exception:  # a dead worker: which article killed it is found by retries
                return [batch, *(b for b, _ in running)], unsent
            # the future is dropped once its rows are handed on (kept, every article's
            # rows would stay here until the last batch: +550 MB at 10k articles)
            del future
            yield done
            del done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _alone(batch: list[WorkItem]) -> list[Outcome] | None:
    """The batch in a fresh worker process of its own; None if that process dies too."""
    pool = _pool(1)
    try:
        return pool.submit(process_batch, batch).result()
    except Exception:
        return None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run(
    todo: list[Article],
    engine: Engine,
    text_of: TextOf,
    target: CacheTarget | None = None,
) -> Iterator[list[Outcome] | Written]:
    """Outcomes batch by batch: ArticleRows or Failure for every article of `todo`, whose
    texts come from `text_of` (the build spools them). On Dask, a worker that sees
    `target` writes its batch's rows there itself and yields Written (the partition's
    name and ids) instead of the rows."""
    jobs = engine.jobs
    # Small corpora get small batches so progress moves article by article.
    biggest = DASK_BATCH if engine.name == "dask" else BATCH
    size = max(1, min(biggest, len(todo) // (max(jobs, 1) * 4)))
    batches = _batches(todo, size, text_of)
    if engine.name == "dask" and todo:
        from core.build.engine_dask import run_on_dask

        yield from run_on_dask(
            functools.partial(process_into, target=target),
            batches,
            scheduler=engine.scheduler,
            workers=max(jobs, 1),
            on_error=_lost_on_cluster,
        )
        return
    if jobs <= 1 or len(todo) <= BATCH:
        for batch in batches:
            yield process_batch(batch)
        return
    yield from _pooled(batches, jobs)
