"""The Overview's timeline: each dated event a mark on its countries' rows, a day as a
point and a month or a year as a span over the days it may denote.

Rows: the countries with most dated events (top `TOP`); at most `LIMIT` events, newest
first, picked with argpartition (`rows.top_positions`)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from core.dashboard.corpus import Corpus
from core.dashboard.labels import type_label
from core.dashboard.rows import top_positions
from core.nlp.countries import country_name

TOP = 8
LIMIT = 2000
COLUMNS = ["country", "start", "end", "precision", "type", "excerpt"]


def timeline_rows(c: Corpus, mask: np.ndarray, top: int = TOP, limit: int = LIMIT) -> pd.DataFrame:
    """(country, start, end, precision, type, excerpt) per dated event x top country."""
    dated = mask & (c.date_lo != "")
    idx = top_positions(np.flatnonzero(dated), c.date_rank, limit)
    if not len(idx):
        return pd.DataFrame(columns=COLUMNS)
    keep = np.zeros(c.n_events, dtype=bool)
    keep[idx] = True
    hit = keep[c.ec_row]
    rows, codes = c.ec_row[hit], c.ec_code[hit]
    best = np.argsort(-np.bincount(codes, minlength=len(c.countries)), kind="stable")[:top]
    on = np.isin(codes, best)
    rows, codes = rows[on], codes[on]
    excerpts = c.events["excerpt"].to_numpy(object)[rows]
    precision = c.events["date_precision"].fillna("").astype(str).to_numpy(object)[rows]
    return pd.DataFrame(
        {
            "country": [country_name(c.countries[i]) for i in codes],
            "start": c.date_lo[rows],
            "end": c.date_hi[rows],
            "precision": np.where(precision == "", "unknown", precision),
            "type": [type_label(str(t)) for t in c.event_type[rows]],
            "excerpt": [str(x)[:120] for x in excerpts],
        },
        columns=COLUMNS,
    )


def timeline_chart(source: pd.DataFrame | alt.Data) -> alt.TopLevelMixin:
    """Spans (month or year) under points (days), one row per country."""
    base = alt.Chart(source, title="Events over time, by country").encode(
        y=alt.Y("country:N", title=None, axis=alt.Axis(labelLimit=0)),
        x=alt.X("start:T", title="Date"),
        color=alt.Color("precision:N", title="Date precision"),
        tooltip=["country:N", "start:T", "end:T", "precision:N", "type:N", "excerpt:N"],
    )
    spans = base.transform_filter("datum.precision != 'day'").mark_bar(height=8, opacity=0.35)
    spans = spans.encode(x2="end:T")
    points = base.transform_filter("datum.precision == 'day'").mark_point(filled=True, size=40)
    return alt.layer(spans, points)
