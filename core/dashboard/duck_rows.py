"""The row lists the pages show, from DuckDB: only the rows of the page (`LIMIT`), newest
first in the order `core.dashboard.rows` gives (date, then table position), and the
columns the page reads. Downloads ask for every row, and only when clicked."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.dashboard.duck_corpus import DuckCorpus
from core.dashboard.duck_query import count
from core.dashboard.duck_where import ArticleSelection, Selection, where
from core.dashboard.rows import EVENT_COLUMNS
from core.text.fold import fold

ARTICLE_COLUMNS = ["article_id", "title", "outlet", "published", "language", "url", "n_chars"]


def _limit(limit: int | None) -> tuple[str, list[Any]]:
    return (" LIMIT ?", [int(limit)]) if limit is not None else ("", [])


def events_view(c: DuckCorpus, s: Selection, limit: int | None = None) -> pd.DataFrame:
    """Selected events with their outlet and title, newest first (limit rows if asked)."""

    def run() -> pd.DataFrame:
        sql, params = where(s, c.countries)
        tail, more = _limit(limit)
        return c.sql(
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM ev WHERE {sql} ORDER BY rank{tail}",
            params + more,
        )

    if limit is None:  # a download: not kept
        return run()
    return c.memo(("events_view", s, limit), run)


def actor_stats(
    c: DuckCorpus, s: Selection, kinds: tuple[str, ...] = ("person", "organization")
) -> pd.DataFrame:
    """Actors with kind, country, role, mentions, articles and selected event count."""

    def run() -> pd.Series:
        sql, params = where(s, c.countries)
        frame = c.sql(
            f"""WITH x AS (SELECT unnest(list_distinct(actor_ids)) AS a FROM ev WHERE {sql})
            SELECT a, count(*) AS n FROM x GROUP BY a""",
            params,
        )
        return pd.Series(frame["n"].to_numpy(), index=frame["a"].astype(str))

    counts = c.memo(("actor_counts", s), run)
    actors = c.actors
    columns = ["actor_id", "name", "kind", "country", "role", "n_mentions", "n_articles"]
    columns += ["corrected"] if "corrected" in actors.columns else []
    first = ~actors["actor_id"].astype(str).duplicated().to_numpy()
    events = actors["actor_id"].astype(str).map(counts).fillna(0).astype("int64") * first
    frame = actors[columns].assign(events=events.to_numpy())
    keep = frame["kind"].isin(list(kinds)).to_numpy().copy()
    if count(c, s) < c.n_events:
        keep &= frame["events"].to_numpy() > 0
    return (
        frame[keep]
        .sort_values(["events", "n_mentions", "name"], ascending=[False, False, True])
        .reset_index(drop=True)
    )


def actor_events(c: DuckCorpus, s: Selection, actor_id: str) -> pd.DataFrame:
    """Every selected event naming the actor."""
    if not (c.actors["actor_id"].astype(str) == actor_id).any():
        return events_view(c, Selection(s.filters, parts=()))
    return events_view(c, s.narrow(actor=actor_id))


def actor_quotes(c: DuckCorpus, actor_id: str) -> pd.DataFrame:
    """Quotes attributed to the actor, with the article title and outlet."""
    return c.sql(
        """WITH first AS (SELECT article_id, min(pos) AS p FROM art GROUP BY article_id)
        SELECT q.* EXCLUDE (pos, folded), art.title, art.outlet FROM quotes q
        LEFT JOIN first USING (article_id) LEFT JOIN art ON art.pos = first.p
        WHERE q.actor_id = ? ORDER BY q.pos""",
        [actor_id],
    )


def search_events(c: DuckCorpus, s: Selection, text: str) -> Selection:
    """The selection narrowed to excerpts containing `text` (folded, as `rows.search_events`)."""
    needle = fold(text.strip())
    return s.narrow(needle=needle) if needle else s


def _article_where(c: DuckCorpus, keep: ArticleSelection) -> tuple[str, list[Any]]:
    """Articles carrying a selected event; all under default filters; an outlet filter
    alone also keeps that outlet's articles without events (`query.article_mask`)."""
    f = keep.events.filters
    if f.is_default() and keep.events == Selection(f):
        return "TRUE", []
    sql, params = where(keep.events, c.countries)
    cond = f"pos IN (SELECT art_pos FROM ev WHERE {sql})"
    alone = not (f.countries or f.domains or f.types or f.statuses or f.date_from or f.date_to)
    if f.outlets and alone:
        marks = ", ".join("?" for _ in f.outlets)
        return f"({cond}) OR outlet IN ({marks})", [*params, *f.outlets]
    return cond, params


def count_articles(c: DuckCorpus, keep: ArticleSelection) -> int:
    sql, params = _article_where(c, keep)
    return c.memo(
        ("count_articles", keep),
        lambda: int(c.scalar(f"SELECT count(*) FROM art WHERE {sql}", params)),
    )


def articles_view(c: DuckCorpus, keep: ArticleSelection, limit: int | None = None) -> pd.DataFrame:
    """Article metadata (no text) with its number of events, newest first (limit rows)."""
    if limit is not None:
        return c.memo(("articles_view", keep, limit), lambda: _articles(c, keep, limit))
    return _articles(c, keep, None)


def _articles(c: DuckCorpus, keep: ArticleSelection, limit: int | None) -> pd.DataFrame:
    sql, params = _article_where(c, keep)
    tail, more = _limit(limit)
    frame = c.sql(
        f"""SELECT {", ".join(ARTICLE_COLUMNS)}, file, coalesce(ae.events, 0) AS events,
        CASE WHEN url_ok THEN url END AS link FROM art LEFT JOIN art_events ae USING (pos)
        WHERE {sql} ORDER BY rank{tail}""",
        params + more,
    )
    return frame.assign(
        title=frame["title"].fillna("(untitled)"), outlet=frame["outlet"].fillna("unknown outlet")
    )[[*ARTICLE_COLUMNS, "file", "events", "link"]]


def article_rows(c: DuckCorpus, keep: ArticleSelection) -> pd.DataFrame:
    """Every kept article, every column (the download)."""
    sql, params = _article_where(c, keep)
    return c.sql(f"SELECT * EXCLUDE (pos, url_ok, rank) FROM art WHERE {sql} ORDER BY pos", params)
