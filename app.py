"""Entente dashboard entry point: navigation, first-start build, shared filters, URL sync.

Filters live in the URL so a copied link reopens the same view. Domain, type,
status, outlet, mode and dates use Streamlit's `bind="query-params"` (the widget key is
the parameter name). Countries are synced by hand because their widget shows names
("Russia (RU)") while the URL carries the ISO code. Values a link carries that the
corpus does not know are dropped with a notice (Streamlit drops them silently).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from core import config
from core.countries import country_label
from core.filters import (
    PAGE_PARAMS,
    Filters,
    Known,
    page_choice,
    parse_params,
    share_url,
    to_params,
    version_notice,
)
from core.highlight import escape_markdown
from core.tables import autobuild_enabled, cached_corpus, clear_cache

st.set_page_config(page_title="Entente", page_icon="🤝", layout="wide")

_MIN_DAY = date(1900, 1, 1)
_MAX_DAY = date(2100, 12, 31)

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/map.py", title="Map", icon=":material/public:", url_path="map"),
    st.Page("pages/domains.py", title="Domains", icon=":material/grid_on:", url_path="domains"),
    st.Page("pages/actors.py", title="Actors", icon=":material/groups:", url_path="actors"),
    st.Page("pages/sources.py", title="Sources", icon=":material/article:", url_path="sources"),
    st.Page(
        "pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"
    ),
]


def ensure_tables() -> None:
    """On a session's first run, build the tables if the corpus is newer (with progress)."""
    if st.session_state.get("_build_checked") or not autobuild_enabled():
        return
    st.session_state["_build_checked"] = True
    from core.pipeline import build, needs_build

    try:
        needed = needs_build(config.articles_dir(), config.tables_dir())
    except NotImplementedError:
        return
    if not needed:
        return
    with st.status("Building the tables from the articles…", expanded=True) as status:
        bar = st.progress(0.0, text="Starting")

        def progress(done: int, total: int, message: str) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=f"{done}/{total} {message}"[:200])

        report = build(config.articles_dir(), config.tables_dir(), progress=progress)
        for error in report.errors:
            st.warning(escape_markdown(error))
        status.update(
            label=f"Tables built: {report.processed} processed, {report.reused} reused "
            f"in {report.seconds:.1f} s",
            state="complete",
            expanded=bool(report.errors),
        )
    clear_cache()


def seed_from_url(corpus) -> None:
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


def sidebar_filters(corpus) -> Filters:
    """The shared filter widgets (stable keys = URL parameter names)."""
    side = st.sidebar
    side.header("Filters")
    for notice in st.session_state.get("_notices", []):
        side.warning(escape_markdown(notice), icon=":material/warning:")
    side.multiselect(
        "Countries",
        corpus.countries,
        key="country",
        format_func=country_label,
        placeholder="All countries",
    )
    side.radio(
        "Match",
        ["any", "all"],
        key="mode",
        bind="query-params",
        horizontal=True,
        help="any: events involving at least one selected country; "
        "all: events involving every selected country (DZ + US = the dyad).",
    )
    side.multiselect(
        "Domains", corpus.domains, key="domain", bind="query-params", placeholder="All domains"
    )
    side.multiselect(
        "Event types", corpus.types, key="type", bind="query-params", placeholder="All types"
    )
    side.multiselect(
        "Status", corpus.statuses, key="status", bind="query-params", placeholder="All statuses"
    )
    side.multiselect(
        "Outlets", corpus.outlets, key="outlet", bind="query-params", placeholder="All outlets"
    )
    left, right = side.columns(2)
    lo = left.date_input(
        "From",
        value=None,
        key="from",
        bind="query-params",
        format="YYYY-MM-DD",
        min_value=_MIN_DAY,
        max_value=_MAX_DAY,
    )
    hi = right.date_input(
        "To",
        value=None,
        key="to",
        bind="query-params",
        format="YYYY-MM-DD",
        min_value=_MIN_DAY,
        max_value=_MAX_DAY,
    )
    if lo and hi and lo > hi:
        side.warning("The start date is after the end date: the date filter is ignored.")
        lo = hi = None
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
        value = page_choice(st.session_state.get(key) or st.query_params.get(key), countries)
        if value:
            params[key] = value
    return params


def share_box(filters: Filters, version: str, path: str, countries: list[str]) -> None:
    """The copy-link affordance: the full URL of this view in a copyable code block."""
    base = st.context.url or "http://localhost:8501"
    params = {**to_params(filters, version), **page_params(path, countries)}
    url = share_url(base, path, params)
    with st.sidebar.expander("Share this view", icon=":material/link:"):
        st.code(url, language=None, wrap_lines=True)
        st.caption(
            "Copy this link: it reopens this page with these filters on corpus "
            f"version `{version}`."
        )


page = st.navigation(PAGES)
ensure_tables()
corpus = cached_corpus(config.tables_dir())
seed_from_url(corpus)
filters = sidebar_filters(corpus)
sync_url(filters, corpus.version)
share_box(filters, corpus.version, page.url_path, corpus.countries)
st.session_state["_filters"] = filters
page.run()
