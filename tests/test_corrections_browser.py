"""Two analysts in two browser sessions (two Chromium contexts) correct an event's type
and countries at the same moment on one server: both corrections land, in the log and
in the tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from core.build.corrections import read_log
from core.build.corrections_keys import event_key
from core.build.store import read_tables
from core.nlp.countries import country_label
from tests.browser_support import (
    ROOT,
    StreamlitServer,
    copy_corpus,
    require_browser,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    require_browser()
    from core.build.pipeline import build

    root = tmp_path_factory.mktemp("corrections_browser")
    articles, tables = copy_corpus(ROOT / "data" / "articles", root), root / "processed"
    assert not build(articles, tables).errors
    running = StreamlitServer(articles, tables, log_path=root / "streamlit.log").start()
    try:
        yield running
    finally:
        running.stop()


def _choose(page: Page, key: str, text: str) -> None:
    """Open a select box by its widget key, type to narrow it, click the option."""
    widget = page.locator(f".st-key-{key}")
    widget.click()
    page.keyboard.type(text[:40])
    page.get_by_role("option").filter(has_text=text[:40]).first.click()


def _fill_form(page: Page, server: StreamlitServer, event: pd.Series, analyst: str) -> str:
    from playwright.sync_api import expect

    page.goto(server.url("/corrections"))
    main = page.get_by_test_id("stMain")
    expect(main.locator("h1", has_text="Corrections")).to_be_visible()
    page.locator(".st-key-analyst input").fill(analyst)
    page.locator(".st-key-analyst input").press("Enter")
    _choose(page, "corr_event", str(event["excerpt"]))
    prefix = f"cf_{event['event_id']}_"
    expect(page.locator(f".st-key-{prefix}save")).to_be_visible()
    _choose(page, f"{prefix}type", "exercise")
    _choose(page, f"{prefix}countries", country_label("ES"))
    page.keyboard.press("Escape")
    return prefix


def test_two_sessions_correct_at_once(server: StreamlitServer, browser: Browser) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    events = read_tables(server.tables)["events"]
    chosen = events[(events["type"] != "exercise") & events["excerpt"].str.len().gt(40)]
    chosen = chosen.drop_duplicates("excerpt").head(2)
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    try:
        pages = [context.new_page() for context in contexts]
        prefixes = [
            _fill_form(page, server, row, f"analyst {i}")
            for i, (page, (_, row)) in enumerate(zip(pages, chosen.iterrows(), strict=True))
        ]
        for page, prefix in zip(pages, prefixes, strict=True):
            page.locator(f".st-key-{prefix}save button").click()
        for page in pages:
            expect(page.get_by_text("Saved 2 correction(s)")).to_be_visible()
    finally:
        for context in contexts:
            context.close()
    assert (Path(server.tables) / "corrections.sqlite").exists()
    log = read_log(server.tables)
    assert sorted({e.analyst for e in log}) == ["analyst 0", "analyst 1"]
    assert len(log) == 4
    after = read_tables(server.tables)["events"]
    keys = [event_key(a, x) for a, x in zip(after["article_id"], after["excerpt"], strict=True)]
    for _, row in chosen.iterrows():
        fixed = after.iloc[keys.index(event_key(row["article_id"], row["excerpt"]))]
        assert fixed["type"] == "exercise"
        assert "ES" in list(fixed["countries"])
