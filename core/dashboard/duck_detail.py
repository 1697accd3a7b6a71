"""One event's or one article's rows, fetched from DuckDB into a small in-memory `Corpus`,
so the event panel, the Sources reader and the correction forms (written for the
in-memory backend) show them unchanged: a few rows cross, never the tables."""

from __future__ import annotations

import pandas as pd

from core.build.schema import TABLES, empty
from core.dashboard.corpus import Corpus, build_corpus
from core.dashboard.duck_corpus import DuckCorpus


def _rows(c: DuckCorpus, table: str, condition: str, params: list) -> pd.DataFrame:
    """Rows of one table (`condition` is ours; its values are parameters)."""
    columns = {"art": "* EXCLUDE (pos, url_ok, rank)", "ev": "* EXCLUDE (pos, rank)"}.get(
        table, "* EXCLUDE (pos)"
    )
    return c.sql(f"SELECT {columns} FROM {table} WHERE {condition} ORDER BY pos", params)


def _contract(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Only the contract's columns (the database adds derived ones to `ev`)."""
    shape = empty(name)
    if frame.empty:
        return shape
    return frame[[col for col in shape.columns if col in frame.columns]].reset_index(drop=True)


def _small(c: DuckCorpus, events: pd.DataFrame, article_ids: list[str]) -> Corpus:
    articles = _rows(c, "art", "list_contains(?::VARCHAR[], article_id)", [article_ids])
    event_ids = events["event_id"].astype(str).tolist()
    frames = {
        "articles": articles,
        "actors": c.actors,
        "events": events,
        "mentions": _rows(c, "mentions", "list_contains(?::VARCHAR[], article_id)", [article_ids]),
        "quotes": _quotes(c, events, article_ids),
        "event_mentions": _rows(
            c, "event_mentions", "list_contains(?::VARCHAR[], event_id)", [event_ids]
        ),
    }
    frames = {name: _contract(name, frame) for name, frame in frames.items() if name in TABLES}
    small = build_corpus(frames)
    return Corpus(**{**small.__dict__, "version": c.version})


def _quotes(c: DuckCorpus, events: pd.DataFrame, article_ids: list[str]) -> pd.DataFrame:
    """Quotes of the articles and of the events' actors (the panel shows the latter)."""
    actors = sorted(
        {str(a) for ids in events["actor_ids"] for a in (ids if ids is not None else [])}
    )
    return _rows(
        c,
        "quotes",
        "list_contains(?::VARCHAR[], article_id) OR list_contains(?::VARCHAR[], actor_id)",
        [article_ids, actors],
    )


def event_corpus(c: DuckCorpus, event_id: str) -> Corpus:
    """The event, the events of its cluster, their articles, quotes and mentions."""
    events = _rows(
        c,
        "ev",
        "event_id = ? OR cluster_id IN (SELECT cluster_id FROM ev WHERE event_id = ? "
        "AND cluster_id IS NOT NULL AND cluster_id <> '')",
        [event_id, event_id],
    )
    spans = _rows(c, "event_mentions", "event_id = ?", [event_id])
    ids = sorted({*events["article_id"].astype(str), *spans["article_id"].astype(str)})
    return _small(c, events, ids)


def article_corpus(c: DuckCorpus, article_id: str) -> Corpus:
    """One article with its events, mentions and quotes."""
    return _small(c, _rows(c, "ev", "article_id = ?", [article_id]), [article_id])


def event_row(c: DuckCorpus, event_id: str) -> pd.Series | None:
    frame = _contract("events", _rows(c, "ev", "event_id = ?", [event_id]))
    return frame.iloc[0] if len(frame) else None


def _quote_condition(needle: str) -> tuple[str, list[str]]:
    return ("contains(folded, ?)", [needle]) if needle else ("TRUE", [])


def count_quotes(c: DuckCorpus, needle: str) -> int:
    """Quotes whose folded text holds `needle` (all when empty)."""
    sql, params = _quote_condition(needle)
    return c.memo(
        ("count_quotes", needle),
        lambda: int(c.scalar(f"SELECT count(*) FROM quotes WHERE {sql}", params)),
    )


def quote_rows(c: DuckCorpus, needle: str, start: int, size: int) -> tuple[pd.DataFrame, list[int]]:
    """`size` matching quotes from the `start`-th, in table order, and their positions."""

    def run() -> tuple[pd.DataFrame, list[int]]:
        sql, params = _quote_condition(needle)
        frame = c.sql(
            f"SELECT * FROM quotes WHERE {sql} ORDER BY pos LIMIT ? OFFSET ?",
            [*params, int(size), int(start)],
        )
        return _contract("quotes", frame), [int(p) for p in frame["pos"]]

    return c.memo(("quote_rows", needle, start, size), run)
