"""The columnar per-article cache (core/build/cache.py): rows come back as they went in,
a rebuild writes only new partitions, and a killed write never corrupts the index."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from core.build import cache as cache_module
from core.build.cache import INDEX, RowCache


def _row(i: int) -> dict:
    return {
        "article_id": f"art{i:04d}",
        "mentions": [
            {"key": "p0", "text": f"Name {i}", "start": i, "end": i + 6, "kind": "person"},
            {"key": None, "text": "Paris", "start": 1, "end": 6, "kind": "gpe"},
        ],
        "people": [{"key": "p0", "forms": ["Name", f"Name {i}"], "role": None, "n": 2}],
        "orgs": [],
        "events": [
            {
                "sentence": i % 3,
                "countries": ["FR", "IN"] if i % 2 else [],
                "date": None if i % 2 else "2024-03",
                "confidence": 0.5 + i / 1000,
            }
        ],
        "quotes": [],
    }


def test_rows_round_trip_exactly_through_partitions(tmp_path: Path) -> None:
    rows = [_row(i) for i in range(300)]
    store = RowCache(tmp_path, "v1")
    for row in rows:
        store.add(row)
    store.flush()
    again = RowCache(tmp_path, "v1").load(r["article_id"] for r in rows)
    assert again == {r["article_id"]: r for r in rows}


def test_a_field_arrow_cannot_type_still_round_trips(tmp_path: Path) -> None:
    mixed = [
        {"article_id": "a", "events": [{"value": 3}], "note": {"x": 1}},
        {"article_id": "b", "events": [{"value": "three"}], "note": [1, "two"]},
    ]
    store = RowCache(tmp_path, "v1")
    for row in mixed:
        store.add(row)
    store.flush()
    assert RowCache(tmp_path, "v1").load(["a", "b"]) == {r["article_id"]: r for r in mixed}


def test_load_returns_only_the_articles_asked_for_and_known(tmp_path: Path) -> None:
    store = RowCache(tmp_path, "v1")
    for i in range(10):
        store.add(_row(i))
    store.flush()
    got = RowCache(tmp_path, "v1").load(["art0003", "art0007", "missing"])
    assert sorted(got) == ["art0003", "art0007"]
    assert got["art0007"] == _row(7)


def test_an_added_batch_is_one_new_partition_and_old_ones_are_not_rewritten(
    tmp_path: Path,
) -> None:
    store = RowCache(tmp_path, "v1")
    for i in range(100):
        store.add(_row(i))
    store.prune({f"art{i:04d}" for i in range(100)})
    first = {p.name: p.stat().st_mtime_ns for p in store.root.glob("part-*.parquet")}
    assert len(first) == 1
    store = RowCache(tmp_path, "v1")
    for i in range(100, 101):
        store.add(_row(i))
    store.prune({f"art{i:04d}" for i in range(101)})
    after = {p.name: p.stat().st_mtime_ns for p in store.root.glob("part-*.parquet")}
    assert len(after) == 2
    assert all(after[name] == mtime for name, mtime in first.items())
    assert len(RowCache(tmp_path, "v1")) == 101


def test_prune_forgets_departed_articles_and_deletes_dead_partitions_and_versions(
    tmp_path: Path,
) -> None:
    old = RowCache(tmp_path, "v0")
    old.add(_row(0))
    old.flush()
    store = RowCache(tmp_path, "v1")
    store.add(_row(1))
    store.flush()
    store.add(_row(2))
    store.flush()
    store.prune({"art0002"})
    assert len(list(store.root.glob("part-*.parquet"))) == 1
    assert not (tmp_path / "rows-v0").exists()
    assert set(RowCache(tmp_path, "v1").load(["art0001", "art0002"])) == {"art0002"}


def test_small_partitions_are_merged_once_they_pile_up(tmp_path: Path) -> None:
    ids = set()
    for batch in range(cache_module._MAX_SMALL + 2):
        store = RowCache(tmp_path, "v1")
        store.add(_row(batch))
        ids.add(f"art{batch:04d}")
        store.prune(set(ids))
    parts = list(store.root.glob("part-*.parquet"))
    assert len(parts) <= cache_module._MAX_SMALL
    assert RowCache(tmp_path, "v1").load(ids) == {f"art{i:04d}": _row(i) for i in range(len(ids))}


def test_a_partition_the_index_does_not_name_is_ignored_then_deleted(tmp_path: Path) -> None:
    store = RowCache(tmp_path, "v1")
    store.add(_row(1))
    store.flush()
    # A build killed after writing a partition but before the index: an orphan.
    orphan = store._write_partition([_row(2)])
    fresh = RowCache(tmp_path, "v1")
    assert "art0002" not in fresh and "art0001" in fresh
    fresh.prune({"art0001", "art0002"})
    assert not (fresh.root / orphan).exists()
    assert pq.read_table(fresh.root / INDEX).num_rows == 1


def test_a_damaged_partition_is_a_cache_miss_not_a_crash(tmp_path: Path) -> None:
    store = RowCache(tmp_path, "v1")
    store.add(_row(1))
    store.flush()
    store.add(_row(2))
    store.flush()
    damaged = store._index["art0001"]
    (store.root / damaged).write_bytes(b"PAR1 truncated")
    fresh = RowCache(tmp_path, "v1")
    assert set(fresh.load(["art0001", "art0002"])) == {"art0002"}
    assert "art0001" not in fresh


def test_an_unreadable_index_means_an_empty_cache_not_a_crash(tmp_path: Path) -> None:
    store = RowCache(tmp_path, "v1")
    store.add(_row(1))
    store.flush()
    (store.root / INDEX).write_bytes(b"not parquet")
    assert len(RowCache(tmp_path, "v1")) == 0


def test_tables_rebuilt_from_the_cache_equal_the_tables_of_a_fresh_build(
    tmp_path: Path,
) -> None:
    from core.build.pipeline import CACHE, STAMP, build
    from core.build.schema import TABLES
    from core.build.store import read_tables
    from tests.test_pipeline import _frames_equal, write_corpus

    corpus = write_corpus(tmp_path / "articles")
    out = tmp_path / "out"
    assert build(corpus, out).processed == 3
    fresh = read_tables(out)
    per_article = [p for p in (out / CACHE).glob("*.json") if not p.name.startswith("ingest-")]
    assert per_article == [], "no per-article JSON files any more"
    for name in TABLES:
        (out / f"{name}.parquet").unlink()
    (out / STAMP).unlink()
    again = build(corpus, out)
    assert (again.processed, again.reused) == (0, 3)
    _frames_equal(fresh, read_tables(out))
