"""The event detail panel as drawn: opened from a table row (single-row selection) or
from the `event` link parameter, on any page that lists events."""

from __future__ import annotations

import html
import importlib
from typing import Any

import pandas as pd
import streamlit as st

from core.dashboard.backend import AnyCorpus
from core.dashboard.corpus import Corpus
from core.dashboard.event_detail import EventFacts, Passage, event_facts, event_row
from core.dashboard.highlight import escape_markdown, highlight_html
from core.dashboard.views import detail_corpus

PRECISION_WORDS = {"day": "exact day", "month": "month only", "year": "year only"}


def selected_event(state: Any, rows: pd.DataFrame) -> str | None:
    """The event id of the row picked in a `st.dataframe(on_select="rerun")` table."""
    try:
        picked = list(state.selection.rows)
    except AttributeError:
        return None
    if not picked or "event_id" not in rows.columns or picked[0] >= len(rows):
        return None
    return str(rows["event_id"].iloc[picked[0]])


def _date(f: EventFacts) -> str:
    if not f.date:
        return "undated"
    words = f" from “{f.date_text}”" if f.date_text else ""
    return (
        f"{f.date} ({PRECISION_WORDS.get(f.precision, f.precision or 'precision unknown')}){words}"
    )


def _facts_html(f: EventFacts) -> str:
    items = [
        ("Who → whom" if f.directed else "Countries (no direction found)", f.direction),
        ("Type", f.type),
        ("Status", f.status),
        ("Date", _date(f)),
        ("Tone", f"{f.tone:+.2f}" if f.tone is not None else ""),
        ("Domains", ", ".join(f.domains) or "none found"),
        ("People and organisations", "; ".join(f.people) or "none named"),
        ("Location", f.location or "not stated"),
        ("Cues that fired", ", ".join(f.cues) or "none recorded"),
        ("Confidence", f"{f.confidence:.2f}" if f.confidence is not None else "unknown"),
    ]
    cells = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in items if v)
    return (
        "<style>.entente-facts{display:grid;grid-template-columns:max-content 1fr;"
        "gap:2px 12px;margin:0}.entente-facts dt{font-weight:600}"
        ".entente-facts dd{margin:0}</style>"
        f'<dl class="entente-facts" data-testid="eventFacts">{cells}</dl>'
    )


def _passage_html(p: Passage) -> str:
    text = p.before + p.sentence + p.after
    start = len(p.before)
    return highlight_html(text, None, (start, start + len(p.sentence)))


def correction_hook(corpus: Corpus, row: pd.Series) -> None:
    """The corrections form (core.dashboard.corrections_form, written by the corrections
    work) when it exists; imported lazily so the panel works without it."""
    try:
        module = importlib.import_module("core.dashboard.corrections_form")
    except ImportError:
        return
    form = getattr(module, "correction_form", None)
    if callable(form):
        form(corpus, row)


def show_event(whole: AnyCorpus, event_id: str, key: str = "detail") -> None:
    """Draw the panel for `event_id` (a notice for an id this corpus does not have)."""
    corpus = detail_corpus(whole, event_id)  # the event's rows (DuckDB: just those)
    facts = event_facts(corpus, event_id)
    if facts is None:
        st.warning(f"No event {escape_markdown(event_id)!s} in this corpus version.")
        return
    with st.container(border=True, key=f"{key}_panel"):
        st.subheader(f"Event: {escape_markdown(facts.direction)}")
        st.html(_facts_html(facts))
        st.markdown(f"**Reported in {len(facts.passages)} sentence(s)**")
        for passage in facts.passages:
            st.html(_passage_html(passage))
        st.page_link(
            "pages/sources.py",
            label="Read the article, this sentence marked",
            icon=":material/article:",
            query_params={"article": facts.article_id, "event": facts.event_id},
        )
        if len(facts.quotes):
            st.markdown("**Quotes of the people involved**")
            st.dataframe(facts.quotes, hide_index=True, key=f"{key}_quotes")
        if len(facts.corroborating):
            st.markdown(f"**Also reported by {len(facts.corroborating)} other article(s)**")
            st.dataframe(facts.corroborating, hide_index=True, key=f"{key}_also")
        else:
            st.caption("No other article in the corpus reports this event.")
        row = event_row(corpus, event_id)
        if row is not None:
            correction_hook(corpus, row)


def event_table(corpus: AnyCorpus, rows: pd.DataFrame, key: str, **kwargs: Any) -> None:
    """An events table whose row opens the detail panel below it; the `event` link
    parameter opens it too (and is set when a row is picked, so the link keeps it)."""
    shown = [col for col in rows.columns if col != "event_id"]
    state = st.dataframe(
        rows,
        hide_index=True,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        column_order=shown,
        **kwargs,
    )
    picked = selected_event(state, rows)
    mine = st.session_state.get("_row_event")
    if picked and st.query_params.get("event") != picked:
        # Into the link, then once more so the share box (drawn earlier) carries it.
        st.query_params["event"] = picked
        st.session_state["_row_event"] = picked
        st.rerun()
    if not picked and mine and st.query_params.get("event") == mine:
        del st.query_params["event"]  # the row was unselected: close its panel
        st.session_state.pop("_row_event", None)
        st.rerun()
    chosen = picked or st.query_params.get("event")
    if chosen:
        show_event(corpus, str(chosen), key=f"{key}_detail")
    else:
        st.caption("Select a row to see why it is an event: its sentences, cues and people.")
