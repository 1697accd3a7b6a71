"""Map: countries shaded by events, dyad arcs, event cities (no basemap needed)."""

import streamlit as st

from core.dashboard.export import download_buttons
from core.dashboard.frame import frame
from core.dashboard.map import build_deck
from core.dashboard.query import country_counts, dyads, location_counts

corpus, filters, mask = frame("map")
st.title("Map")
n = int(mask.sum())
if not n:
    st.info(
        "No event matches these filters, so the map is empty. Remove a filter in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

counts = country_counts(corpus, mask)
pairs = dyads(corpus, mask)
st.caption(
    f"{n:,} events · {len(counts)} countries · {len(pairs)} country pairs. "
    "Arcs: width by events, colour by dominant domain; dots: places where events happened."
)
st.pydeck_chart(build_deck(counts, pairs, location_counts(corpus, mask)), key="map", height=560)

left, right = st.columns(2)
with left:
    st.subheader("Countries")
    st.dataframe(counts, hide_index=True, key="map_countries", height=320)
    download_buttons("countries", lambda: counts, key="map_countries")
with right:
    st.subheader("Country pairs")
    st.dataframe(pairs.head(500), hide_index=True, key="map_dyads", height=320)
    download_buttons("dyads", lambda: pairs, key="map_dyads")
