"""Actors: people and organisations; choosing one lists every excerpt and quote of theirs."""

import streamlit as st

from core.dashboard.event_panel import event_table
from core.dashboard.export import download_buttons
from core.dashboard.frame import frame
from core.dashboard.highlight import escape_markdown
from core.dashboard.rows import for_display
from core.dashboard.state import Labels
from core.dashboard.views import actor_events, actor_quotes, actor_stats
from core.nlp.countries import country_label

corpus, filters, mask = frame("actors")
st.title("Actors")
kinds = st.segmented_control(
    "Show",
    ["person", "organization", "country"],
    default=["person", "organization"],
    selection_mode="multi",
    key="actor_kinds",
)
stats = actor_stats(corpus, mask, kinds=tuple(kinds or ()))
if stats.empty:
    st.info(
        "No actor matches these filters. Remove a filter in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

LIMIT = 1000
shown = stats.head(LIMIT)
st.dataframe(
    for_display(shown),
    hide_index=True,
    key="actors_table",
    column_order=[col for col in shown.columns if col != "actor_id"],
    column_config={"events": st.column_config.NumberColumn("events (filtered)")},
)
if len(stats) > LIMIT:
    st.caption(
        f"Showing the {LIMIT} most active of {len(stats):,} actors; download them all below."
    )
download_buttons("actors", lambda: stats, key="actors")

labels = dict(
    zip(
        shown["actor_id"],
        shown["name"].astype(str) + " · " + shown["kind"].astype(str),
        strict=True,
    )
)
actor_id = st.selectbox(
    "Choose an actor",
    list(labels),
    format_func=Labels(labels),
    index=None,
    key="actor",
    placeholder="Pick an actor to see their excerpts and quotes",
)
if actor_id:
    row = shown[shown["actor_id"] == actor_id].iloc[0]
    where = country_label(row["country"]) if isinstance(row["country"], str) else "no country"
    st.subheader(escape_markdown(row["name"]))
    st.caption(
        f"{row['kind']} · {escape_markdown(where)} · {escape_markdown(row['role'] or 'no role')} · "
        f"{row['n_mentions']} mentions in {row['n_articles']} articles"
    )
    events = actor_events(corpus, mask, actor_id)
    st.markdown(f"**Excerpts ({len(events):,})**")
    event_table(
        corpus,
        for_display(
            events[
                ["event_id", "date", "type", "countries", "domains", "excerpt", "outlet", "title"]
            ]
        ),
        key="actor_events",
    )
    download_buttons("actor_events", lambda: events, key="actor_events")
    quotes = actor_quotes(corpus, actor_id)
    st.markdown(f"**Quotes ({len(quotes):,})**")
    if quotes.empty:
        st.caption("No direct quotation attributed to this actor.")
    else:
        st.dataframe(
            for_display(quotes[["text", "title", "outlet"]]), hide_index=True, key="actor_quotes"
        )
        download_buttons("actor_quotes", lambda: quotes, key="actor_quotes")
