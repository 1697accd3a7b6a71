"""What the Map page draws around the deck: its legend (escaped HTML) and the click on a
country that filters the dashboard to it."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import streamlit as st

from core.dashboard.charts import DOMAIN_COLORS, OTHER_COLOR
from core.dashboard.labels import domain_label
from core.dashboard.map import HIGH, LOW

CLICK_LAYERS = ("country_points", "countries")


def clicked_country(state: Any) -> str | None:
    """The ISO code of the country (shape or dot) picked in a pydeck selection."""
    try:
        objects = state.selection.objects
    except AttributeError:
        return None
    for layer in CLICK_LAYERS:
        for obj in objects.get(layer, []) or []:
            props = obj.get("properties", obj) if isinstance(obj, dict) else {}
            iso2 = props.get("iso2") if isinstance(props, dict) else None
            if isinstance(iso2, str) and len(iso2) == 2:
                return iso2
    return None


def filter_on_click(state: Any, known: list[str]) -> None:
    """A new click on a country makes it the country filter (kept like a sidebar change:
    the widget's value is restored from its `_keep_` copy before it is drawn)."""
    iso2 = clicked_country(state)
    if iso2 is None or iso2 == st.session_state.get("_map_clicked") or iso2 not in known:
        return
    st.session_state["_map_clicked"] = iso2
    st.session_state["_keep_country"] = [iso2]
    st.rerun()


def legend_html(counts: pd.DataFrame, domains: list[str], directed: bool) -> str:
    """The map's key: the shading ramp (1 to the most events) and each arc colour shown."""
    top = int(counts["events"].max()) if len(counts) else 0
    ramp = ",".join(f"rgb({r},{g},{b})" for r, g, b in (LOW.tolist(), HIGH.tolist()))
    swatches = "".join(
        f'<span class="sw"><i style="background:{DOMAIN_COLORS.get(d, OTHER_COLOR)}"></i>'
        f"{html.escape(domain_label(d))}</span>"
        for d in dict.fromkeys(domains)
        if d
    )
    how = (
        "Arcs run from the actor country (faint end) to the target (strong end)."
        if directed
        else "Arcs join two countries named in the same events."
    )
    return (
        "<style>.legend{font-size:13px;line-height:1.8}.legend .bar{display:inline-block;"
        f"width:120px;height:10px;background:linear-gradient(90deg,{ramp});margin:0 6px}}"
        ".legend .sw{margin-right:12px;white-space:nowrap}.legend i{display:inline-block;"
        "width:14px;height:4px;margin-right:4px;vertical-align:middle}</style>"
        f'<div class="legend" data-testid="mapLegend"><div>Countries: 1'
        f'<span class="bar"></span>{top:,} events (log scale); grey: none. '
        "Dots mark every country with events.</div>"
        f"<div>{html.escape(how)} Arc width: events; colour: the pair's main domain.</div>"
        f"<div>{swatches}</div></div>"
    )
