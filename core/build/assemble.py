"""Assemble the contract tables from per-article rows: the cross-article step.

Merges actors corpus-wide, gives events their ids and clusters, and lays every table
out in the column order of core/schema.py. Pure: article metadata and cached rows in,
DataFrames out.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd

from core.build.actors import country_actors, merge_orgs, merge_people
from core.build.cluster import cluster_events
from core.build.schema import SCHEMAS
from core.ingest.article import Article
from core.nlp.countries import load_countries


def _frame(table: str, records: list[dict[str, Any]]) -> pd.DataFrame:
    columns = SCHEMAS[table].names
    return (
        pd.DataFrame.from_records(records, columns=columns)
        if records
        else pd.DataFrame(columns=columns)
    )


def _event_id(article_id: str, sentence: int) -> str:
    return hashlib.sha1(f"{article_id}:{sentence}".encode()).hexdigest()[:16]


def assemble(articles: list[Article], rows: dict[str, dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """The five tables for the given articles, from their cached extraction rows."""
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

    mentions, events, quotes = [], [], []
    for article_id, data in ordered:
        for m in data["mentions"]:
            mentions.append(
                {**m, "article_id": article_id, "actor_id": actor_id(article_id, m["key"])}
            )
        for e in data["events"]:
            ids = [actor_id(article_id, k) for k in e["actor_keys"]]
            events.append(
                {
                    **e,
                    "event_id": _event_id(article_id, e["sentence"]),
                    "article_id": article_id,
                    "actor_ids": [i for i in ids if i],
                }
            )
        for q in data["quotes"]:
            quotes.append(
                {**q, "article_id": article_id, "actor_id": actor_id(article_id, q["key"])}
            )
    names = {code: country.name_en for code, country in load_countries().items()}
    countries = country_actors(mentions, [e["countries"] for e in events], names)
    article_records = [
        {
            "article_id": a.article_id,
            "file": a.file,
            "title": a.title,
            "outlet": a.outlet,
            "url": a.url,
            "language": a.language,
            "published": a.published,
            "published_precision": a.published_precision,
            "n_chars": len(a.text),
            "text": a.text,
        }
        for a in articles
    ]
    event_frame = cluster_events(_frame("events", events)) if events else _frame("events", [])
    return {
        "articles": _frame("articles", article_records),
        "actors": _frame("actors", countries + people + orgs),
        "mentions": _frame("mentions", mentions),
        "events": event_frame,
        "quotes": _frame("quotes", quotes),
    }
