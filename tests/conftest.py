"""Shared fixtures.

`dashboard_tables` is the one place that decides which tables the dashboard tests
see: today small synthetic tables; swap its body for the real seed-corpus build when
the pipeline lands (tests only read `corpus_frames` and the env it sets).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from core.build.store import read_tables, write_tables
from tests.synthetic import synthetic_tables

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="session")
def dashboard_tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(articles_dir, tables_dir) holding the tables the dashboard tests run on."""
    root = tmp_path_factory.mktemp("dashboard")
    articles, tables = root / "articles", root / "processed"
    articles.mkdir()
    write_tables(tables, synthetic_tables(n_events=600, n_articles=80, n_actors=120, seed=7))
    return articles, tables


@pytest.fixture(scope="session")
def corpus_frames(dashboard_tables: tuple[Path, Path]) -> dict[str, pd.DataFrame]:
    """The dashboard tables as read back from Parquet (what the app sees)."""
    return read_tables(dashboard_tables[1])


@pytest.fixture
def dashboard_env(
    dashboard_tables: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """Point the app at the dashboard tables and keep it from rebuilding them."""
    articles, tables = dashboard_tables
    monkeypatch.setenv("ENTENTE_ARTICLES", str(articles))
    monkeypatch.setenv("ENTENTE_TABLES", str(tables))
    monkeypatch.setenv("ENTENTE_AUTOBUILD", "0")
    return dashboard_tables


@pytest.fixture(scope="session")
def nlp_fr_model():  # type: ignore[no-untyped-def]
    """The French production pipeline (fr_core_news_sm + gazetteer), loaded once."""
    from core.nlp.pipeline import load_pipeline

    return load_pipeline("fr")


@pytest.fixture(scope="session")
def nlp_en_model():  # type: ignore[no-untyped-def]
    """The English production pipeline (model when installed, rules otherwise)."""
    from core.nlp.pipeline import load_pipeline

    return load_pipeline("en")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for every browser test module: Playwright's sync API runs
    one event loop per thread, so a second `sync_playwright()` in the same session fails."""
    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
