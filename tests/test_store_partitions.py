"""Tables over ENTENTE_PARTITION_ROWS rows are folders of parts: every reader reads them as
one table, in the same generations (a reader sees one build, a killed build leaves the
old tables)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import core.build.generations as generations
from core.build.store import read_tables, tables_exist, write_tables
from tests.synthetic import synthetic_tables


@pytest.fixture
def frames() -> dict[str, pd.DataFrame]:
    return synthetic_tables(n_events=900, n_articles=60, n_actors=40, seed=5)


def _key(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("event_id").reset_index(drop=True)


def test_round_trip(tmp_path: Path, frames: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENTENTE_PARTITION_ROWS", "400")
    write_tables(tmp_path, frames)
    parts = sorted(p.name for p in (tmp_path / "events.parquet").iterdir())
    assert parts == ["part-000.parquet", "part-001.parquet", "part-002.parquet"]
    assert (tmp_path / "actors.parquet").is_file()  # 40 rows: one file, as before
    back = read_tables(tmp_path)
    assert {k: len(v) for k, v in back.items()} == {k: len(v) for k, v in frames.items()}
    expected = pd.DataFrame(
        {"event_id": frames["events"]["event_id"], "excerpt": frames["events"]["excerpt"]}
    )
    pd.testing.assert_frame_equal(_key(back["events"][["event_id", "excerpt"]]), _key(expected))
    for read in (pd.read_parquet, lambda p: pq.read_table(p).to_pandas()):
        assert len(read(tmp_path / "events.parquet")) == 900  # tools that open paths
    by_part = [pq.read_table(tmp_path / "events.parquet" / p) for p in parts]
    articles = [set(t.column("article_id").to_pylist()) for t in by_part]
    assert not articles[0] & articles[1] and not articles[1] & articles[2]  # hash buckets
    assert tables_exist(tmp_path)


def test_a_new_generation_replaces_parts_and_carries_the_rest(
    tmp_path: Path, frames: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENTENTE_PARTITION_ROWS", "400")
    write_tables(tmp_path, frames)
    first = generations.current_dir(tmp_path)
    write_tables(tmp_path, {"actors": frames["actors"].head(10)})  # events carried over
    second = generations.current_dir(tmp_path)
    assert second != first
    carried = second / "events.parquet" / "part-000.parquet"
    assert os.stat(carried).st_ino == os.stat(first / "events.parquet" / "part-000.parquet").st_ino
    assert len(read_tables(tmp_path)["actors"]) == 10
    monkeypatch.setenv("ENTENTE_PARTITION_ROWS", "10000")
    write_tables(tmp_path, {"events": frames["events"].head(5)})  # back to one file
    assert (generations.current_dir(tmp_path) / "events.parquet").is_file()
    assert len(pd.read_parquet(tmp_path / "events.parquet")) == 5


def test_a_copy_that_followed_the_links_takes_new_partitioned_tables(
    tmp_path: Path, frames: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cp -rL` or shutil.copytree of a tables folder makes each partitioned table's link
    a real folder; the next build into the copy still publishes its tables."""
    monkeypatch.setenv("ENTENTE_PARTITION_ROWS", "400")
    write_tables(tmp_path / "a", frames)
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # symlinks followed: real folders
    copy = tmp_path / "b"
    assert (copy / "events.parquet").is_dir() and not (copy / "events.parquet").is_symlink()
    write_tables(copy, {"events": frames["events"].head(450)})
    assert (copy / "events.parquet").is_symlink()
    assert len(read_tables(copy)["events"]) == 450
    assert len(pd.read_parquet(copy / "events.parquet")) == 450
    assert not list((copy / "generations").glob(".tmp-*"))


def test_a_build_killed_while_writing_parts_leaves_the_old_tables(
    tmp_path: Path, frames: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tables(tmp_path, frames)
    monkeypatch.setenv("ENTENTE_PARTITION_ROWS", "400")
    real = generations.atomic_write_bytes
    calls = {"n": 0}

    def dies_at_the_second_part(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process killed mid-write
        real(path, data)

    monkeypatch.setattr(generations, "atomic_write_bytes", dies_at_the_second_part)
    smaller = {**frames, "events": frames["events"].head(800)}
    with pytest.raises(KeyboardInterrupt):
        write_tables(tmp_path, smaller)
    assert len(read_tables(tmp_path)["events"]) == 900
    assert (tmp_path / "events.parquet").is_file()
    assert not list((tmp_path / "generations").glob(".tmp-*"))
