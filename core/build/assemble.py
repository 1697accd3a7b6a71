"""Assemble the contract tables from per-article rows: the cross-article step.

Merges actors corpus-wide, gives events their ids and clusters, and lays every table
out in the column order of core/schema.py. Pure: article metadata and cached rows in,
DataFrames out.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.build.actors import country_actors, merge_orgs, merge_people
from core.build.cluster import article_source, cluster_events
from core.build.schema import SCHEMAS
from core.extract.happenings import event_key
from core.extract.rows import ArticleRows, EventMention, EventRow, MentionRow, QuoteRow
from core.ingest.article import Article
from core.nlp.countries import load_countries
from core.text.partial_date import parse_partial_date


def _frame(table: str, records: list[dict[str, Any]]) -> pd.DataFrame:
    columns = SCHEMAS[table].names
    return (
        pd.DataFrame.from_records(records, columns=columns)
        if records
        else pd.DataFrame(columns=columns)
    )


def _event_rows(
    article_id: str, events: tuple[EventRow, ...], actor_ids: list[list[str | None]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Event records and their mention records; an event's id is keyed on its first
    mention sentence (a repeated sentence text gets a counter, so ids never collide)."""
    rows, mentions = [], []
    seen: dict[str, int] = {}
    for e, ids in zip(events, actor_ids, strict=True):
        key = event_key(article_id, e.mentions[0].excerpt if e.mentions else e.excerpt)
        seen[key] = seen.get(key, 0) + 1
        event_id = key if seen[key] == 1 else f"{key}-{seen[key]}"
        record = e._asdict()
        for name in ("countries", "actor_keys", "domains", "cues"):
            record[name] = list(record[name])
        record.update(event_id=event_id, article_id=article_id, actor_ids=[i for i in ids if i])
        rows.append(record)
        told = e.mentions or (EventMention(e.sentence, e.start, e.end, e.excerpt, e.cues),)
        for m in told:
            mentions.append(
                {
                    "event_id": event_id,
                    "article_id": article_id,
                    "sentence": m.sentence,
                    "start": m.start,
                    "end": m.end,
                    "excerpt": m.excerpt,
                    "cues": list(m.cues),
                }
            )
    return rows, mentions


def _mention_record(article_id: str, m: MentionRow, actor_id: str | None) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "sentence": m.sentence,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "label": m.label,
        "actor_id": actor_id,
    }


def _quote_record(article_id: str, q: QuoteRow, actor_id: str | None) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "actor_id": actor_id,
        "text": q.text,
        "start": q.start,
        "end": q.end,
    }


def _source(article: Article) -> str:
    return article_source(article.article_id, article.outlet, article.url)


def _article_record(a: Article, data: ArticleRows | None) -> dict[str, Any]:
    return article_record(
        a, data.pipeline if data else None, data.published_from_text if data else None
    )


def article_record(a: Article, pipeline: str | None, from_text: str | None) -> dict[str, Any]:
    """The article's row. With no date in the manifest, the page's own date line (found
    by the extractor) is its publication date; the pipeline that read it is kept so the
    dashboard can say which articles ran without a language model."""
    published, precision = a.published, a.published_precision
    stated = parse_partial_date(from_text)
    if not published and stated is not None:
        published, precision = stated.iso, stated.precision
    return {
        "article_id": a.article_id,
        "file": a.file,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "language": a.language,
        "published": published,
        "published_precision": precision,
        "n_chars": len(a.text),
        "text": a.text,
        "pipeline": pipeline,
    }


def assemble(articles: list[Article], rows: dict[str, ArticleRows]) -> dict[str, pd.DataFrame]:
    """The contract tables for the given articles, from their cached extraction rows."""
    ordered = [(a.article_id, rows[a.article_id]) for a in articles if a.article_id in rows]
    person_ids, people = merge_people(ordered)
    org_ids, orgs = merge_orgs(ordered)

    def actor_id(article_id: str, key: str | None) -> str | None:
        if key is None:
            return None
        if key.startswith("p"):
            return person_ids.get((article_id, key))
        if key.startswith("org:"):
            return org_ids.get(key)
        return key

    mentions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    event_mentions: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    named: list[tuple[str, str | None]] = []  # (article, actor) of every mention
    for article_id, data in ordered:
        for m in data.mentions:
            named.append((article_id, actor_id(article_id, m.key)))
            mentions.append(_mention_record(article_id, m, named[-1][1]))
        ids = [[actor_id(article_id, k) for k in e.actor_keys] for e in data.events]
        rows_, mentions_ = _event_rows(article_id, data.events, ids)
        events += rows_
        event_mentions += mentions_
        quotes += [_quote_record(article_id, q, actor_id(article_id, q.key)) for q in data.quotes]
    names = {code: country.name_en for code, country in load_countries().items()}
    countries = country_actors(named, [e["countries"] for e in events], names)
    article_records = [_article_record(a, rows.get(a.article_id)) for a in articles]
    outlets = {a.article_id: _source(a) for a in articles}
    event_frame = _frame("events", events)
    if events:
        event_frame = cluster_events(event_frame, outlets)
    return {
        "articles": _frame("articles", article_records),
        "actors": _frame("actors", countries + people + orgs),
        "mentions": _frame("mentions", mentions),
        "events": event_frame,
        "event_mentions": _frame("event_mentions", event_mentions),
        "quotes": _frame("quotes", quotes),
    }
