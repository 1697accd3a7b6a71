"""Corroboration: the same real-world event reported by several articles.

Two events are the same when they share type and country set and their dates agree
(equal, or one a prefix of the other, with at least month precision on one side).
Undated events never cluster: without a date there is no telling two visits apart.
"""

from __future__ import annotations

import hashlib

import pandas as pd


def _key(row: pd.Series) -> tuple[str, str] | None:
    if not row["date"] or pd.isna(row["date"]):
        return None
    return row["type"], "|".join(sorted(row["countries"]))


def cluster_events(events: pd.DataFrame) -> pd.DataFrame:
    """Add cluster_id and n_sources (distinct articles in the cluster) to events."""
    events = events.copy()
    if events.empty:
        events["cluster_id"] = pd.Series(dtype="object")
        events["n_sources"] = pd.Series(dtype="int64")
        return events
    cluster_of: dict[int, str] = {}
    groups: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for idx, row in events.iterrows():
        key = _key(row)
        if key is None:
            cluster_of[idx] = _cid(row["event_id"])
            continue
        members = groups.setdefault(key, [])
        date = row["date"]
        match = next(
            (
                cid
                for other_date, cid_idx in members
                if (date.startswith(other_date) or other_date.startswith(date))
                and max(len(date), len(other_date)) >= 7
                for cid in [cluster_of[cid_idx]]
            ),
            None,
        )
        cluster_of[idx] = match or _cid(row["event_id"])
        members.append((date, idx))
    events["cluster_id"] = pd.Series(cluster_of)
    n_sources = events.groupby("cluster_id")["article_id"].nunique()
    events["n_sources"] = events["cluster_id"].map(n_sources).astype("int64")
    return events


def _cid(event_id: str) -> str:
    return "c" + hashlib.sha1(event_id.encode()).hexdigest()[:12]
