"""Map: countries shaded by events, dots and names, arcs per pair, event cities (no basemap)."""

import streamlit as st

from core.dashboard.export import download_buttons
from core.dashboard.frame import frame
from core.dashboard.map import build_deck
from core.dashboard.map_view import filter_on_click, legend_html
from core.dashboard.views import country_counts, directed_pairs, dyads, location_counts, n_events

corpus, filters, mask = frame("map")
st.title("Map")
n = n_events(corpus, mask)
if not n:
    st.info(
        "No event matches these filters, so the map is empty. Remove a filter in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

directed = st.toggle(
    "Directed arcs (actor → target)",
    value=True,
    key="map_directed",
    help="Off: one arc for any two countries named in the same events.",
)
counts = country_counts(corpus, mask)
pairs = dyads(corpus, mask)
arcs = directed_pairs(corpus, mask) if directed else pairs
st.caption(
    f"{n:,} events · {len(counts)} countries · {len(pairs)} country pairs"
    + (f" · {len(arcs)} directed pairs" if directed else "")
    + ". Click a country to filter every page to it."
)
state = st.pydeck_chart(
    build_deck(counts, arcs, location_counts(corpus, mask), directed=directed),
    key="map",
    height=560,
    on_select="rerun",
    selection_mode="single-object",
)
filter_on_click(state, corpus.countries)
st.html(legend_html(counts, list(arcs["dominant_domain"].head(300)), directed))

left, right = st.columns(2)
with left:
    st.subheader("Countries")
    st.dataframe(counts, hide_index=True, key="map_countries", height=320)
    download_buttons("countries", lambda: counts, key="map_countries")
with right:
    st.subheader("Country pairs")
    st.dataframe(pairs.head(500), hide_index=True, key="map_dyads", height=320)
    download_buttons("country pairs", lambda: pairs, key="map_dyads")
