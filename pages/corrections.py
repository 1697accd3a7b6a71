"""Corrections: fix an event, an actor or a quote; the audit log, its orphans, its export.

Every save is a new log entry (core.build.corrections); the tables are re-corrected at
once, so every other page, count and export shows the change.
"""

import streamlit as st

from core import config
from core.build.corrections import read_log, read_overlay
from core.build.corrections_store import corrections_problem, orphan_reasons
from core.dashboard.corrections_form import analyst_input, correction_form, show_message
from core.dashboard.corrections_others import actor_form, quote_form, restore_button, undo_button
from core.dashboard.corrections_view import filter_log, orphan_table
from core.dashboard.export import download_buttons
from core.dashboard.frame import frame
from core.dashboard.highlight import escape_markdown
from core.dashboard.state import Labels
from core.dashboard.views import event_row, events_view, quote_choices, search_events

corpus, filters, mask = frame("corrections")
st.title("Corrections")
show_message()
analyst_input()
tables = config.tables_dir()
log = read_log(tables)
overlay = read_overlay(tables)

# ---- events
st.subheader("Correct an event")
words = st.text_input("Find an event by its words", key="corr_find")
shown = events_view(corpus, search_events(corpus, mask, words), limit=500)
labels = dict(
    zip(
        shown["event_id"].astype(str),
        shown["date"].fillna("undated").astype(str)
        + " · "
        + shown["type"].astype(str)
        + " · "
        + shown["excerpt"].astype(str).str.slice(0, 100),
        strict=True,
    )
)
event_id = st.selectbox(
    "Event",
    list(labels),
    format_func=Labels(labels),
    index=None,
    key="corr_event",
    placeholder="Choose an event (the sidebar filters apply)",
)
if event_id in labels:  # a rejected event leaves the list
    correction_form(corpus, event_row(corpus, event_id))

# ---- actors and quotes
st.subheader("Correct an actor")
actors = corpus.actors.sort_values("name")
names = dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str), strict=True))
actor_id = st.selectbox(
    "Actor", list(names), format_func=Labels(names), index=None, key="corr_actor"
)
if actor_id in names:  # a merged actor leaves the list
    actor_form(corpus, corpus.actors[corpus.actors["actor_id"] == actor_id].iloc[0])

st.subheader("Correct a quote's speaker")
left, right = st.columns([3, 1])
quote_words = left.text_input("Find a quote by its words", key="corr_quote_find")
quote_page = right.number_input("Page", min_value=1, step=1, key="corr_quote_page")
quotes = quote_choices(corpus, quote_words, int(quote_page))
st.caption(f"{quotes.total:,} quotes · page {quotes.page} of {quotes.pages}")
quote_labels = dict(
    zip(quotes.positions, quotes.rows["text"].astype(str).str.slice(0, 110), strict=True)
)
quote_pos = st.selectbox(
    "Quote",
    list(quote_labels),
    format_func=Labels(quote_labels),
    index=None,
    key="corr_quote",
)
if quote_pos in quote_labels:
    quote_form(corpus, quotes.rows.iloc[quotes.positions.index(quote_pos)])

# ---- rejected events
rejected = [e for e in overlay if e.kind == "event" and e.field == "rejected" and e.after]
st.subheader(f"Rejected events ({len(rejected)})")
for entry in rejected:
    st.caption(escape_markdown(f"{entry.label} — rejected by {entry.analyst}"))
    restore_button(entry, key=f"corr_restore_{entry.id}")

# ---- log
st.subheader(f"Audit log ({len(log)} entries)")
c1, c2, c3, c4 = st.columns(4)
who = c1.multiselect("Analyst", sorted({e.analyst for e in log}), key="corr_log_analyst")
kinds = c2.multiselect("Kind", ["event", "actor", "quote"], key="corr_log_kind")
day_from = c3.date_input("From", value=None, key="corr_log_from")
day_to = c4.date_input("To", value=None, key="corr_log_to")
table = filter_log(log, who, kinds, day_from, day_to)
st.dataframe(table, hide_index=True, key="corr_log")
download_buttons("corrections", lambda: table, key="corrections")
if overlay:
    by_id = {e.id: e for e in overlay}
    undo_labels = {i: f"#{i} {e.kind} {e.field}: {e.label[:60]}" for i, e in by_id.items()}
    undo_id = st.selectbox(
        "Undo a correction in force",
        list(by_id),
        format_func=Labels(undo_labels),
        index=None,
        key="corr_undo",
    )
    if undo_id is not None:
        undo_button(by_id[undo_id], key="corr_undo_button")

# ---- orphans
problem = corrections_problem(tables)
if problem:
    st.error(escape_markdown(problem))
orphans = orphan_table(log, orphan_reasons(tables))
st.subheader(f"Orphaned corrections ({len(orphans)})")
if orphans.empty:
    st.caption("Every correction found its target in the current tables.")
else:
    st.caption("Kept in the log; they apply again if their target comes back.")
    st.dataframe(orphans, hide_index=True, key="corr_orphans")
