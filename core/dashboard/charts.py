"""Altair chart builders: small aggregated frames in, `alt.Chart` out.

Pure functions so the spec can be unit-tested with `chart.to_dict()`; the pages only
lay them out. Selection parameters have fixed names (`cell`, `bar`, `year`) that the
pages read back from the chart's `on_select="rerun"` state.

Building and validating an Altair chart costs ~0.1 s, too much for a 0.3 s rerun, so
each chart's Vega-Lite spec is built once over a named dataset (`table`) and cached;
`chart_spec(kind, frame)` returns that spec with the rows of this rerun attached (for
`st.vega_lite_chart`). `kind_chart(frame)` returns the same chart as an `alt.Chart`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from typing import Any

import altair as alt
import pandas as pd

from core.dashboard.labels import domain_colors, domain_label, type_label

# One colour per cooperation domain, shared by the charts and the map arcs.
DOMAIN_COLORS: dict[str, str] = domain_colors()  # data/taxonomy/taxonomy.json
OTHER_COLOR = "#aaaaaa"


def domain_scale(domains: list[str]) -> alt.Scale:
    """A colour scale that keeps each domain's colour stable across charts."""
    domains = sorted(set(domains))
    return alt.Scale(domain=domains, range=[DOMAIN_COLORS.get(d, OTHER_COLOR) for d in domains])


COUNT_AXIS = alt.Axis(tickMinStep=1, format="d")
"""Counts are whole: no 0.2, 0.4 ticks, no '1.000000' in a legend."""
LABEL: dict[str, Any] = {"labelLimit": 0, "labelOverlap": False}
"""Every category label drawn in full (none skipped, none truncated)."""


def labelled_domain_scale(domains: list[str]) -> alt.Scale:
    """The domain colours keyed by the human label (the legend shows labels)."""
    keys = sorted(set(domains))
    return alt.Scale(
        domain=[domain_label(d) for d in keys],
        range=[DOMAIN_COLORS.get(d, OTHER_COLOR) for d in keys],
    )


DATA_NAME = "table"
Source = pd.DataFrame | alt.Data


def _timeline(source: Source) -> alt.Chart:
    select = alt.selection_point(name="year", fields=["year"], on="click")
    return (
        alt.Chart(source, title="Events over time")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0, **LABEL)),
            y=alt.Y("events:Q", title="Dated events", axis=COUNT_AXIS),
            tooltip=[alt.Tooltip("year:O"), alt.Tooltip("events:Q")],
            opacity=alt.condition(select, alt.value(1.0), alt.value(0.5)),
        )
        .add_params(select)
    )


def _countries(source: Source) -> alt.Chart:
    return (
        alt.Chart(source, title="Countries with most events")
        .mark_bar()
        .encode(
            x=alt.X("events:Q", title="Events", axis=COUNT_AXIS),
            y=alt.Y("country:N", sort="-x", title=None, axis=alt.Axis(**LABEL)),
            tooltip=["country:N", "iso2:N", "events:Q", "top_domains:N"],
        )
    )


def _heatmap(source: Source) -> alt.Chart:
    select = alt.selection_point(name="cell", fields=["iso2", "domain"], on="click")
    return (
        alt.Chart(source, title="Partners x domains")
        .mark_rect()
        .encode(
            y=alt.Y("label:N", title="Domain", axis=alt.Axis(**LABEL)),
            x=alt.X(
                "country:N",
                title="Partner country",
                sort=alt.EncodingSortField(field="events", op="sum", order="descending"),
                axis=alt.Axis(labelAngle=-45, **LABEL),
            ),
            color=alt.Color(
                "events:Q",
                scale=alt.Scale(scheme="blues"),
                title="Events",
                legend=alt.Legend(format="d", tickMinStep=1),
            ),
            tooltip=["country:N", "iso2:N", alt.Tooltip("label:N", title="domain"), "events:Q"],
            opacity=alt.condition(select, alt.value(1.0), alt.value(0.6)),
        )
        .add_params(select)
    )


def _domains_time(source: Source) -> alt.Chart:
    select = alt.selection_point(name="bar", fields=["year", "domain"], on="click")
    return (
        alt.Chart(source, title="Domains over time")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0, **LABEL)),
            y=alt.Y("events:Q", title="Events (an event counts once per domain)", axis=COUNT_AXIS),
            color=alt.Color(
                "label:N",
                scale=labelled_domain_scale(list(DOMAIN_COLORS)),
                title="Domain",
                legend=alt.Legend(labelLimit=0, orient="bottom", columns=3),
            ),
            tooltip=["year:O", alt.Tooltip("label:N", title="domain"), "events:Q"],
            opacity=alt.condition(select, alt.value(1.0), alt.value(0.55)),
        )
        .add_params(select)
    )


def _compare(source: Source, title: str, key_title: str) -> alt.Chart:
    """One country's bars (the page draws the two side by side, each with its own axis):
    categories on the vertical axis so every label reads in full; years along the bottom."""
    if key_title == "Year":
        return (
            alt.Chart(source, title=title)
            .mark_bar()
            .encode(
                x=alt.X("key:O", title="Year", axis=alt.Axis(labelAngle=0, **LABEL)),
                y=alt.Y("events:Q", title="Dated events", axis=COUNT_AXIS),
                tooltip=[alt.Tooltip("key:O", title="year"), "events:Q"],
            )
        )
    return (
        alt.Chart(source, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=key_title, sort="-x", axis=alt.Axis(**LABEL)),
            x=alt.X("events:Q", title="Events", axis=COUNT_AXIS),
            tooltip=[alt.Tooltip("label:N", title=key_title.lower()), "events:Q"],
        )
    )


def with_labels(frame: pd.DataFrame, column: str, label: Callable[[str], str]) -> pd.DataFrame:
    """The frame with a `label` column: the human form of `column`'s keys."""
    if column not in frame.columns:
        return frame
    return frame.assign(label=[label(str(v)) for v in frame[column]])


def _event_marks(source: Source) -> alt.TopLevelMixin:
    from core.dashboard.timeline import timeline_chart  # timeline imports rows, not charts

    return timeline_chart(source)


def heatmap_data(cells: pd.DataFrame, top: int = 25) -> pd.DataFrame:
    """The heatmap's rows: the `top` partners by events."""
    if cells.empty:
        return cells
    totals = cells.groupby("iso2")["events"].sum().nlargest(top)
    return cells[cells["iso2"].isin(totals.index)].reset_index(drop=True)


def compare_data(frame: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Compare rows, keeping the `top` keys by total events (shared by both countries)."""
    if top is None or frame.empty:
        return frame
    keys = frame.groupby("key")["events"].sum().nlargest(top).index
    return frame[frame["key"].isin(keys)].reset_index(drop=True)


_BUILDERS: dict[str, Callable[[Source], alt.TopLevelMixin]] = {
    "timeline": _timeline,
    "event_marks": lambda s: _event_marks(s),
    "countries": _countries,
    "heatmap": _heatmap,
    "domains_time": _domains_time,
    "compare_partners": lambda s: _compare(s, "Partners", "Partner"),
    "compare_domains": lambda s: _compare(s, "Domains", "Domain"),
    "compare_types": lambda s: _compare(s, "Event types", "Type"),
    "compare_years": lambda s: _compare(s, "Over time", "Year"),
}
_PREPARE: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "countries": lambda f: f.head(20),
    "heatmap": lambda f: with_labels(heatmap_data(f), "domain", domain_label),
    "domains_time": lambda f: with_labels(f, "domain", domain_label),
    "compare_partners": lambda f: compare_data(f, 12).assign(label=lambda g: g["key"]),
    "compare_domains": lambda f: with_labels(f, "key", domain_label),
    "compare_types": lambda f: with_labels(f, "key", type_label),
}
KINDS = tuple(_BUILDERS)


def chart(kind: str, frame: pd.DataFrame) -> alt.TopLevelMixin:
    """The Altair chart of `kind` over `frame` (validated; for tests and notebooks)."""
    return _BUILDERS[kind](_PREPARE.get(kind, lambda f: f)(frame))


@cache
def _template(kind: str) -> dict:
    return _BUILDERS[kind](alt.Data(name=DATA_NAME)).to_dict()


def chart_spec(kind: str, frame: pd.DataFrame) -> dict:
    """Vega-Lite spec of `kind` with this rerun's rows as the `table` dataset (fast path)."""
    spec = copy.deepcopy(_template(kind))
    data = _PREPARE.get(kind, lambda f: f)(frame)
    spec["datasets"] = {DATA_NAME: data.reset_index(drop=True)}
    return spec


def timeline_chart(counts: pd.DataFrame) -> alt.TopLevelMixin:
    """Events per year (bars); select a year to list its events."""
    return chart("timeline", counts)


def country_bar_chart(counts: pd.DataFrame) -> alt.TopLevelMixin:
    """The countries with most events."""
    return chart("countries", counts)


def heatmap_chart(cells: pd.DataFrame) -> alt.TopLevelMixin:
    """Partner x domain heatmap; clicking a cell selects (iso2, domain)."""
    return chart("heatmap", cells)


def domains_time_chart(counts: pd.DataFrame) -> alt.TopLevelMixin:
    """Stacked bars of domains per year; clicking a segment selects (year, domain)."""
    return chart("domains_time", counts)


def compare_chart(frame: pd.DataFrame, kind: str = "compare_domains") -> alt.TopLevelMixin:
    """One country's bars for Compare (the page draws two, side by side)."""
    return chart(kind, frame)
