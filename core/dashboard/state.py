"""What the dashboard keeps between reruns: the loaded corpus (one per server, shared by
every session, replaced when the tables change: see `core.dashboard.slot`) and the
build-with-progress widget used by the frame and by Sources. The only place besides
`frame` and `export` that imports Streamlit."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st

from core.build.dashboard_db import duckdb_events
from core.build.pipeline import BuildReport
from core.dashboard.backend import AnyCorpus, load_tables
from core.dashboard.corpus import tables_stamp
from core.dashboard.highlight import escape_markdown
from core.dashboard.slot import Lease, Slot

R = TypeVar("R")


class Labels:
    """A widget's format_func: the mapping's label for a value, else the value. Not a
    page lambda: a widget keeps its format_func until the session reruns, and a lambda
    keeps its page's globals with it (the corpus), so an idle tab would pin an old one."""

    def __init__(self, mapping: dict) -> None:
        self.mapping = mapping

    def __call__(self, value: object) -> object:
        return self.mapping.get(value, value)


def autobuild_enabled() -> bool:
    """ENTENTE_AUTOBUILD=0 serves the tables as they are (tests, benchmarks on synthetic tables)."""
    return os.environ.get("ENTENTE_AUTOBUILD", "1") != "0"


@st.cache_resource(show_spinner=False)
def _slot() -> Slot[AnyCorpus]:
    """The server's one corpus holder (cache_resource: it survives Streamlit reloading
    this module when a source file changes)."""
    return Slot(load_tables)


def cached_corpus(tables_dir: Path) -> AnyCorpus:
    """The corpus for the app, reloaded only when a table file changes (or the backend
    threshold does); the previous one is released first, so rebuilds never pile copies up."""
    slot = _slot()
    key = (str(tables_dir), tables_stamp(Path(tables_dir)), duckdb_events())
    if slot.holds(key):
        return slot.get(Path(tables_dir), key)
    with st.spinner("Loading tables…"):
        return slot.get(Path(tables_dir), key)


def lease(fn: Callable[[], R]) -> Lease[R]:
    """`fn` (a deferred download) cut loose when the corpus is replaced, so an idle
    session's download button does not keep an old corpus alive."""
    return _slot().lease(fn)


def clear_cache() -> None:
    """Forget loaded tables (after an add/build) so every view sees new articles."""
    _slot().clear()


def build_with_progress(
    articles_dir: Path, tables_dir: Path, label: str = "Building the tables from the articles…"
) -> BuildReport:
    """Run a build inside a status box with a progress bar; warnings for bad files."""
    from core.build.pipeline import build

    with st.status(label, expanded=True) as status:
        bar = st.progress(0.0, text="Starting")

        def progress(done: int, total: int, message: str) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=f"{done}/{total} {message}"[:200])

        report = build(articles_dir, tables_dir, progress=progress)
        for error in report.errors:
            st.warning(escape_markdown(error))
        status.update(
            label=f"Tables built: {report.processed} processed, {report.reused} reused "
            f"in {report.seconds:.1f} s",
            state="complete",
            expanded=bool(report.errors),
        )
    clear_cache()
    return report
