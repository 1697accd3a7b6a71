"""The per-article step on a Dask cluster: `python -m core build --engine dask`.

The same pure function as `--jobs` (`core.build.worker.process_batch`: a batch of
articles in, their extraction rows out) runs as one task per batch on the workers of a
`dask.distributed` cluster: the scheduler at `--scheduler ADDRESS`, or a `LocalCluster`
of `jobs` single-threaded worker processes. Each worker keeps its spaCy models loaded
between tasks (`core.nlp.pipeline.load_pipeline` is a per-process cache), so a model is
read once per worker, not once per task. Rows come back to the client as tasks finish
and go into the columnar cache there; the cross-article steps (actor merging,
clustering) are the reduction the client runs once every batch is in, exactly as for a
local build, so both engines write the same tables.

On a real cluster every worker needs this package and the spaCy models installed (the
same lock file), and the scheduler address reachable from the machine running the build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

B = TypeVar("B")
R = TypeVar("R")

# Tasks in flight per worker thread: enough to keep workers busy while results travel
# back, few enough that a big corpus's texts are not all shipped to the cluster at once.
_IN_FLIGHT = 4


LOCAL_CONFIG: dict[str, Any] = {
    # distributed's default makes glibc hand freed memory back to the kernel past 64 KiB
    # (MALLOC_TRIM_THRESHOLD_ in the nanny's pre-spawn environment): spaCy's many
    # short-lived arrays then cost system time in every worker; None unsets it.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # The statistical profiler samples every worker's task thread every 10 ms (and each
    # server's event loop): useful on a dashboard, which a build never opens.
    "distributed.worker.profile.enabled": False,
}
"""Settings of the LocalCluster's workers; a real cluster's workers take them from their
own Dask configuration (README, Scale)."""


def _client(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    """(client, the LocalCluster it owns or None) for an address or a local cluster."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    with dask.config.set(LOCAL_CONFIG):  # read by the nannies as they start their workers
        cluster = LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit=0,
        )
    return Client(cluster), cluster


def run_on_dask(
    fn: Callable[[B], R],
    batches: Iterable[B],
    *,
    scheduler: str | None = None,
    workers: int = 2,
    on_error: Callable[[B], R] | None = None,
) -> Iterator[R]:
    """`fn(batch)` for every batch on the cluster, results yielded as tasks finish. A task
    that fails (its worker killed, an error escaping `fn`) yields `on_error(batch)`, so one
    bad batch costs its own articles, not the build; without `on_error` it raises."""
    from distributed import as_completed

    client, cluster = _client(scheduler, workers)
    try:
        threads = max(1, sum(client.nthreads().values()))
        pending = iter(batches)
        running = as_completed()
        batch_of: dict[Any, B] = {}

        def submit(batch: B) -> None:
            future = client.submit(fn, batch, pure=False)
            batch_of[future.key] = batch
            running.add(future)

        for _ in range(threads * _IN_FLIGHT):
            batch = next(pending, None)
            if batch is None:
                break
            submit(batch)
        for future in running:
            done = batch_of.pop(future.key)
            try:
                result = future.result()
            except Exception:
                if on_error is None:
                    raise
                result = on_error(done)
            future.release()
            batch = next(pending, None)
            if batch is not None:
                submit(batch)
            yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
