"""Clicking a country on the map filters the dashboard to it."""

from __future__ import annotations

from typing import Any

import streamlit as st

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
