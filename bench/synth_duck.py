"""Synthetic contract tables of N events, written straight to partitioned Parquet.

`python bench/synth_duck.py --events 10000000 --out /tmp/entente-10m`

For the DuckDB dashboard benchmark (bench/bench_duck.py): load only, never quality
evidence. `tests/synthetic.py` builds Python rows (fine for 100k, minutes and gigabytes at
10M); here each chunk of articles is built with numpy and Arrow compute and written as
one part of each table (`<table>.parquet/part-NNN.parquet`, the store's layout), so memory
is bounded by a chunk whatever N. The folder looks built: a build.json stamp with the
fingerprint of an empty corpus (OUT/articles), so the app never starts a build.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.build.schema import DOMAINS, EVENT_STATUSES, EVENT_TYPES, SCHEMAS  # noqa: E402
from tests.synthetic import _COUNTRIES, _OUTLETS, _VERBS  # noqa: E402

CHUNK_EVENTS = 500_000
CODES = np.array(list(_COUNTRIES))
WEIGHTS = np.array([v[2] for v in _COUNTRIES.values()]) / sum(v[2] for v in _COUNTRIES.values())
CAPITALS = np.array([v[1] for v in _COUNTRIES.values()])


def _ids(prefix: str, start: int, n: int) -> pa.Array:
    return pc.binary_join_element_wise(
        pa.scalar(prefix), pc.cast(pa.array(np.arange(start, start + n)), pa.string()), ""
    )


def _lists(values: np.ndarray, counts: np.ndarray) -> pa.Array:
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, pa.string()))


def _dates(rng: np.random.Generator, n: int) -> pa.Array:
    """YYYY-MM-DD, YYYY-MM or YYYY (45/30/20 %), 5 % undated."""
    years = np.clip(2025 - rng.exponential(5.0, size=n).astype(int), 2000, 2025).astype(str)
    months = np.char.zfill(rng.integers(1, 13, n).astype(str), 2)
    days = np.char.zfill(rng.integers(1, 29, n).astype(str), 2)
    month = np.char.add(np.char.add(years, "-"), months)
    day = np.char.add(np.char.add(month, "-"), days)
    kind = rng.choice(4, size=n, p=[0.45, 0.3, 0.2, 0.05])
    out = np.where(kind == 0, day, np.where(kind == 1, month, years)).astype(object)
    out[kind == 3] = None
    return pa.array(out, pa.string())


def _countries(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Up to three distinct country positions per event, and how many each has."""
    k = rng.choice([1, 2, 3], size=n, p=[0.15, 0.6, 0.25])
    first = rng.choice(len(CODES), size=n, p=WEIGHTS)
    second = (first + 1 + rng.choice(len(CODES) - 1, size=n)) % len(CODES)
    third = (second + 1 + rng.integers(len(CODES) - 2, size=n)) % len(CODES)
    third = np.where(third == first, (third + 1) % len(CODES), third)
    third = np.where(third == second, (third + 1) % len(CODES), third)
    return np.stack([first, second, third], axis=1), k


def _table(name: str, n: int, cols: dict[str, pa.Array]) -> pa.Table:
    schema = SCHEMAS[name]
    arrays = [cols[f.name].cast(f.type) if f.name in cols else pa.nulls(n, f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def _events(rng: np.random.Generator, chunk: int, n: int, arts: pa.Array, n_actors: int):
    art_of = np.sort(rng.integers(len(arts), size=n))
    draws, k = _countries(rng, n)
    nd = rng.choice([1, 2], size=n, p=[0.7, 0.3])
    d1 = rng.integers(len(DOMAINS), size=n)
    d2 = (d1 + rng.integers(1, len(DOMAINS), size=n)) % len(DOMAINS)
    dom = np.stack([d1, d2], axis=1)[np.arange(2)[None, :] < nd[:, None]]
    type_p = np.array([18, 16, 14, 10, 12, 8, 16, 6]) / 100
    types = np.array(EVENT_TYPES[:8])[rng.choice(8, size=n, p=type_p)]
    actor = rng.integers(n_actors, size=n)
    verbs = np.array([_VERBS[t] for t in EVENT_TYPES[:8]])[rng.choice(8, size=n, p=type_p)]
    excerpt = pc.binary_join_element_wise(
        pa.array(np.char.add("Le responsable n°", (actor % 997).astype(str))),
        pa.array(verbs),
        pa.array(CODES[draws[:, 1]]),
        pa.array(np.char.replace(np.array(DOMAINS)[d1], "_", " ")),
        " ",
    )
    cols = {
        "event_id": _ids(f"e{chunk}_", 0, n),
        "article_id": pc.take(arts, pa.array(art_of)),
        "sentence": pa.array(np.ones(n, np.int64)),
        "start": pa.array(np.zeros(n, np.int64)),
        "end": pc.utf8_length(excerpt),
        "excerpt": excerpt,
        "type": pa.array(types),
        "countries": _lists(CODES[draws[np.arange(3)[None, :] < k[:, None]]], k),
        "actor_country": pa.array(CODES[draws[:, 0]]),
        "target_country": pa.array(np.where(k > 1, CODES[draws[:, 1]], None), pa.string()),
        "actor_ids": _lists(np.char.add("a", actor.astype(str)), np.ones(n, int)),
        "domains": _lists(np.array(DOMAINS)[dom], nd),
        "location": pa.array(
            np.where(rng.random(n) < 0.5, CAPITALS[draws[:, 0]], None), pa.string()
        ),
        "status": pa.array(
            np.array(EVENT_STATUSES)[rng.choice(4, size=n, p=[0.7, 0.15, 0.12, 0.03])]
        ),
        "date": _dates(rng, n),
        "confidence": pa.array(np.round(rng.uniform(0.3, 1, n), 3)),
        "tone": pa.array(np.round(rng.uniform(-5, 8, n), 1)),
        "cluster_id": pc.binary_join_element_wise(  # pairs of events share a cluster
            pa.scalar(f"k{chunk}_"), pc.cast(pa.array(np.arange(n) // 2), pa.string()), ""
        ),
        "n_sources": pa.array(rng.choice([1, 2], size=n, p=[0.8, 0.2]).astype(np.int64)),
    }
    return _table("events", n, cols), art_of, actor


def _articles(rng: np.random.Generator, chunk: int, n: int, events: pa.Table, art_of: np.ndarray):
    ids = _ids(f"art{chunk}_", 0, n)
    counts = np.bincount(art_of, minlength=n)
    text = pc.binary_join(
        _lists(events.column("excerpt").to_numpy(zero_copy_only=False), counts), " "
    )
    published = _dates(rng, n)
    cols = {
        "article_id": ids,
        "file": pc.binary_join_element_wise(ids, pa.scalar(".txt"), ""),
        "title": pc.binary_join_element_wise(pa.scalar("Coopération de défense"), ids, " "),
        "outlet": pa.array(np.array(_OUTLETS)[rng.integers(len(_OUTLETS), size=n)]),
        "url": pc.binary_join_element_wise(pa.scalar("https://news.example.org/"), ids, ""),
        "language": pa.array(np.where(rng.random(n) < 0.85, "fr", "en")),
        "published": published,
        "n_chars": pc.utf8_length(text),
        "text": text,
        "pipeline": pa.array(np.full(n, "fr_core_news_sm")),
    }
    return _table("articles", n, cols)


def _others(events: pa.Table, actor: np.ndarray) -> dict[str, pa.Table]:
    n = len(events)
    quoted = np.flatnonzero(np.arange(n) % 10 == 0)
    names = pa.array(np.char.add("a", actor.astype(str)))
    mentions = {
        "article_id": events.column("article_id"),
        "sentence": events.column("sentence"),
        "start": events.column("start"),
        "end": pa.array(np.full(n, 5, np.int64)),
        "text": pa.array(np.full(n, "Le responsable")),
        "label": pa.array(np.full(n, "PER")),
        "actor_id": names,
    }
    quotes = {
        "article_id": pc.take(events.column("article_id"), pa.array(quoted)),
        "actor_id": pc.take(names, pa.array(quoted)),
        "text": pa.array(np.full(len(quoted), "« Notre coopération est stratégique »")),
        "start": pa.array(np.zeros(len(quoted), np.int64)),
        "end": pa.array(np.full(len(quoted), 10, np.int64)),
    }
    spans = {name: events.column(name) for name in SCHEMAS["event_mentions"].names}
    return {
        "mentions": _table("mentions", n, mentions),
        "quotes": _table("quotes", len(quoted), quotes),
        "event_mentions": _table("event_mentions", n, spans),
    }


def _actors(n: int) -> pa.Table:
    kinds = np.where(np.arange(n) % 10 < 7, "person", "organization")
    cols = {
        "actor_id": _ids("a", 0, n),
        "name": _ids("Responsable ", 0, n),
        "kind": pa.array(kinds),
        "country": pa.array(CODES[np.arange(n) % len(CODES)]),
        "role": pa.array(np.where(kinds == "person", "ministre de la Défense", None), pa.string()),
        "n_mentions": pa.array(np.ones(n, np.int64)),
        "n_articles": pa.array(np.ones(n, np.int64)),
    }
    return _table("actors", n, cols)


def _stamp(out: Path, n_articles: int) -> None:
    from core.build.pipeline import STAMP, corpus_fingerprint, pipeline_version
    from core.build.schema import TABLES

    (out / "articles").mkdir(parents=True, exist_ok=True)
    stamp = {
        "fingerprint": corpus_fingerprint(out / "articles"),
        "articles": n_articles,
        "errors": [],
        "pipeline_version": pipeline_version(),
        "tables": list(TABLES),
    }
    (out / "tables" / STAMP).write_text(json.dumps(stamp), encoding="utf-8")


def write(out: Path, n_events: int, seed: int = 0) -> dict[str, object]:
    """OUT/tables (partitioned Parquet) and OUT/articles (an empty corpus)."""
    started = time.perf_counter()
    tables = out / "tables"
    rng = np.random.default_rng(seed)
    n_actors = max(50, min(50_000, n_events // 200))
    chunks = max(1, -(-n_events // CHUNK_EVENTS))
    n_articles = 0
    for chunk in range(chunks):
        n = min(CHUNK_EVENTS, n_events - chunk * CHUNK_EVENTS)
        arts = _ids(f"art{chunk}_", 0, max(1, n // 12))
        events, art_of, actor = _events(rng, chunk, n, arts, n_actors)
        parts = {"events": events, "articles": _articles(rng, chunk, len(arts), events, art_of)}
        parts.update(_others(events, actor))
        for name, table in parts.items():
            (tables / f"{name}.parquet").mkdir(parents=True, exist_ok=True)
            pq.write_table(table, tables / f"{name}.parquet" / f"part-{chunk:03d}.parquet")
        n_articles += len(arts)
    pq.write_table(_actors(n_actors), tables / "actors.parquet")
    _stamp(out, n_articles)
    return {
        "events": n_events,
        "articles": n_articles,
        "actors": n_actors,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(write(args.out, args.events)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
