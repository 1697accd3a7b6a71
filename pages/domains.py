"""Domains: partner x domain heatmap and domains over time; a selection lists its excerpts."""

import streamlit as st

from core.dashboard.backend import Mask
from core.dashboard.charts import chart_spec
from core.dashboard.event_panel import event_table
from core.dashboard.export import download_buttons
from core.dashboard.frame import frame
from core.dashboard.rows import for_display
from core.dashboard.views import (
    any_of,
    domains_over_time,
    events_view,
    n_events,
    narrow,
    partner_domain,
)

corpus, filters, mask = frame("domains")
st.title("Domains")
if not n_events(corpus, mask):
    st.info(
        "No event matches these filters. Remove a filter in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.stop()


def excerpts(selected: Mask, name: str, key: str) -> None:
    """The excerpts behind a chart selection."""
    count = n_events(corpus, selected)
    st.markdown(f"**{count:,} events behind this selection**")
    rows = for_display(events_view(corpus, selected, limit=300))
    event_table(
        corpus,
        rows[["event_id", "date", "type", "countries", "domains", "excerpt", "outlet", "title"]],
        key=f"{key}_table",
    )
    download_buttons(name, lambda: events_view(corpus, selected), key=key)


def union(points: list[dict], **fields: str) -> Mask:
    """The events of any selected point (shift-click selects several)."""
    parts = []
    for point in points:
        kwargs = {arg: [point[field]] for arg, field in fields.items() if field in point}
        parts.append(narrow(corpus, mask, **kwargs))
    return any_of(corpus, mask, parts)


cells = partner_domain(corpus, mask, exclude=filters.countries)
if filters.countries:
    st.caption(
        "Rows are the partners of the selected countries (a selected country is a row "
        "when it works with another selected one)."
    )
heat = st.vega_lite_chart(spec=chart_spec("heatmap", cells), on_select="rerun", key="heatmap")
picked = heat.selection.get("cell", []) if heat else []
if picked:
    excerpts(union(picked, countries="iso2", domains="domain"), "heatmap_selection", "heatmap_sel")
else:
    st.caption("Click a cell to list the excerpts behind it.")
download_buttons("partner_domain", lambda: cells, key="heatmap_cells")

over_time = domains_over_time(corpus, mask)
bars = st.vega_lite_chart(
    spec=chart_spec("domains_time", over_time), on_select="rerun", key="domains_time"
)
picked_bars = bars.selection.get("bar", []) if bars else []
if picked_bars:
    excerpts(
        union(picked_bars, years="year", domains="domain"), "domains_time_selection", "time_sel"
    )
else:
    st.caption("Click a bar segment to list the excerpts behind it.")
download_buttons("domains_over_time", lambda: over_time, key="domains_time_rows")
