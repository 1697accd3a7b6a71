"""Assemble the contract tables column by column from the row cache's Arrow partitions.

The same tables as core/build/assemble.py, without ever holding a Python `ArticleRows`
per article for the whole corpus: at 10,000 articles those rows and the dict records made
from them were most of the build's peak memory. Each partition's list-of-struct columns
are flattened with pyarrow into the contract tables' columns (no loop over articles or
rows makes an object per row); only the small cross-article inputs (people, organisations, the actor
keys, the texts events are keyed on) go through Python for actor merging and event ids.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.build.actors import country_actors, merge_org_keys, merge_people
from core.build.arrow_frames import POS, flat, frame, lists, objects, ordered, release
from core.build.assemble import _source, article_record
from core.build.cache_layout import check_table, column_values
from core.build.cluster import cluster_events
from core.build.schema import SCHEMAS
from core.extract.happenings import event_key
from core.extract.rows import ArticleRows, OrgRow, PersonRow
from core.ingest.article import Article
from core.nlp.countries import load_countries

_SEQ = "__event"  # an event's number, unique over the partitions
_MENTION = ("sentence", "start", "end", "text", "label", "key")
_QUOTE = ("key", "text", "start", "end")
_TOLD = ("sentence", "start", "end", "excerpt", "cues")


@dataclass
class _Parts:
    """What the partitions hold, gathered one partition at a time."""

    mentions: list[pa.Table] = field(default_factory=list)
    events: list[pa.Table] = field(default_factory=list)
    told: list[pa.Table] = field(default_factory=list)  # event mentions
    quotes: list[pa.Table] = field(default_factory=list)
    people: dict[int, tuple[PersonRow, ...]] = field(default_factory=dict)
    orgs: dict[int, tuple[OrgRow, ...]] = field(default_factory=dict)
    pipeline: dict[int, str] = field(default_factory=dict)
    published: dict[int, str | None] = field(default_factory=dict)


def _events(table: pa.Table, base: int) -> tuple[pa.Table, pa.Table]:
    """The events of one partition (numbered from `base`, with the text their id is keyed
    on) and their event mentions: an event no mention sentence reports is its own one."""
    names = [*SCHEMAS["events"].names[2:21], "actor_keys", "mentions"]
    events = flat(table, "events", [n for n in names if n != "actor_ids"])
    told = events.column("mentions").combine_chunks()
    count = pc.list_value_length(told).to_numpy(zero_copy_only=False)
    seq = np.arange(base, base + len(events), dtype=np.int64)
    items = told.flatten()
    said = pa.table(
        {**{name: items.field(name) for name in _TOLD}, _SEQ: pa.array(np.repeat(seq, count))}
    )
    alone = np.flatnonzero(count == 0)
    itself = pa.table(
        {
            **{name: events.column(name).take(alone) for name in _TOLD},
            _SEQ: pa.array(seq[alone]),
        }
    )
    told_table = pa.concat_tables([said, itself])
    told_table = told_table.take(np.argsort(told_table.column(_SEQ).to_numpy(), kind="stable"))
    told_table = told_table.append_column(
        POS, events.column(POS).take(pa.array(told_table.column(_SEQ).to_numpy() - base))
    )
    offsets = told.offsets.to_numpy()
    first = np.minimum(offsets[:-1] - offsets[0], max(len(items) - 1, 0))
    own = events.column("excerpt").combine_chunks()
    keyed = (
        pc.if_else(pa.array(count > 0), items.field("excerpt").take(pa.array(first)), own)
        if len(items)
        else own
    )
    events = events.drop_columns(["mentions"])
    events = events.append_column("__keyed", keyed).append_column(_SEQ, pa.array(seq))
    return events, told_table


def _gather(
    partitions: Iterable[pa.Table], unchecked: Iterable[pa.Table], position: dict[str, int]
) -> _Parts:
    parts = _Parts()
    checked = ((t, True) for t in partitions)
    for table, check in itertools.chain(checked, ((t, False) for t in unchecked)):
        if check:
            check_table(table)
        ids = table.column("article_id").to_pylist()
        pos = [position.get(a, -1) for a in ids]
        table = table.append_column(POS, pa.array(pos, pa.int64()))
        table = table.filter(pc.greater_equal(table.column(POS), 0))
        pos = table.column(POS).to_pylist()
        parts.mentions.append(flat(table, "mentions", _MENTION))
        parts.quotes.append(flat(table, "quotes", _QUOTE))
        events, told = _events(table, sum(e.num_rows for e in parts.events))
        parts.events.append(events)
        parts.told.append(told)
        for name, into in (("people", parts.people), ("orgs", parts.orgs)):
            into.update(zip(pos, column_values(table, name), strict=True))
        parts.pipeline.update(zip(pos, column_values(table, "pipeline"), strict=True))
        published = column_values(table, "published_from_text")
        parts.published.update(zip(pos, published, strict=True))
    return parts


class _Actors:
    """Local actor keys to corpus actor ids, as assemble.actor_id does."""

    def __init__(self, person_ids: dict[tuple[str, str], str], org_ids: dict[str, str]) -> None:
        self.person_ids, self.org_ids = person_ids, org_ids

    def __call__(self, article_id: str, key: str | None) -> str | None:
        if key is None:
            return None
        if key.startswith("p"):
            return self.person_ids.get((article_id, key))
        if key.startswith("org:"):
            return self.org_ids.get(key)
        return key


def assemble_tables(
    articles: list[Article],
    partitions: Iterable[pa.Table],
    *,
    unchecked: Iterable[pa.Table] = (),
) -> dict[str, pd.DataFrame]:
    """`assemble(articles, rows)` from the rows' Arrow tables (the cache's layout, one row
    per article; an article in none has no rows), column by column. `partitions` are
    checked as the cache checks them when read; `unchecked` tables (cache_layout.
    loose_table: rows the cache refused) are read as they are."""
    position = {a.article_id: i for i, a in enumerate(articles)}
    ids = [a.article_id for a in articles]
    parts = _gather(partitions, unchecked, position)
    have = sorted(parts.people)
    # people-only rows: what merging reads, a small part of an article's rows
    person_ids, people = merge_people(
        [(ids[i], ArticleRows(ids[i], people=parts.people[i])) for i in have]
    )
    mentions = ordered(parts.mentions)
    parts.mentions = []
    mention_article = [ids[i] for i in mentions.column(POS).to_numpy()] if mentions else []
    mention_keys = objects(mentions.column("key")) if mentions else []
    org_mentions: dict[int, list[str]] = {}
    if mentions:
        for i, key in zip(mentions.column(POS).to_numpy().tolist(), mention_keys, strict=True):
            if key is not None and key.startswith("org:"):
                org_mentions.setdefault(i, []).append(key)
    org_ids, orgs = merge_org_keys((ids[i], parts.orgs[i], org_mentions.get(i, ())) for i in have)
    actor_id = _Actors(person_ids, org_ids)
    mention_actor = [actor_id(a, k) for a, k in zip(mention_article, mention_keys, strict=True)]
    frames = {"mentions": _mention_frame(mentions, mention_article, mention_actor)}
    del mentions, mention_keys
    release()
    events, told, event_countries = _event_frames(parts, ids, actor_id)
    release()
    quotes = _quote_frame(ordered(parts.quotes), ids, actor_id)
    parts.quotes = []
    release()
    names = {code: country.name_en for code, country in load_countries().items()}
    named = list(zip(mention_article, mention_actor, strict=True))
    countries = country_actors(named, event_countries, names)
    del named, mention_article, mention_actor
    records = [
        article_record(a, parts.pipeline.get(i), parts.published.get(i))
        for i, a in enumerate(articles)
    ]
    if len(events):
        outlets = {a.article_id: _source(a) for a in articles}
        events = cluster_events(events, outlets)
    return {
        "articles": _records("articles", records),
        "actors": _records("actors", countries + people + orgs),
        "mentions": frames["mentions"],
        "events": events,
        "event_mentions": told,
        "quotes": quotes,
    }


def _records(table: str, records: list[dict[str, Any]]) -> pd.DataFrame:
    columns = SCHEMAS[table].names
    if not records:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame.from_records(records, columns=columns)


def _mention_frame(
    mentions: pa.Table | None, article: list[str], actor: list[str | None]
) -> pd.DataFrame:
    if mentions is None:
        return frame("mentions", {}, 0)
    columns: dict[str, Any] = {n: mentions.column(n) for n in _MENTION[:-1]}
    columns.update(article_id=article, actor_id=actor)
    return frame("mentions", columns, mentions.num_rows)


def _quote_frame(quotes: pa.Table | None, ids: list[str], actor_id: _Actors) -> pd.DataFrame:
    if quotes is None:
        return frame("quotes", {}, 0)
    article = [ids[i] for i in quotes.column(POS).to_numpy()]
    keys = objects(quotes.column("key"))
    columns: dict[str, Any] = {n: quotes.column(n) for n in _QUOTE[1:]}
    columns.update(
        article_id=article, actor_id=[actor_id(a, k) for a, k in zip(article, keys, strict=True)]
    )
    return frame("quotes", columns, quotes.num_rows)


def _event_frames(
    parts: _Parts, ids: list[str], actor_id: _Actors
) -> tuple[pd.DataFrame, pd.DataFrame, list[list[str]]]:
    """The events frame (before clustering), the event mentions frame, and each event's
    countries (for the country actors)."""
    events = ordered(parts.events)
    told = ordered(parts.told)
    parts.events, parts.told = [], []
    if events is None or told is None:
        return frame("events", {}, 0), frame("event_mentions", {}, 0), []
    article = [ids[i] for i in events.column(POS).to_numpy()]
    seen: dict[str, int] = {}
    event_ids = []
    for article_id, text in zip(article, events.column("__keyed").to_pylist(), strict=True):
        key = event_key(article_id, text)
        seen[key] = seen.get(key, 0) + 1
        event_ids.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    keys = lists(events.column("actor_keys"))
    actor_ids = [
        [i for i in (actor_id(a, k) for k in ks) if i] for a, ks in zip(article, keys, strict=True)
    ]
    del keys
    columns: dict[str, Any] = {
        n: events.column(n) for n in SCHEMAS["events"].names[2:21] if n != "actor_ids"
    }
    countries = lists(events.column("countries"))
    columns.update(event_id=event_ids, article_id=article, actor_ids=actor_ids, countries=countries)
    event_frame = frame("events", columns, events.num_rows)
    del columns
    seq = events.column(_SEQ).to_numpy()
    place = np.empty(seq.max() + 1, dtype=np.int64)
    place[seq] = np.arange(len(seq))
    told_events = place[told.column(_SEQ).to_numpy()].tolist()
    told_columns: dict[str, Any] = {n: told.column(n) for n in _TOLD}
    told_columns.update(
        event_id=[event_ids[i] for i in told_events],
        article_id=[article[i] for i in told_events],
    )
    return event_frame, frame("event_mentions", told_columns, told.num_rows), countries
