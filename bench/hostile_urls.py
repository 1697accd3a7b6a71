"""On demand: N hostile URLs (default 300) through headless Chromium against a server on
the bundled corpus; counts exceptions, dialogs, non-local requests and live links in
notices (all must be 0). The browser tests run a fast sample of the same URLs.

    python bench/hostile_urls.py [N]
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
    PageEvents,
    StreamlitServer,
    copy_corpus,
    hostile_urls,
    visit_hostile,
)


def main(n: int) -> int:
    from playwright.sync_api import sync_playwright

    from core.build.pipeline import build

    root = Path(tempfile.mkdtemp(prefix="hostile_"))
    articles, tables = copy_corpus(ROOT / "data" / "articles", root), root / "processed"
    build(articles, tables)
    server = StreamlitServer(articles, tables, log_path=root / "streamlit.log").start()
    problems: list[str] = []
    seen = PageEvents()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_context().new_page()
            page.set_default_timeout(30_000)
            page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: seen.page_errors.append(str(e)))
            page.on(
                "request",
                lambda r: (
                    None
                    if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                    else seen.external_requests.append(r.url)
                ),
            )
            for path in hostile_urls(n):
                problems += visit_hostile(page, server.base_url, path, seen)
            browser.close()
    finally:
        server.stop()
    print(
        f"{n} hostile URLs: {len(problems)} problems, {len(seen.dialogs)} dialogs, "
        f"{len(seen.external_requests)} non-local requests, {len(seen.page_errors)} page errors"
    )
    for problem in problems[:20]:
        print(" ", problem[:200])
    return 1 if problems or seen.page_errors else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
