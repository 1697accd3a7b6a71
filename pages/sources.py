"""Sources: articles, excerpt search, the highlighted text behind an event, adding articles.

Article text, titles, outlets and URLs are untrusted: text goes through
core.dashboard.highlight (escaped), links only for http(s) URLs.
"""

import numpy as np
import pandas as pd
import streamlit as st

from core import config
from core.dashboard.corrections_form import correction_form
from core.dashboard.event_panel import event_table
from core.dashboard.export import download_buttons
from core.dashboard.frame import frame
from core.dashboard.highlight import escape_markdown, highlight_html, link_html, safe_url
from core.dashboard.rows import for_display
from core.dashboard.state import Labels, build_with_progress
from core.dashboard.views import (
    article_events,
    article_mask,
    article_rows,
    articles_view,
    event_row,
    events_view,
    n_articles,
    n_events,
    reader_corpus,
    search_events,
)
from core.ingest import intake

corpus, filters, mask = frame("sources")
st.title("Sources")

for message in st.session_state.pop("_add_messages", []):
    if message.startswith("!"):
        st.warning(escape_markdown(message[1:]))
    else:
        st.success(escape_markdown(message))

# ---- articles
LIMIT = 500
keep = article_mask(corpus, mask, filters)
n_shown = n_articles(corpus, keep)
articles = articles_view(corpus, keep, limit=LIMIT)
st.subheader(f"Articles ({n_shown:,})")
if articles.empty:
    st.info(
        "No article matches these filters. Remove a filter in the sidebar.",
        icon=":material/filter_alt_off:",
    )
else:
    st.dataframe(
        articles.drop(columns=["url"]),
        hide_index=True,
        key="articles_table",
        column_config={"link": st.column_config.LinkColumn("url", help="http(s) links only")},
    )
    if n_shown > LIMIT:
        st.caption(f"Showing {LIMIT} of {n_shown:,} articles; download them all below.")
    download_buttons("articles", lambda: article_rows(corpus, keep), key="articles")

# ---- excerpt search
st.subheader("Search the excerpts")
query = st.text_input(
    "Words in the excerpt", key="q", placeholder="e.g. memorandum, Su-57, manœuvres"
)
if query.strip():
    found = search_events(corpus, mask, query)
    n_found = n_events(corpus, found)
    st.caption(f"{n_found:,} excerpts contain {escape_markdown(repr(query.strip()))}.")
    if n_found:
        event_table(
            corpus,
            for_display(events_view(corpus, found, limit=300))[
                ["event_id", "date", "type", "countries", "domains", "excerpt", "outlet", "title"]
            ],
            key="search_results",
        )
        download_buttons("excerpts", lambda: events_view(corpus, found), key="search")

# ---- reader
st.subheader("Read an article")
if not articles.empty:
    shown = articles
    linked = st.query_params.get("article")
    if linked and linked not in set(shown["article_id"]):  # a link's article beyond the list
        one = reader_corpus(corpus, linked)
        at = np.flatnonzero(one.articles["article_id"].to_numpy() == linked)
        if len(at):
            keep_one = np.zeros(len(one.articles), dtype=bool)
            keep_one[at[0]] = True
            shown = pd.concat([articles_view(one, keep_one), shown], ignore_index=True)
    if not st.session_state.get("_reader_seeded"):  # a visit's first run: the link's choice
        st.session_state["_reader_seeded"] = True
        if linked in set(shown["article_id"]):
            st.session_state["article"] = linked
            st.session_state["event"] = st.query_params.get("event")
    titles = dict(
        zip(
            shown["article_id"],
            shown["title"].fillna("(untitled)").astype(str)
            + " — "
            + shown["outlet"].fillna("unknown outlet").astype(str),
            strict=True,
        )
    )
    article_id = st.selectbox(
        "Article",
        list(titles),
        format_func=Labels(titles),
        index=None,
        key="article",
        placeholder="Choose an article",
    )
    if article_id:
        reader = reader_corpus(corpus, article_id)  # the article's rows (DuckDB: just those)
        row = reader.articles[reader.articles["article_id"] == article_id].iloc[0]
        events = article_events(corpus, mask, article_id).sort_values("event_id")
        event_labels = dict(
            zip(events["event_id"], events["excerpt"].astype(str).str.slice(0, 90), strict=True)
        )
        if "event" in st.session_state and st.session_state["event"] not in event_labels:
            del st.session_state["event"]  # another article's event (or a link's bad id)
        event_id = st.selectbox(
            "Event to mark",
            list(event_labels),
            format_func=Labels(event_labels),
            index=0 if event_labels and "event" not in st.session_state else None,
            key="event",
        )
        mark = None
        if event_id:
            ev = event_row(corpus, event_id)
            mark = (int(ev["start"]), int(ev["end"]))
            with st.expander("Correct this event", icon="✏️"):
                correction_form(corpus, ev)
        ments = reader.mentions[reader.mentions["article_id"].to_numpy() == article_id]
        names = reader.actors.set_index("actor_id")["name"]
        names = names[~names.index.duplicated()]
        linked = names.reindex(ments["actor_id"].to_numpy()).to_numpy(object)
        ments = ments.assign(name=np.where(pd.isna(linked), ments["text"].to_numpy(object), linked))
        meta = " · ".join(
            str(x) for x in (row["outlet"], row["published"], row["language"]) if isinstance(x, str)
        )
        st.caption(escape_markdown(meta))
        st.html(
            link_html(row["url"], "Open the original article")
            if safe_url(row["url"])
            else "<i>No web link for this article.</i>"
        )
        st.html(highlight_html(str(row["text"] or ""), ments, mark))

# ---- add articles
st.subheader("Add articles")
with st.form("add_form", clear_on_submit=True):
    files = st.file_uploader(
        "Upload .txt, .md or .html files",
        type=["txt", "md", "html", "htm"],
        accept_multiple_files=True,
        key="add_files",
        help=f"At most {config.max_bytes() / 1_000_000:g} MB per file: larger files are "
        "refused with a message.",
    )
    pasted = st.text_area("…or paste text or HTML", key="add_text", height=150)
    is_html = st.checkbox("The pasted text is HTML", key="add_is_html")
    c1, c2, c3 = st.columns(3)
    title = c1.text_input("Title (optional)", key="add_title")
    outlet = c2.text_input("Outlet (optional)", key="add_outlet")
    url = c3.text_input("URL (optional)", key="add_url")
    c4, c5 = st.columns(2)
    published = c4.text_input("Date (YYYY, YYYY-MM or YYYY-MM-DD)", key="add_published")
    language = c5.selectbox(
        "Language",
        ["", "fr", "en"],
        key="add_language",
        format_func=Labels({"": "detect"}),
    )
    submitted = st.form_submit_button("Add and process", key="add_submit")
if submitted:
    meta = {
        k: v
        for k, v in {
            "title": title,
            "outlet": outlet,
            "url": url,
            "published": published,
            "language": language,
        }.items()
        if v and v.strip()
    }
    results = []
    for upload in files or []:
        results.append(
            intake.add_content(upload.name, upload.getvalue(), config.articles_dir(), meta)
        )
    if pasted.strip():
        results.append(intake.add_text(pasted, config.articles_dir(), meta, is_html=is_html))
    added = sum(
        len(r.added) if isinstance(r.added, list | tuple) else int(r.added) for r in results
    )
    duplicates = [
        d for r in results for d in (r.duplicates if isinstance(r.duplicates, list | tuple) else [])
    ]
    errors = [e for r in results for e in r.errors]
    messages = [f"!{e}" for e in errors] + [f"!Already in the corpus: {d}" for d in duplicates]
    if added:
        report = build_with_progress(
            config.articles_dir(), config.tables_dir(), f"Processing {added} new article(s)…"
        )
        messages = (
            [f"Added {added} article(s); they now appear in every view."]
            + messages
            + [f"!{e}" for e in report.errors]
        )
    elif not results:
        messages.append("!Nothing to add: upload a file or paste some text.")
    st.session_state["_add_messages"] = messages
    st.rerun()
