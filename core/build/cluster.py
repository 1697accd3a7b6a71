"""Corroboration: the same real-world event reported by several articles.

Two events can be one happening only when they share type and country set and their
dates agree at their common precision ("2024-03" and "2024-03-12"). Two events that are
each more precise and differ ("2024-01-10", "2024-11-05") never join, and a vaguer
event (a month, a year) joins only when exactly one cluster fits it: a year-only
mention must not chain a January and a November visit. Undated events never cluster.

Each (type, countries) key is handled on its own, its events in date order, with one
dict lookup per event: O(n log n) for the sort, linear after it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

import pandas as pd


def _cid(event_id: str) -> str:
    return "c" + hashlib.sha1(event_id.encode()).hexdigest()[:12]


def _key_clusters(items: list[tuple[str, str]]) -> dict[str, str]:
    """Cluster one (type, countries) key: (date, event_id) in, event_id -> root out.

    Days first (equal days join), then months (equal months join, and a month joins the
    single day cluster inside it), then years (a year joins the single cluster inside it).
    """
    root: dict[str, str] = {}
    inside: dict[str, set[str]] = defaultdict(set)  # "2024" / "2024-03" -> cluster roots
    by_date: dict[str, str] = {}  # a day or month -> the cluster every event of it joins
    for date, event_id in sorted(items, key=lambda x: (-len(x[0]), x[0], x[1])):
        if date in by_date:
            root[event_id] = by_date[date]
            continue
        fits = inside.get(date, set()) if len(date) < 10 else set()
        own = next(iter(fits)) if len(fits) == 1 else event_id
        root[event_id] = own
        if len(date) > 4 and len(fits) <= 1:
            by_date[date] = own  # a year-only event never starts a cluster others join
        if own == event_id:
            for prefix in {date[:4], date[:7]} - {date}:
                inside[prefix].add(own)
    return root


def _roots(
    event_ids: Iterable[str],
    kinds: Iterable[str],
    countries: Iterable[Iterable[str]],
    dates: Iterable[object],
) -> list[str]:
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    order = []
    for event_id, kind, cs, date in zip(event_ids, kinds, countries, dates, strict=True):
        order.append(event_id)
        if isinstance(date, str) and date:
            key = (str(kind), "|".join(sorted(cs)))
            groups[key].append((date[:10], event_id))
    root: dict[str, str] = {}
    for items in groups.values():
        root.update(_key_clusters(items))
    return [root.get(e, e) for e in order]


def cluster_events(events: pd.DataFrame, outlets: dict[str, str] | None = None) -> pd.DataFrame:
    """Add cluster_id, n_sources (distinct outlets, `outlets` maps article id to outlet;
    an article with none is its own source) and n_articles to events."""
    events = events.copy()
    if events.empty:
        events["cluster_id"] = pd.Series(dtype="object")
        events["n_sources"] = pd.Series(dtype="int64")
        events["n_articles"] = pd.Series(dtype="int64")
        return events
    roots = _roots(events["event_id"], events["type"], events["countries"], events["date"])
    members: dict[str, list[str]] = defaultdict(list)
    for event_id, r in zip(events["event_id"], roots, strict=True):
        members[r].append(event_id)
    # A cluster's id comes from its smallest member id: the same whatever the input order.
    names = {r: _cid(min(ids)) for r, ids in members.items()}
    events["cluster_id"] = [names[r] for r in roots]
    outlet_of = outlets or {}
    source = events["article_id"].map(lambda a: outlet_of.get(a) or a)
    grouped = events.assign(_source=source).groupby("cluster_id")
    events["n_sources"] = events["cluster_id"].map(grouped["_source"].nunique()).astype("int64")
    events["n_articles"] = events["cluster_id"].map(grouped["article_id"].nunique()).astype("int64")
    return events
