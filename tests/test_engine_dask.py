"""`build --engine dask` (core/build/engine_dask.py): the same tables as a local build,
from the same per-article function run on a LocalCluster of two worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.build.pipeline import build
from core.build.schema import TABLES
from core.build.store import read_tables
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
    # The Dask build cached its rows like any build: a rebuild processes nothing.
    (corpus / "inde.txt").touch()
    assert build(corpus, tmp_path / "dask", engine="dask").processed == 0


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
