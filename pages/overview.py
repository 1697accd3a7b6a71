"""Overview: headline figures, events over time, latest events."""

import streamlit as st

from core.dashboard.charts import chart_spec
from core.dashboard.event_panel import event_table
from core.dashboard.export import download_buttons
from core.dashboard.frame import frame
from core.dashboard.rows import for_display
from core.dashboard.timeline import LIMIT as MARKS
from core.dashboard.views import events_over_time, events_view, headline, n_undated, timeline_rows

corpus, filters, mask = frame("")
st.title("Overview")
figures = headline(corpus, mask)
cols = st.columns(5)
for col, (label, key) in zip(
    cols,
    [
        ("Articles", "articles"),
        ("Events", "events"),
        ("Actors", "actors"),
        ("Countries", "countries"),
        ("Outlets", "outlets"),
    ],
    strict=True,
):
    col.metric(label, f"{figures[key]:,}")

if not figures["events"]:
    st.info(
        "No event matches these filters. Widen the date range or remove a filter in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

st.caption(
    f"{figures['corroborated']:,} of {figures['events']:,} events "
    "are reported by more than one source."
)
over_time = events_over_time(corpus, mask)
undated = n_undated(corpus, mask)
if over_time.empty:
    st.info(
        f"No dated event with these filters; {undated:,} undated, listed below.",
        icon=":material/event_busy:",
    )
else:
    st.vega_lite_chart(spec=chart_spec("timeline", over_time), key="timeline")
    marks = timeline_rows(corpus, mask)
    st.vega_lite_chart(spec=chart_spec("event_marks", marks), key="event_marks")
    st.caption(
        f"{undated:,} of {figures['events']:,} events have no date and are not in this chart; "
        f"they are in the list below. The timeline marks up to {MARKS:,} of the newest dated "
        "events on their countries' rows: a day is a point, a month or a year a span."
    )

st.subheader("Latest events")
LIMIT = 200
latest = for_display(events_view(corpus, mask, limit=LIMIT))
event_table(
    corpus,
    latest[
        [
            "event_id",
            "date",
            "date_precision",
            "type",
            "countries",
            "domains",
            "excerpt",
            "n_sources",
            "outlet",
            "status",
        ]
    ],
    key="latest_events",
    column_config={
        "n_sources": st.column_config.NumberColumn(
            "sources",
            help="Distinct outlets reporting this event (a syndicated copy counts once)",
        )
    },
)
if figures["events"] > LIMIT:
    st.caption(
        f"Showing the {LIMIT} most recent of {figures['events']:,} events; download them all below."
    )
download_buttons("events", lambda: events_view(corpus, mask), key="overview_events")
