"""What the dashboard keeps between reruns: the loaded corpus (one per table version,
shared by every session) and the build-with-progress widget used by the frame and by
Sources. The only place besides `frame` and `export` that imports Streamlit."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from core.build.pipeline import BuildReport
from core.dashboard.corpus import Corpus, load_corpus, tables_stamp
from core.dashboard.highlight import escape_markdown


def autobuild_enabled() -> bool:
    """ENTENTE_AUTOBUILD=0 serves the tables as they are (tests, benchmarks on synthetic tables)."""
    return os.environ.get("ENTENTE_AUTOBUILD", "1") != "0"


@st.cache_resource(show_spinner="Loading tables…", max_entries=2)
def _cached(tables_dir: str, stamp: tuple) -> Corpus:
    return load_corpus(Path(tables_dir))


def cached_corpus(tables_dir: Path) -> Corpus:
    """The corpus for the app, reloaded only when a table file changes."""
    return _cached(str(tables_dir), tables_stamp(Path(tables_dir)))


def clear_cache() -> None:
    """Forget loaded tables (after an add/build) so every view sees new articles."""
    _cached.clear()


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
