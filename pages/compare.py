"""Compare: two countries side by side (default Algeria vs Morocco), on the same axes."""

import streamlit as st

from core.charts import chart_spec
from core.countries import country_name
from core.query import compare_counts
from core.tables import page_state

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

parts = corpus.memo(("compare", filters, a, b), lambda: compare_counts(corpus, mask, (a, b)))
if all(frame.empty for frame in parts.values()):
    st.info(
        "Neither country has an event under these filters. Remove a filter in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

left, right = st.columns(2)
for column, name in ((left, "partners"), (right, "domains"), (left, "types"), (right, "years")):
    column.vega_lite_chart(spec=chart_spec(f"compare_{name}", parts[name]), key=f"compare_{name}")
