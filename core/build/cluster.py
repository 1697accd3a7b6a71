"""Corroboration: the same real-world event reported by several articles.

Two events are the same when they share type and country set and their dates agree
(equal, or one a prefix of the other, with at least month precision on one side).
Undated events never cluster: without a date there is no telling two visits apart.
"""

from __future__ import annotations

import hashlib

import pandas as pd


def cluster_events(events: pd.DataFrame) -> pd.DataFrame:
    """Add cluster_id and n_sources (distinct articles in the cluster) to events."""
    events = events.copy()
    if events.empty:
        events["cluster_id"] = pd.Series(dtype="object")
        events["n_sources"] = pd.Series(dtype="int64")
        return events
    clusters: list[str] = []
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for event_id, kind, countries, date in zip(
        events["event_id"], events["type"], events["countries"], events["date"], strict=True
    ):
        own = _cid(event_id)
        if not isinstance(date, str) or not date:
            clusters.append(own)
            continue
        members = groups.setdefault((kind, "|".join(sorted(countries))), [])
        # Same event: one date is a prefix of the other, and one is at least month-precise.
        match = next(
            (
                cid
                for other, cid in members
                if (date.startswith(other) or other.startswith(date))
                and max(len(date), len(other)) >= 7
            ),
            None,
        )
        clusters.append(match or own)
        members.append((date, match or own))
    events["cluster_id"] = clusters
    n_sources = events.groupby("cluster_id")["article_id"].nunique()
    events["n_sources"] = events["cluster_id"].map(n_sources).astype("int64")
    return events


def _cid(event_id: str) -> str:
    return "c" + hashlib.sha1(event_id.encode()).hexdigest()[:12]
