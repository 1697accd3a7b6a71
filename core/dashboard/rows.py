"""The row lists the pages show (events, articles, actors, quotes) and their display form.

A page shows a few hundred rows of what may be 100k: the newest `limit` are picked with
`argpartition` and only those are sorted; derived columns a search needs (folded
excerpts) are computed once per corpus (`Corpus.memo`), never per rerun.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.dashboard.corpus import Corpus
from core.dashboard.corrections_view import pencil
from core.dashboard.labels import domain_list, status_label, type_label
from core.text.fold import fold

EVENT_COLUMNS = [
    "event_id",
    "date",
    "date_precision",
    "type",
    "status",
    "countries",
    "domains",
    "location",
    "excerpt",
    "n_sources",
    "confidence",
    "outlet",
    "title",
    "article_id",
    "cluster_id",
    "corrected",
]


def top_positions(positions: np.ndarray, key: np.ndarray, limit: int | None) -> np.ndarray:
    """`positions` ordered by descending `key`, only the first `limit` (ties: position
    order). argpartition first, so 200 of 100k rows cost a partition, not a sort."""
    keys = key[positions]
    if limit is not None and limit < len(positions):
        part = np.argpartition(-keys, limit - 1)[:limit]
        positions, keys = positions[part], keys[part]
        order = np.lexsort((positions, -keys))
    else:
        order = np.argsort(-keys, kind="stable")
    return positions[order]


def events_view(c: Corpus, mask: np.ndarray, limit: int | None = None) -> pd.DataFrame:
    """Filtered events with their outlet and title, newest first (limit rows if asked)."""
    idx = top_positions(np.flatnonzero(mask), c.date_rank, limit)
    ev = c.events.iloc[idx]
    pos = c.event_article[idx]
    titles = c.articles["title"].to_numpy()
    title = (
        np.where(pos >= 0, titles[np.maximum(pos, 0)], None)
        if len(titles)
        else np.full(len(idx), None, dtype=object)
    )
    out = ev.assign(outlet=c.event_outlet[idx], title=np.asarray(title, dtype=object))
    return out[[col for col in EVENT_COLUMNS if col in out.columns]].reset_index(drop=True)


def actor_stats(
    c: Corpus, mask: np.ndarray, kinds: tuple[str, ...] = ("person", "organization")
) -> pd.DataFrame:
    """Actors with kind, country, role, mentions, articles and filtered event count."""
    sel = mask[c.ea_row] & (c.ea_actor >= 0)
    events = np.bincount(c.ea_actor[sel], minlength=len(c.actors))
    columns = ["actor_id", "name", "kind", "country", "role", "n_mentions", "n_articles"]
    columns += ["corrected"] if "corrected" in c.actors.columns else []
    frame = c.actors[columns].assign(events=events)
    keep = frame["kind"].isin(list(kinds)).to_numpy().copy()
    if not mask.all():
        keep &= events > 0
    frame = frame[keep]
    return frame.sort_values(
        ["events", "n_mentions", "name"], ascending=[False, False, True]
    ).reset_index(drop=True)


def actor_events(c: Corpus, mask: np.ndarray, actor_id: str) -> pd.DataFrame:
    """Every filtered event naming the actor."""
    pos = np.flatnonzero(c.actors["actor_id"].to_numpy() == actor_id)
    hit = np.zeros(c.n_events, dtype=bool)
    if len(pos):
        hit[c.ea_row[c.ea_actor == pos[0]]] = True
    return events_view(c, mask & hit)


def actor_quotes(c: Corpus, actor_id: str) -> pd.DataFrame:
    """Quotes attributed to the actor, with the article title and outlet."""
    q = c.quotes[c.quotes["actor_id"] == actor_id]
    meta = c.articles.drop_duplicates("article_id").set_index("article_id")[["title", "outlet"]]
    return q.join(meta, on="article_id").reset_index(drop=True)


def _folded_excerpts(c: Corpus) -> pd.Series:
    return c.memo(
        ("folded_excerpts",),
        lambda: pd.Series([fold(x) if isinstance(x, str) else "" for x in c.events["excerpt"]]),
    )


def quote_positions(c: Corpus, needle: str) -> np.ndarray:
    """Positions in `c.quotes` of the quotes whose folded text holds `needle` (all when
    it is empty); the folded texts are made once per corpus."""
    if not needle:
        return np.arange(len(c.quotes))
    folded = c.memo(
        ("folded_quotes",),
        lambda: pd.Series([fold(x) if isinstance(x, str) else "" for x in c.quotes["text"]]),
    )
    return np.flatnonzero(folded.str.contains(needle, regex=False).to_numpy(bool))


def search_events(c: Corpus, mask: np.ndarray, text: str) -> np.ndarray:
    """Narrow a mask to events whose excerpt contains `text`, ignoring case and accents
    ("memorandum" finds "Mémorandum"): both sides go through the same `fold`."""
    needle = fold(text.strip())
    if not needle:
        return mask
    idx = np.flatnonzero(mask)
    found = _folded_excerpts(c).iloc[idx].str.contains(needle, regex=False)
    out = np.zeros_like(mask)
    out[idx[found.to_numpy(bool)]] = True
    return out


def _article_rank(c: Corpus) -> np.ndarray:
    """Rank of each article by publication date (undated lowest), once per corpus."""

    def rank() -> np.ndarray:
        published = c.articles["published"].fillna("").astype(str).to_numpy()
        out = np.empty(len(published), dtype=np.int64)
        out[np.argsort(published, kind="stable")] = np.arange(len(published))
        return out

    return c.memo(("article_rank",), rank)


def articles_view(c: Corpus, keep: np.ndarray, limit: int | None = None) -> pd.DataFrame:
    """Article metadata (no text) with the number of events, newest first (limit rows)."""
    counts = c.memo(
        ("article_events",),
        lambda: np.bincount(c.event_article[c.event_article >= 0], minlength=len(c.articles)),
    )
    idx = top_positions(np.flatnonzero(keep), _article_rank(c), limit)
    arts = c.articles.iloc[idx]
    cols = ["article_id", "title", "outlet", "published", "language", "url", "n_chars", "file"]
    out = arts[cols].assign(
        title=arts["title"].fillna("(untitled)"),
        outlet=arts["outlet"].fillna("unknown outlet"),
        events=counts[idx],
        link=np.where(c.url_ok[idx], arts["url"].to_numpy(object), np.full(len(arts), None)),
    )
    return out.reset_index(drop=True)


def _joined(values: object) -> str:
    if values is None or isinstance(values, str | float):
        return ""
    return ", ".join(map(str, values))  # type: ignore[call-overload]


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """A small (already limited) frame as an analyst reads it: lists joined as 'a, b',
    taxonomy keys as their labels, a missing title or outlet said so, never "None"."""
    out = frame.copy()
    for col in ("countries", "actor_ids", "cues", "aliases"):
        if col in out.columns:
            out[col] = [_joined(v) for v in out[col]]
    if "domains" in out.columns:
        out["domains"] = [domain_list(v) for v in out["domains"]]
    for col, label in (("type", type_label), ("status", status_label)):
        if col in out.columns:
            out[col] = [label(v) if isinstance(v, str) else "" for v in out[col]]
    for col, missing in (("title", "(untitled)"), ("outlet", "unknown outlet")):
        if col in out.columns:
            out[col] = [v if isinstance(v, str) and v.strip() else missing for v in out[col]]
    for col in ("location", "date", "date_precision", "role"):
        if col in out.columns:
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return pencil(out)  # corrected values marked (core.dashboard.corrections_view)
