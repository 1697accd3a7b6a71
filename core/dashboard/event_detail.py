"""The why of one event: who -> whom, what, when (and the words that dated it), the cues
and confidence, every sentence that reports it highlighted in context, the quotes of its
people, and the other articles of its cluster.

`event_facts` is pure (tested on hand-built tables); `show_event` draws it. All text
comes from articles and is untrusted: HTML goes through `highlight_html` (escaped),
Markdown through `escape_markdown`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import pandas as pd

from core.dashboard.corpus import Corpus
from core.dashboard.labels import domain_label, status_label, type_label
from core.nlp.countries import country_label

CONTEXT_CHARS = 240
"""Characters of article text shown on each side of a highlighted sentence."""


class Passage(NamedTuple):
    """One sentence reporting the event, with the text around it."""

    article_id: str
    before: str
    sentence: str
    after: str


class EventFacts(NamedTuple):
    event_id: str
    direction: str
    directed: bool
    type: str
    status: str
    date: str
    precision: str
    date_text: str
    tone: float | None
    domains: list[str]
    people: list[str]
    location: str
    cues: list[str]
    confidence: float | None
    article_id: str
    passages: list[Passage]
    quotes: pd.DataFrame
    corroborating: pd.DataFrame


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _strs(value: object) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return []
    return [str(v) for v in value]


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def direction(row: pd.Series) -> tuple[str, bool]:
    """'Algeria (DZ) -> Russia (RU)' when the event has an actor and a target country,
    else its countries joined without an arrow (the extractor found no direction)."""
    actor, target = _str(row.get("actor_country")), _str(row.get("target_country"))
    if actor and target and actor != target:
        return f"{country_label(actor)} → {country_label(target)}", True
    countries = _strs(row.get("countries"))
    return " – ".join(country_label(c) for c in countries) or "no country", False


def _article_text(c: Corpus, article_id: str) -> str:
    hit = np.flatnonzero(c.articles["article_id"].to_numpy() == article_id)
    return _str(c.articles["text"].iloc[hit[0]]) if len(hit) else ""


def passage(text: str, article_id: str, start: int, end: int) -> Passage | None:
    """The sentence text[start:end] with up to CONTEXT_CHARS on each side, cut at spaces."""
    start, end = max(0, int(start)), min(len(text), int(end))
    if end <= start:
        return None
    lo = max(0, start - CONTEXT_CHARS)
    hi = min(len(text), end + CONTEXT_CHARS)
    if lo > 0 and " " in text[lo:start]:
        lo = text.index(" ", lo, start) + 1
    if hi < len(text) and " " in text[end:hi]:
        hi = text.rindex(" ", end, hi)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return Passage(article_id, before, text[start:end], after)


def event_mentions(c: Corpus) -> pd.DataFrame | None:
    """The event_mentions table (event_id, article_id, start, end, ...) when the build
    wrote one; older tables have only each event's own sentence."""
    frame = c.extras.get("tables", {}).get("event_mentions")
    return frame if isinstance(frame, pd.DataFrame) and len(frame.columns) else None


def passages(c: Corpus, row: pd.Series) -> list[Passage]:
    """Every sentence reporting the event (event_mentions), else its own sentence."""
    spans = [(_str(row.get("article_id")), row.get("start"), row.get("end"))]
    table = event_mentions(c)
    if table is not None:
        mine = table[table["event_id"].to_numpy() == row["event_id"]]
        if len(mine):
            spans = list(zip(mine["article_id"], mine["start"], mine["end"], strict=True))
    out = []
    texts: dict[str, str] = {}
    for article_id, start, end in spans:
        if article_id not in texts:
            texts[article_id] = _article_text(c, article_id)
        lo, hi = _number(start), _number(end)
        if lo is None or hi is None:
            continue
        found = passage(texts[article_id], article_id, int(lo), int(hi))
        if found:
            out.append(found)
    return out


def people(c: Corpus, actor_ids: list[str]) -> tuple[list[str], list[str]]:
    """('Name, role' of each person or organisation named, their actor ids)."""
    frame = c.actors[c.actors["actor_id"].isin(actor_ids)]
    frame = frame[frame["kind"].isin(["person", "organization"])].drop_duplicates("actor_id")
    names = [
        f"{_str(name)}, {_str(role)}" if _str(role) else _str(name)
        for name, role in zip(frame["name"], frame["role"], strict=True)
    ]
    return names, frame["actor_id"].astype(str).tolist()


def quotes_of(c: Corpus, actor_ids: list[str], article_id: str, limit: int = 10) -> pd.DataFrame:
    """Quotes of the event's people, those of the event's own article first."""
    q = c.quotes[c.quotes["actor_id"].isin(actor_ids)]
    names = c.actors.drop_duplicates("actor_id").set_index("actor_id")["name"]
    q = q.assign(
        speaker=names.reindex(q["actor_id"]).to_numpy(object),
        own=(q["article_id"] == article_id).to_numpy(),
    )
    q = q.sort_values("own", ascending=False, kind="stable").head(limit)
    return q[["speaker", "text", "article_id"]].reset_index(drop=True)


def corroborating(c: Corpus, row: pd.Series) -> pd.DataFrame:
    """The other articles reporting the same event (same cluster_id)."""
    cluster = _str(row.get("cluster_id"))
    cols = ["article_id", "title", "outlet", "published"]
    if not cluster:
        return pd.DataFrame(columns=cols)
    same = c.events["cluster_id"].to_numpy() == cluster
    others = set(c.events["article_id"].to_numpy()[same]) - {row["article_id"]}
    arts = c.articles[c.articles["article_id"].isin(sorted(others))][cols]
    return arts.assign(
        title=arts["title"].fillna("(untitled)"), outlet=arts["outlet"].fillna("unknown outlet")
    ).reset_index(drop=True)


def event_row(c: Corpus, event_id: str) -> pd.Series | None:
    hit = np.flatnonzero(c.events["event_id"].to_numpy() == event_id)
    return c.events.iloc[hit[0]] if len(hit) else None


def event_facts(c: Corpus, event_id: str) -> EventFacts | None:
    """Everything the panel shows about one event, or None for an unknown id."""
    row = event_row(c, event_id)
    if row is None:
        return None
    actor_ids = _strs(row.get("actor_ids"))
    names, people_ids = people(c, actor_ids)
    text, directed = direction(row)
    return EventFacts(
        event_id=str(event_id),
        direction=text,
        directed=directed,
        type=type_label(_str(row.get("type"))) or "unknown type",
        status=status_label(_str(row.get("status"))) or "unknown status",
        date=_str(row.get("date")),
        precision=_str(row.get("date_precision")),
        date_text=_str(row.get("date_text")),
        tone=_number(row.get("tone")) if "tone" in row.index else None,
        domains=[domain_label(d) for d in _strs(row.get("domains"))],
        people=names,
        location=_str(row.get("location")),
        cues=_strs(row.get("cues")),
        confidence=_number(row.get("confidence")),
        article_id=_str(row.get("article_id")),
        passages=passages(c, row),
        quotes=quotes_of(c, people_ids, _str(row.get("article_id"))),
        corroborating=corroborating(c, row),
    )
