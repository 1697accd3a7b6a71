"""Corroboration: the same real-world event reported by several articles.

Two events can be one happening only when they share type and country set and their
dates agree at their common precision ("2024-03" and "2024-03-12"). Two events that are
each more precise and differ ("2024-01-10", "2024-11-05") never join, and a vaguer
event (a month, a year) joins only when exactly one cluster fits it: a year-only
mention must not chain a January and a November visit. Undated events never cluster.

Every step is a hash group-by over (type, countries, date prefix): O(n log n) at worst.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import pandas as pd

from core.text.fold import fold


def _cid(event_id: str) -> str:
    return "c" + hashlib.sha1(event_id.encode()).hexdigest()[:12]


def _first_of(frame: pd.DataFrame, by: list[str]) -> pd.Series:
    """The smallest event id of each group, broadcast to its rows."""
    return frame.groupby(by, sort=False)["event_id"].transform("min")


def _roots(frame: pd.DataFrame) -> pd.Series:
    """event_id -> the id of the event whose cluster it joins (itself when alone).

    Days first (equal days join), then months (equal months join, and a month joins the
    single day cluster inside it), then years (a year joins the single cluster inside it,
    never another bare year). Every step is a sort or a hash group-by."""
    root = frame["event_id"].copy()
    size = frame["date"].str.len()
    day, month, year = frame[size == 10], frame[size == 7], frame[size == 4]
    root[day.index] = _first_of(day, ["key", "date"]).to_numpy()
    days = day.assign(month=day["date"].str[:7], root=root[day.index])
    per_month = days.groupby(["key", "month"])["root"].agg(["nunique", "first"])
    month = month.join(per_month, on=["key", "date"])
    lone = month["nunique"].isna()
    root[month.index[lone]] = _first_of(month[lone], ["key", "date"]).to_numpy()
    single = month["nunique"] == 1
    root[month.index[single]] = month.loc[single, "first"].to_numpy()
    # Ambiguous months (two day clusters inside) stay alone and make their year ambiguous.
    placed = pd.concat(
        [
            days[["key", "root"]].assign(y=days["date"].str[:4]),
            month[["key"]].assign(root=root[month.index], y=month["date"].str[:4]),
        ]
    )
    per_year = placed.groupby(["key", "y"])["root"].agg(["nunique", "first"])
    year = year.join(per_year, on=["key", "date"])
    single = year["nunique"] == 1
    root[year.index[single]] = year.loc[single, "first"].to_numpy()
    return root


def article_source(article_id: str, outlet: object, url: object) -> str:
    """Who published an article: its outlet, else its site, else the article itself
    (a syndicated copy from the same outlet is not a second source)."""
    if isinstance(outlet, str) and outlet.strip():
        return "outlet:" + " ".join(fold(outlet).split())
    host = urlsplit(url).hostname if isinstance(url, str) else None
    return "site:" + host.removeprefix("www.") if host else "article:" + article_id


def article_sources(articles: pd.DataFrame) -> dict[str, str]:
    """Article id -> source, for every row of an articles table."""
    return {
        str(a): article_source(str(a), o, u)
        for a, o, u in zip(articles["article_id"], articles["outlet"], articles["url"], strict=True)
    }


def cluster_events(events: pd.DataFrame, outlets: dict[str, str] | None = None) -> pd.DataFrame:
    """Add cluster_id, n_sources (distinct outlets, `outlets` maps article id to outlet;
    an article with none is its own source) and n_articles to events."""
    index = events.index
    events = events.reset_index(drop=True)
    if events.empty:
        events["cluster_id"] = pd.Series(dtype="object")
        events["n_sources"] = pd.Series(dtype="int64")
        events["n_articles"] = pd.Series(dtype="int64")
        return events
    dated = events[["event_id", "type", "countries", "date"]].copy()
    dated["date"] = dated["date"].where(dated["date"].map(lambda d: isinstance(d, str)), None)
    dated = dated[dated["date"].fillna("").str.len().isin([4, 7, 10])]
    dated["key"] = [
        f"{t}|{'|'.join(sorted(cs))}"
        for t, cs in zip(dated["type"], dated["countries"], strict=True)
    ]
    root = events["event_id"].copy()
    if len(dated):
        root[dated.index] = _roots(dated).to_numpy()
    outlet_of = outlets or {}
    source = events["article_id"].map(lambda a: outlet_of.get(a) or a)
    frame = pd.DataFrame(
        {
            "event_id": events["event_id"],
            "root": root,
            "source": source,
            "article_id": events["article_id"],
        }
    )
    grouped = frame.groupby("root", sort=False)
    # A cluster's id comes from its smallest member id: the same whatever the input order.
    smallest = grouped["event_id"].transform("min")
    names = {m: _cid(m) for m in smallest.unique()}
    events["cluster_id"] = smallest.map(names).to_numpy()
    events["n_sources"] = grouped["source"].transform("nunique").astype("int64").to_numpy()
    events["n_articles"] = grouped["article_id"].transform("nunique").astype("int64").to_numpy()
    events.index = index
    return events
