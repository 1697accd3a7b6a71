"""Altair chart builders: small aggregated frames in, `alt.Chart` out.

Pure functions so the spec can be unit-tested with `chart.to_dict()`; the pages only
lay them out. Selection parameters have fixed names (`cell`, `bar`, `year`) that the
pages read back from `st.altair_chart(..., on_select="rerun")`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

# One colour per cooperation domain, shared by the charts and the map arcs.
DOMAIN_COLORS: dict[str, str] = {
    "arms_procurement": "#d62728",
    "intelligence_sharing": "#9467bd",
    "maritime_security": "#1f77b4",
    "counter_terrorism": "#8c564b",
    "joint_exercises": "#ff7f0e",
    "training_education": "#2ca02c",
    "defense_industry": "#7f7f7f",
    "search_and_rescue": "#17becf",
    "cyber_security": "#e377c2",
    "disaster_response": "#bcbd22",
    "diplomacy_dialogue": "#393b79",
    "energy_minerals": "#637939",
    "economy_trade": "#8c6d31",
    "tourism": "#843c39",
}
OTHER_COLOR = "#aaaaaa"


def domain_scale(domains: list[str]) -> alt.Scale:
    """A colour scale that keeps each domain's colour stable across charts."""
    domains = sorted(set(domains))
    return alt.Scale(domain=domains, range=[DOMAIN_COLORS.get(d, OTHER_COLOR) for d in domains])


def timeline_chart(counts: pd.DataFrame) -> alt.Chart:
    """Events per year (bars); select a year to list its events."""
    select = alt.selection_point(name="year", fields=["year"], on="click")
    return (
        alt.Chart(counts, title="Events over time")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year"),
            y=alt.Y("events:Q", title="Events"),
            tooltip=[alt.Tooltip("year:O"), alt.Tooltip("events:Q")],
            opacity=alt.condition(select, alt.value(1.0), alt.value(0.5)),
        )
        .add_params(select)
    )


def country_bar_chart(counts: pd.DataFrame, top: int = 20) -> alt.Chart:
    """The countries with most events."""
    data = counts.head(top)
    return (
        alt.Chart(data, title=f"Top {min(top, len(data))} countries")
        .mark_bar()
        .encode(
            x=alt.X("events:Q", title="Events"),
            y=alt.Y("country:N", sort="-x", title=None),
            tooltip=["country:N", "iso2:N", "events:Q", "top_domains:N"],
        )
    )


def heatmap_chart(cells: pd.DataFrame, top: int = 25) -> alt.Chart:
    """Partner x domain heatmap; clicking a cell selects (iso2, domain)."""
    totals = cells.groupby("iso2")["events"].sum().nlargest(top)
    data = cells[cells["iso2"].isin(totals.index)]
    select = alt.selection_point(name="cell", fields=["iso2", "domain"], on="click")
    order = (
        [
            str(x)
            for x in data.drop_duplicates("iso2").set_index("iso2").loc[totals.index, "country"]
        ]
        if len(data)
        else []
    )
    return (
        alt.Chart(data, title="Partners x domains")
        .mark_rect()
        .encode(
            x=alt.X("domain:N", title="Domain", axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("country:N", title="Country", sort=order),
            color=alt.Color("events:Q", scale=alt.Scale(scheme="blues"), title="Events"),
            tooltip=["country:N", "iso2:N", "domain:N", "events:Q"],
            opacity=alt.condition(select, alt.value(1.0), alt.value(0.6)),
        )
        .add_params(select)
    )


def domains_time_chart(counts: pd.DataFrame) -> alt.Chart:
    """Stacked bars of domains per year; clicking a segment selects (year, domain)."""
    select = alt.selection_point(name="bar", fields=["year", "domain"], on="click")
    domains = counts["domain"].astype(str).tolist() if len(counts) else []
    return (
        alt.Chart(counts, title="Domains over time")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year"),
            y=alt.Y("events:Q", title="Events (an event counts once per domain)"),
            color=alt.Color("domain:N", scale=domain_scale(domains), title="Domain"),
            tooltip=["year:O", "domain:N", "events:Q"],
            opacity=alt.condition(select, alt.value(1.0), alt.value(0.55)),
        )
        .add_params(select)
    )


def compare_chart(
    frame: pd.DataFrame, *, title: str, key_title: str, sort_keys: list[str] | None = None
) -> alt.FacetChart:
    """Two countries side by side (faceted columns) on the same x and y axes."""
    ordinal = "O" if key_title == "Year" else "N"
    base = (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            x=alt.X(
                f"key:{ordinal}",
                title=key_title,
                sort=sort_keys or "-y",
                axis=alt.Axis(labelAngle=-40),
            ),
            y=alt.Y("events:Q", title="Events"),
            color=alt.Color("focus:N", title="Country", legend=None),
            tooltip=["focus:N", "key:N", "events:Q"],
        )
    )
    return base.facet(column=alt.Column("focus:N", title=None)).resolve_scale(
        x="shared", y="shared"
    )
