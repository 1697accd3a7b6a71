"""Compare: two countries side by side (default Algeria vs Morocco), on the same axes."""

import streamlit as st

from core.charts import compare_chart
from core.query import compare_counts
from core.tables import country_name, page_state

corpus, filters, mask = page_state()
st.title("Compare")
options = corpus.countries
if len(options) < 2:
    st.info("The corpus needs events with at least two countries to compare.")
    st.stop()


def default(code: str, fallback: int) -> int:
    return options.index(code) if code in options else fallback


left, right = st.columns(2)
a = left.selectbox(
    "First country",
    options,
    index=default("DZ", 0),
    key="compare_a",
    format_func=lambda c: f"{country_name(c)} ({c})",
)
b = right.selectbox(
    "Second country",
    options,
    index=default("MA", 1),
    key="compare_b",
    format_func=lambda c: f"{country_name(c)} ({c})",
)
if a == b:
    st.warning("Choose two different countries.")
    st.stop()

parts = compare_counts(corpus, mask, (a, b))
if all(frame.empty for frame in parts.values()):
    st.info(
        "Neither country has an event under these filters. Remove a filter in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

partners = parts["partners"]
top = partners.groupby("key")["events"].sum().nlargest(12).index.tolist()
st.altair_chart(
    compare_chart(
        partners[partners["key"].isin(top)], title="Partners", key_title="Partner", sort_keys=top
    ),
    key="compare_partners",
)
st.altair_chart(
    compare_chart(parts["domains"], title="Domains", key_title="Domain"), key="compare_domains"
)
st.altair_chart(
    compare_chart(parts["types"], title="Event types", key_title="Type"), key="compare_types"
)
years = sorted(parts["years"]["key"].unique().tolist()) if len(parts["years"]) else []
st.altair_chart(
    compare_chart(parts["years"], title="Over time", key_title="Year", sort_keys=years),
    key="compare_years",
)
