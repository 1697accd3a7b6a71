"""The columnar per-article cache (core/build/cache.py): rows come back as they went in,
a rebuild writes only new partitions, and a killed write never corrupts the index."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.build import cache as cache_module
from core.build.cache import INDEX, RowCache
from core.build.cache_layout import SCHEMA, from_table, to_table
from core.extract.rows import (
    ArticleRows,
    EventMention,
    EventRow,
    MentionRow,
    OrgRow,
    PersonRow,
    QuoteRow,
)


def _event(i: int) -> EventRow:
    told = EventMention(i % 3, i, i + 9, f"Sentence {i}", ("visite",))
    return EventRow(
        sentence=i % 3,
        start=i,
        end=i + 9,
        excerpt=f"Sentence {i}",
        type="visit",
        countries=("FR", "IN") if i % 2 else (),
        actor_country="FR" if i % 2 else None,
        target_country=None,
        actor_keys=("p0",),
        domains=(),
        location=None,
        status="reported",
        date=None if i % 2 else "2024-03",
        date_precision=None if i % 2 else "month",
        date_text=None,
        confidence=0.5 + i / 1000,
        cues=("visite", "arrivé"),
        n_mentions=2,
        tone=None if i % 2 else -1.5,
        mentions=(told, told._replace(sentence=7, cues=())),
    )


def _row(i: int) -> ArticleRows:
    return ArticleRows(
        article_id=f"art{i:04d}",
        pipeline="fr_core_news_sm",
        published_from_text=None if i % 2 else "2024-03-01",
        mentions=(
            MentionRow(0, i, i + 6, f"Name {i}", "PERSON", "p0"),
            MentionRow(-1, 1, 6, "Paris", "CITY", None),
        ),
        people=(PersonRow("p0", f"Name {i}", ("Name", f"Name {i}"), None, None, "FR", "known", 2),),
        orgs=(OrgRow("org:UN", "UN", None),) if i % 3 else (),
        events=(_event(i),),
        quotes=(QuoteRow(None, "« Oui »", 3, 10), QuoteRow("p0", "« Non »", 12, 19)),
        inputs=("fr", None if i % 2 else "2024-03-02"),
    )


def test_typed_rows_round_trip_exactly_through_arrow() -> None:
    rows = [_row(i) for i in range(7)] + [ArticleRows("empty")]
    again = from_table(to_table(rows))
    assert again == rows
    # Rows come back as their own types, with tuples (not lists) inside.
    event = again[0].events[0]
    assert isinstance(event, EventRow) and isinstance(event.mentions[1], EventMention)
    assert isinstance(again[0].people[0].forms, tuple)


def test_rows_round_trip_exactly_through_partitions(tmp_path: Path) -> None:
    rows = [_row(i) for i in range(300)]
    store = RowCache(tmp_path, "v1")
    for row in rows:
        store.add(row)
    store.flush()
    again = RowCache(tmp_path, "v1").load(r.article_id for r in rows)
    assert again == {r.article_id: r for r in rows}


def test_the_layout_is_the_row_types_not_inferred_from_values() -> None:
    assert SCHEMA.names == [
        "article_id",
        "pipeline",
        "published_from_text",
        "mentions",
        "people",
        "orgs",
        "events",
        "quotes",
        "inputs",
    ]
    event = SCHEMA.field("events").type.value_type
    assert event.field("confidence").type == pa.float64()
    assert event.field("tone").nullable and not event.field("start").nullable
    assert event.field("mentions").type.value_type.names == list(EventMention._fields)
    # An all-null optional field is still typed text, never Arrow's "null" type.
    table = to_table([ArticleRows("a", published_from_text=None)])
    assert table.schema.field("published_from_text").type == pa.string()


def _old_layout_row(i: int) -> dict:
    """One article as the cache wrote it before the rows were typed (dicts, inferred)."""
    return {
        "article_id": f"art{i:04d}",
        "pipeline": "blank",
        "published_from_text": None,
        "mentions": [{"sentence": 0, "start": 0, "end": 5, "text": "Paris", "label": "CITY"}],
        "people": [],
        "orgs": [],
        "events": [{"sentence": 0, "countries": ["FR", "IN"], "novel": ""}],
        "quotes": [],
        "inputs": ["fr", None],
    }


def test_a_partition_of_an_older_layout_is_a_cache_miss_not_a_crash(tmp_path: Path) -> None:
    store = RowCache(tmp_path, "v1")
    store.add(_row(1))
    store.flush()
    # A partition the previous layout wrote, named by the index like any other.
    old = "part-old.parquet"
    pq.write_table(pa.Table.from_pylist([_old_layout_row(2)]), store.root / old)
    store._index["art0002"] = old
    store._write_index()
    fresh = RowCache(tmp_path, "v1")
    assert "art0002" in fresh
    assert fresh.load(["art0001", "art0002"]) == {"art0001": _row(1)}
    assert "art0002" not in fresh  # forgotten: processed again, then cached anew
    with pytest.raises(ValueError, match="another layout"):
        from_table(pq.read_table(store.root / old))


def test_an_article_whose_rows_do_not_fit_their_types_is_not_cached(tmp_path: Path) -> None:
    bad_start = ArticleRows("bad", mentions=(MentionRow(0, "zero", 5, "Paris", "CITY", None),))  # type: ignore[arg-type]
    null_name = ArticleRows("null", orgs=(OrgRow("org:x", None, None),))  # type: ignore[arg-type]
    store = RowCache(tmp_path, "v1")
    for row in (_row(1), bad_start, null_name, _row(2)):
        store.add(row)
    store.flush()
    fresh = RowCache(tmp_path, "v1")
    assert sorted(fresh.load(["art0001", "bad", "null", "art0002"])) == ["art0001", "art0002"]
    assert "bad" not in fresh and "null" not in fresh


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
    orphan, _ = cache_module.write_partition(store.root, [_row(2)])
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


def test_a_partition_with_no_article_id_column_is_a_miss_and_compacts_away(
    tmp_path: Path,
) -> None:
    store = RowCache(tmp_path, "v1")
    store.add(_row(1))
    store.flush()
    foreign = "part-foreign.parquet"
    pq.write_table(pa.table({"x": [1, 2]}), store.root / foreign)
    store._index.update({"art0002": foreign, "art0003": foreign})
    store._write_index()
    fresh = RowCache(tmp_path, "v1")
    assert fresh.load(["art0001", "art0002"]) == {"art0001": _row(1)}
    again = RowCache(tmp_path, "v1")
    again.prune({"art0001", "art0003"})  # the foreign file is merged or dropped, no crash
    assert RowCache(tmp_path, "v1").load(["art0001", "art0003"]) == {"art0001": _row(1)}


def test_an_index_of_another_layout_means_an_empty_cache(tmp_path: Path) -> None:
    store = RowCache(tmp_path, "v1")
    store.add(_row(1))
    store.flush()
    pq.write_table(pa.table({"article_id": ["art0001"], "part": [1]}), store.root / INDEX)
    assert len(RowCache(tmp_path, "v1")) == 0
    pq.write_table(
        pa.table({"article_id": ["art0001", None], "partition": [None, "x"]}), store.root / INDEX
    )
    assert len(RowCache(tmp_path, "v1")) == 0


def test_an_id_asked_twice_does_not_bring_back_a_stale_row(tmp_path: Path) -> None:
    store = RowCache(tmp_path, "v1")
    store.add(_row(1))
    store.add(_row(2))
    store.flush()  # one partition holds 1 and an old row of 2
    newer = replace(_row(2), pipeline="newer")
    store.add(newer)
    store.flush()  # 2 is cached anew in a second partition
    got = RowCache(tmp_path, "v1").load(["art0002", "art0001", "art0001"])
    assert got == {"art0001": _row(1), "art0002": newer}


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


def test_a_build_over_a_cache_of_an_older_layout_processes_its_articles_again(
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
    (root,) = (out / CACHE).glob("rows-*")
    for part in root.glob("part-*.parquet"):
        # Rewrite the partition as the dict layout did: inferred types, an extra field.
        records = pq.read_table(part).to_pylist()
        for record in records:
            record["events"] = [{**e, "novel": ""} for e in record["events"]]
        pq.write_table(pa.Table.from_pylist(records), part)
    for name in TABLES:
        (out / f"{name}.parquet").unlink()
    (out / STAMP).unlink()
    again = build(corpus, out)
    assert (again.processed, again.reused, again.errors) == (3, 0, [])
    _frames_equal(fresh, read_tables(out))


def test_compacting_over_a_partition_of_an_older_layout_drops_it_not_the_build(
    tmp_path: Path,
) -> None:
    store = RowCache(tmp_path, "v1")
    ids = set()
    for i in range(cache_module._MAX_SMALL + 1):
        store.add(_row(i))
        store.flush()
        ids.add(f"art{i:04d}")
    stale = store._index["art0000"]
    pq.write_table(pa.Table.from_pylist([_old_layout_row(0)]), store.root / stale)
    store.prune(ids)  # merges the small partitions, the stale one among them
    fresh = RowCache(tmp_path, "v1")
    assert "art0000" not in fresh
    assert fresh.load(ids) == {f"art{i:04d}": _row(i) for i in range(1, len(ids))}


def test_rows_made_by_another_pipeline_than_the_one_installed_now_are_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model installed (or removed) since the rows were made: the cached rows of the old
    pipeline are stale, however unchanged the text and the manifest."""
    from core.build import pipeline
    from core.build.store import read_tables
    from core.nlp.models import expected_pipeline
    from tests.test_pipeline import write_corpus

    corpus = write_corpus(tmp_path / "articles")
    out = tmp_path / "out"
    assert pipeline.build(corpus, out).processed == 3
    made_by = set(read_tables(out)["articles"]["pipeline"])
    assert made_by == {expected_pipeline(lang) for lang in ("fr", "en")} & made_by
    (corpus / "note.txt").write_text("La France et le Maroc ont signé un accord.\n")
    monkeypatch.setattr(pipeline, "expected_pipeline", lambda language: "another_model")
    again = pipeline.build(corpus, out)
    assert (again.processed, again.reused) == (4, 0)
