"""`build --engine dask` (core/build/engine_dask.py): the same tables as a local build,
from the same per-article function run on a LocalCluster of two worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.build.batch_task import CacheTarget, Written, process_into
from core.build.cache import RowCache
from core.build.pipeline import CACHE, build
from core.build.schema import TABLES
from core.build.store import read_tables
from core.build.version import pipeline_version
from core.build.worker import WorkItem
from tests.test_pipeline import _frames_equal, write_corpus

pytest.importorskip("distributed")


def _sorted(tables: dict) -> dict:
    """Row order aside: every table sorted on all its columns (as text)."""
    out = {}
    for name, frame in tables.items():
        text = frame.astype(str)
        out[name] = text.sort_values(list(text.columns)).reset_index(drop=True)
    return out


def test_dask_local_cluster_build_writes_the_same_tables_as_a_local_build(
    tmp_path: Path,
) -> None:
    corpus = write_corpus(tmp_path / "articles")
    local = build(corpus, tmp_path / "local", jobs=1)
    distributed = build(corpus, tmp_path / "dask", jobs=2, engine="dask")
    assert local.errors == distributed.errors == []
    assert local.processed == distributed.processed == 3
    _frames_equal(_sorted(read_tables(tmp_path / "local")), _sorted(read_tables(tmp_path / "dask")))
    # Rows are reduced in corpus order whatever order the tasks finish in: same bytes.
    for name in TABLES:
        local_bytes = (tmp_path / "local" / f"{name}.parquet").read_bytes()
        assert local_bytes == (tmp_path / "dask" / f"{name}.parquet").read_bytes(), name
    # The workers wrote the cache partitions themselves, one per task (here one article
    # each), and the client only recorded them: a local build writes one.
    assert len(_partitions(tmp_path / "dask")) == 3
    assert len(_partitions(tmp_path / "local")) == 1
    # The Dask build cached its rows like any build: a rebuild processes nothing.
    (corpus / "inde.txt").touch()
    assert build(corpus, tmp_path / "dask", engine="dask").processed == 0


def _partitions(out: Path) -> set[str]:
    return set(RowCache(out / CACHE, pipeline_version())._index.values())


def test_workers_that_cannot_see_the_cache_ship_their_rows_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "articles")
    local = build(corpus, tmp_path / "local", jobs=1)
    # A probe token no worker finds: as for a worker on a machine without the disk.
    monkeypatch.setattr(RowCache, "probe", lambda self: (str(self.root), "elsewhere"))
    remote = build(corpus, tmp_path / "dask", jobs=2, engine="dask")
    assert local.errors == remote.errors == []
    assert remote.processed == 3
    assert len(_partitions(tmp_path / "dask")) == 1  # written by the client
    for name in TABLES:
        local_bytes = (tmp_path / "local" / f"{name}.parquet").read_bytes()
        assert local_bytes == (tmp_path / "dask" / f"{name}.parquet").read_bytes(), name


def test_a_worker_writes_its_batch_as_a_partition_only_where_the_probe_matches(
    tmp_path: Path,
) -> None:
    cache = RowCache(tmp_path / "cache", "v1")
    root, token = cache.probe()
    items = [WorkItem("a1", "a.txt", "Alger et Moscou.", "xx", None)]
    written = process_into(items, CacheTarget(root, token))
    assert isinstance(written, Written) and written.article_ids == ("a1",)
    assert written.rest == ()
    assert (Path(root) / written.partition).exists()
    cache.adopt(written.partition, written.article_ids, save=True)
    row = RowCache(tmp_path / "cache", "v1").load(["a1"])["a1"]
    assert row.inputs == ("xx", None, "blank:xx")
    # Another disk's folder of the same name (another token): the rows come back.
    shipped = process_into(items, CacheTarget(root, "another"))
    assert isinstance(shipped, list) and shipped[0].article_id == "a1"
    assert isinstance(process_into(items, None), list)


def test_run_on_dask_runs_every_batch_once_with_a_bounded_queue() -> None:
    from core.build.engine_dask import run_on_dask

    results = run_on_dask(sum, ([i, i] for i in range(40)), workers=1)
    assert sorted(results) == [2 * i for i in range(40)]


def _fails_on_one(batch: int) -> int:
    if batch == 1:
        raise RuntimeError("a task that escapes the per-article isolation")
    return batch * 10


def test_a_failed_task_costs_only_its_batch() -> None:
    from core.build.engine_dask import run_on_dask

    results = run_on_dask(_fails_on_one, [0, 1, 2], workers=1, on_error=lambda b: -b)
    assert sorted(results) == [-1, 0, 20]
