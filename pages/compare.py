"""Compare: two countries side by side (default Algeria vs Morocco), each chart with its
own axis. Both choices are in the URL (`compare_a`, `compare_b`), so the share link keeps
them."""

import numpy as np
import streamlit as st

from core.dashboard.charts import chart_spec
from core.dashboard.filters import page_choice, page_default
from core.dashboard.frame import frame
from core.dashboard.views import compare_counts, n_events, n_undated, narrow
from core.nlp.countries import country_label, country_name

corpus, filters, mask = frame("compare")
st.title("Compare")
options = corpus.countries
if len(options) < 2:
    st.info("The corpus needs events with at least two countries to compare.")
    st.stop()

for key in ("compare_a", "compare_b"):
    if st.session_state.get(key) not in options:  # a visit's first run: the link's choice
        st.session_state[key] = page_choice(
            st.query_params.get(key), options, page_default(key, options)
        )

left, right = st.columns(2)
a = left.selectbox("First country", options, key="compare_a", format_func=country_label)
b = right.selectbox("Second country", options, key="compare_b", format_func=country_label)
for key, value in (("compare_a", a), ("compare_b", b)):
    if st.query_params.get(key) != value:
        st.query_params[key] = value
if a == b:
    st.warning("Choose two different countries.")
    st.stop()

parts = corpus.memo(("compare", filters, a, b), lambda: compare_counts(corpus, mask, (a, b)))
CHARTS = (
    ("partners", "Partners", "partners"),
    ("domains", "Domains", "domains"),
    ("types", "Event types", "event types"),
    ("years", "Over time", "dated events"),
)
for name, title, what in CHARTS:
    columns = st.columns(2)
    for column, iso in zip(columns, (a, b), strict=True):
        rows = parts[name][parts[name]["focus"] == iso]
        if len(rows):
            column.vega_lite_chart(
                spec=chart_spec(f"compare_{name}", rows), key=f"compare_{name}_{iso}"
            )
            continue
        mine = narrow(corpus, mask, countries=[iso])
        undated = n_undated(corpus, mine)
        reason = f"{undated:,} undated" if name == "years" else f"{n_events(corpus, mine):,} events"
        column.info(
            f"{title}: no {what} for {country_name(iso)} with these filters; {reason}.",
            icon=":material/info:",
        )
if np.all([frame.empty for frame in parts.values()]):
    st.caption("Remove a filter in the sidebar to see more.")
