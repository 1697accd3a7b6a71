"""Page speed as a user feels it: every dashboard page fully rendered in headless Chromium
(script run finished, every chart drawn) against a bare Streamlit page (bench/bare_page.py:
one dataframe + one chart) measured in the same run; median of `--reps` fresh contexts.

    python bench/page_speed.py [--events 100000] [--reps 3]

Without --events: the bundled corpus (data/articles, built into a temp dir). Prints each
page's median seconds and its ratio to the bare page (target < 2x); writes
bench/results/page_speed[_N].json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, ROOT, StreamlitServer, copy_corpus

PAGES = {"Overview": "/", "Map": "/map", "Domains": "/domains", "Actors": "/actors"}
PAGES |= {"Sources": "/sources", "Compare": "/compare"}
DRAWN = """() => document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelector('[data-testid="stMain"] h1')
    && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
       .every(c => c.querySelector('svg text, canvas'))"""


def tables(root: Path, events: int) -> tuple[Path, Path]:
    articles, out = root / "articles", root / "processed"
    if events:
        from core.build.store import write_tables
        from tests.synthetic import synthetic_tables

        articles.mkdir()
        write_tables(out, synthetic_tables(events, max(events // 12, 1), max(events // 30, 1)))
    else:
        from core.build.pipeline import build

        copy_corpus(ROOT / "data" / "articles", root)
        build(articles, out)
    return articles, out


def time_page(browser: object, url: str, reps: int) -> float:
    times = []
    for _ in range(reps + 1):  # the first visit warms the server's caches
        context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=120_000)
        times.append(time.perf_counter() - start)
        context.close()
    return statistics.median(times[1:])


def main() -> int:
    import os

    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=0)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="page_speed_"))
    articles, out = tables(root, args.events)
    os.environ["ENTENTE_AUTOBUILD"] = "0"
    app = StreamlitServer(articles, out, log_path=root / "app.log").start()
    bare = StreamlitServer(articles, out, log_path=root / "bare.log", script="bench/bare_page.py")
    bare.start()
    result: dict[str, object] = {"events": args.events or "bundled corpus", "reps": args.reps}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            base = time_page(browser, bare.url("/"), args.reps)
            result["bare_s"] = round(base, 3)
            for name, path in PAGES.items():
                seconds = time_page(browser, app.url(path), args.reps)
                result[name] = {"s": round(seconds, 3), "ratio": round(seconds / base, 2)}
                print(f"{name:9s} {seconds:6.2f} s  {seconds / base:5.2f}x bare ({base:.2f} s)")
            browser.close()
    finally:
        app.stop()
        bare.stop()
    suffix = f"_{args.events}" if args.events else ""
    path = ROOT / "bench" / "results" / f"page_speed{suffix}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
