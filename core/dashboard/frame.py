"""The frame every page draws first: first-start build, our own page links, the shared
sidebar filters, URL sync and the share link.

Each page file calls `frame(path)` itself instead of relying on app.py running first. A
`pages/` folder makes a fresh Streamlit server serve a deep link (`/map?country=RU`) in its
legacy pages-folder mode, which runs the page file alone; because the page draws the frame,
that first request renders exactly like a later one. The built-in page list differs between
the two modes, so it is hidden (`client.showSidebarNavigation = false`, and
`position="hidden"` in app.py) and the frame draws the same links in both.

Filters live in the URL so a copied link reopens the same view. Domain, type, status,
outlet, mode and dates use Streamlit's `bind="query-params"` (the widget key is the
parameter name). Countries are synced by hand because their widget shows names
("Russia (RU)") while the URL carries the ISO code. Values a link carries that the corpus
does not know are dropped with a notice (Streamlit drops them silently).
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import streamlit as st

from core import config
from core.dashboard.backend import AnyCorpus, Mask
from core.dashboard.filters import (
    DETAIL_PARAMS,
    MAX_DAY,
    MIN_DAY,
    PAGE_PARAMS,
    Filters,
    Known,
    page_choice,
    page_default,
    parse_params,
    share_url,
    to_params,
    version_notice,
)
from core.dashboard.highlight import escape_markdown
from core.dashboard.state import autobuild_enabled, build_with_progress, cached_corpus
from core.dashboard.views import event_mask, tables_notice
from core.nlp.countries import country_label

# The sidebar widgets' keys, which are also their URL parameters.
FILTER_KEYS = ("country", "mode", "domain", "type", "status", "outlet", "from", "to")
_KEEP = "_keep_"


class PageLink(NamedTuple):
    """A page of the app. Icons are emoji: Material icons in page links make the browser
    fetch their SVGs from a font host, and nothing may leave this machine."""

    script: str
    title: str
    icon: str
    url_path: str


PAGES = (
    PageLink("pages/overview.py", "Overview", "📊", ""),
    PageLink("pages/map.py", "Map", "🗺️", "map"),
    PageLink("pages/domains.py", "Domains", "🧩", "domains"),
    PageLink("pages/actors.py", "Actors", "👥", "actors"),
    PageLink("pages/sources.py", "Sources", "📰", "sources"),
    PageLink("pages/compare.py", "Compare", "⚖️", "compare"),
    PageLink("pages/corrections.py", "Corrections", "✏️", "corrections"),
)


class PageState(NamedTuple):
    corpus: AnyCorpus
    filters: Filters
    mask: Mask


def ensure_tables() -> None:
    """On a session's first run, build the tables if the corpus is newer (with progress)."""
    if st.session_state.get("_build_checked") or not autobuild_enabled():
        return
    st.session_state["_build_checked"] = True
    from core.build.pipeline import needs_build

    if needs_build(config.articles_dir(), config.tables_dir()):
        build_with_progress(config.articles_dir(), config.tables_dir())


def seed_from_url(corpus: AnyCorpus) -> None:
    """First run of a session: validate the link, seed the country widget, keep notices."""
    if st.session_state.get("_url_seeded"):
        return
    raw = {key: st.query_params.get_all(key) for key in st.query_params}
    known = Known(
        countries=tuple(corpus.countries),
        domains=tuple(corpus.domains),
        types=tuple(corpus.types),
        statuses=tuple(corpus.statuses),
        outlets=tuple(corpus.outlets),
    )
    filters, notices = parse_params(raw, known)
    note = version_notice(raw, corpus.version)
    st.session_state["country"] = list(filters.countries)
    st.session_state["_notices"] = notices + ([note] if note else [])
    st.session_state["_url_seeded"] = True


def restore_filters() -> None:
    """Widgets belong to the page that drew them, so Streamlit forgets their values when
    another page runs; Streamlit's documented remedy is to keep each value under a key no
    widget owns and hand it back before the widget is drawn again."""
    for key in FILTER_KEYS:
        if _KEEP + key in st.session_state:
            st.session_state[key] = st.session_state[_KEEP + key]


def keep_filters() -> None:
    """After the widgets are drawn (values from a link included), keep what they hold."""
    for key in FILTER_KEYS:
        _keep(key)


def _keep(key: str) -> None:
    """A widget's on_change: runs before the rerun, so the restore sees the new value."""
    if key in st.session_state:
        st.session_state[_KEEP + key] = st.session_state[key]


def notice_html(text: str) -> str:
    """A link's notice as plain text: HTML-escaped in our own box, so no Markdown runs
    on it and a URL it quotes (`?outlet=https://…`) is never made a live link."""
    return (
        '<div class="entente-notice" role="alert" style="background:#fffbe6;'
        "border:1px solid #f0d264;border-radius:6px;padding:8px 10px;font-size:14px;"
        f'overflow-wrap:anywhere">⚠️ {html.escape(text)}</div>'
    )


def page_links() -> None:
    """Our navigation: the same links whichever mode Streamlit serves the page in."""
    for link in PAGES:
        st.sidebar.page_link(link.script, label=link.title, icon=link.icon)


def _date_range(side: Any) -> tuple[date | None, date | None]:
    """From / To inputs; a reversed range is ignored with a notice."""
    left, right = side.columns(2)
    lo, hi = (
        column.date_input(
            label,
            value=None,
            key=key,
            on_change=_keep,
            args=(key,),
            bind="query-params",
            format="YYYY-MM-DD",
            min_value=MIN_DAY,
            max_value=MAX_DAY,
        )
        for column, label, key in ((left, "From", "from"), (right, "To", "to"))
    )
    if lo and hi and lo > hi:
        side.warning("The start date is after the end date: the date filter is ignored.")
        return None, None
    return lo, hi


def sidebar_filters(corpus: AnyCorpus) -> Filters:
    """The shared filter widgets (stable keys = URL parameter names)."""
    side = st.sidebar
    side.header("Filters")
    for notice in st.session_state.get("_notices", []):
        side.html(notice_html(notice))
    weaker = tables_notice(corpus)
    if weaker:
        side.info(escape_markdown(weaker), icon=":material/info:")
    side.multiselect(
        "Countries",
        corpus.countries,
        key="country",
        on_change=_keep,
        args=("country",),
        format_func=country_label,
        placeholder="All countries",
    )
    side.radio(
        "Match",
        ["any", "all"],
        key="mode",
        on_change=_keep,
        args=("mode",),
        bind="query-params",
        horizontal=True,
        help="any: events involving at least one selected country; "
        "all: events involving every selected country (DZ + US = the dyad).",
    )
    for label, key, options, placeholder in (
        ("Domains", "domain", corpus.domains, "All domains"),
        ("Event types", "type", corpus.types, "All types"),
        ("Status", "status", corpus.statuses, "All statuses"),
        ("Outlets", "outlet", corpus.outlets, "All outlets"),
    ):
        side.multiselect(
            label,
            options,
            key=key,
            on_change=_keep,
            args=(key,),
            bind="query-params",
            placeholder=placeholder,
        )
    lo, hi = _date_range(side)
    return Filters(
        countries=tuple(st.session_state.get("country") or ()),
        mode=st.session_state.get("mode") or "any",
        domains=tuple(st.session_state.get("domain") or ()),
        types=tuple(st.session_state.get("type") or ()),
        statuses=tuple(st.session_state.get("status") or ()),
        outlets=tuple(st.session_state.get("outlet") or ()),
        date_from=lo,
        date_to=hi,
    )


def sync_url(filters: Filters, version: str) -> None:
    """Write the parameters Streamlit does not bind (country, v) back to the URL."""
    qp = st.query_params
    want = list(filters.countries)
    if qp.get_all("country") != want:
        if want:
            qp["country"] = want
        elif "country" in qp:
            del qp["country"]
    if qp.get("v") != version:
        qp["v"] = version


def page_params(path: str, countries: list[str]) -> dict[str, str]:
    """The page's own link parameters (Compare's two countries): its widgets' state, which
    already holds a change when the rerun it triggered starts, else the URL's values."""
    params = {}
    for key in PAGE_PARAMS.get(path, ()):
        value = page_choice(
            st.session_state.get(key) or st.query_params.get(key),
            countries,
            page_default(key, countries),
        )
        if value:
            params[key] = value
    for key in DETAIL_PARAMS:
        value = st.query_params.get(key)
        if value:
            params[key] = value[:100]
    return params


def app_base() -> str:
    """scheme://host[:port][/baseUrlPath]: `st.context.url` already ends with the page's
    path (`/domains`), so adding the path to it doubled it (`/domains/domains`)."""
    parts = urlsplit(st.context.url or "http://localhost:8501")
    root = str(st.get_option("server.baseUrlPath") or "").strip("/")
    origin = f"{parts.scheme or 'http'}://{parts.netloc or 'localhost:8501'}"
    return f"{origin}/{root}" if root else origin


def share_box(filters: Filters, version: str, path: str, countries: list[str]) -> None:
    """The copy-link affordance: the full URL of this view in a copyable code block."""
    base = app_base()
    params = {**to_params(filters, version), **page_params(path, countries)}
    url = share_url(base, path, params)
    with st.sidebar.expander("Share this view", icon="🔗"):
        st.code(url, language=None, wrap_lines=True)
        st.caption(
            "Copy this link: it reopens this page with these filters on corpus "
            f"version `{version}`."
        )


def frame(path: str) -> PageState:
    """Draw the shared frame for the page at `path` ("" for Overview) and return what the
    page needs: the corpus, the filters and the mask of matching events."""
    title = next((p.title for p in PAGES if p.url_path == path), "")
    st.set_page_config(
        page_title=f"Entente · {title}" if title else "Entente", page_icon="🤝", layout="wide"
    )
    ensure_tables()
    corpus = cached_corpus(config.tables_dir())
    seed_from_url(corpus)
    page_links()
    restore_filters()
    filters = sidebar_filters(corpus)
    keep_filters()
    sync_url(filters, corpus.version)
    share_box(filters, corpus.version, path, corpus.countries)
    return PageState(corpus, filters, event_mask(corpus, filters))
