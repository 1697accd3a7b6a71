"""Refresh the README screenshots (docs/screenshots/*.png) from the current pages, on the
bundled corpus built in a temp dir. Run by hand after a visible change; tests never write
here.

    python scripts/refresh_screenshots.py

The navigation icons are emoji: install an emoji font first (Debian:
`fonts-noto-color-emoji`), or they show as empty boxes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    StreamlitServer,
    copy_corpus,
)

SHOTS = {
    "overview.png": ("/", "Overview"),
    "map.png": ("/map", "Map"),
    "domains.png": ("/domains", "Domains"),
    "compare.png": ("/compare", "Compare"),
}
# The tests run with --disable-gpu; the map (deck.gl) needs WebGL, which Chromium's
# software renderer (SwiftShader) gives a headless machine with no GPU.
SCREEN_ARGS = [a for a in CHROMIUM_ARGS if a != "--disable-gpu"] + [
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
SETTLED = """() => !document.querySelector('[data-testid="stSkeleton"]')"""
DRAWN = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .every(c => c.querySelector('svg text, canvas'))"""


def main() -> None:
    from playwright.sync_api import expect, sync_playwright

    from core.build.pipeline import build

    root = Path(tempfile.mkdtemp(prefix="screens_"))
    articles, tables = copy_corpus(ROOT / "data" / "articles", root), root / "processed"
    build(articles, tables)
    server = StreamlitServer(articles, tables, log_path=root / "streamlit.log").start()
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=SCREEN_ARGS)
            page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            for name, (path, title) in SHOTS.items():
                page.goto(server.url(path))
                expect(page.get_by_test_id("stMain").locator("h1", has_text=title)).to_be_visible()
                app = page.get_by_test_id("stApp")
                expect(app).to_have_attribute("data-test-script-state", "notRunning")
                # the widgets are drawn (no grey placeholders left), then the charts
                sidebar = page.get_by_test_id("stSidebar")
                expect(sidebar.get_by_test_id("stMultiSelect").first).to_be_visible()
                page.wait_for_function(SETTLED)
                page.wait_for_function(DRAWN)
                page.wait_for_timeout(1000)  # a screenshot script, not a test: let charts finish
                decks = page.get_by_test_id("stDeckGlJsonChart")
                if decks.count():
                    expect(decks.first.locator("canvas").first).to_be_visible()
                    page.wait_for_timeout(1500)  # deck.gl draws its layers after the canvas
                page.screenshot(path=str(out / name))
                print("wrote", out / name)
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
