"""The dashboard over DuckDB at 1M and 10M events (issue 15), and in memory at 1M.

`python bench/bench_duck.py [--sizes 1000000 10000000] [--reps 5] [--work DIR]
[--pages map overview ...] [--no-server] [--no-memory]`

For each size: synthetic partitioned tables (bench/synth_duck.py, reused when DIR already
holds them), then
1. AppTest, every page: the median of `reps` warm reruns with the same filters
   (`rerun_s`), of a filter change between two filters already seen (`filter_s`, RU on
   and off, the bench_dashboard measure), and of changes to a country never selected
   before in the run (`new_filter`: median and max of `min(reps, 3)` countries, fresh
   for every page and rep, big and small ones mixed): the case no memo helps.
2. Peak RSS of the process tree of a real `streamlit run app.py` (psutil, sampled every
   0.1 s) while headless Chromium (/usr/bin/chromium, Playwright) opens every page.
Then the same at the smallest size with the in-memory backend (ENTENTE_DUCKDB_EVENTS
above the size). Targets (issue 15): rerun < 1 s median at 10M, < 0.3 s at 1M; server
RSS < 4 GB at 10M. Results: bench/results/duck.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import bench_dashboard as bd  # noqa: E402
from bench.synth_duck import write  # noqa: E402
from tests.synthetic import _COUNTRIES  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "duck.json"
NEW_COUNTRIES = tuple(c for c in _COUNTRIES if c != "RU")  # RU: the seen-filter change


class TreeRss(threading.Thread):
    """Peak resident memory of a process and its descendants (psutil)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peak = psutil.Process(pid), 0
        self.done = threading.Event()

    def sample(self) -> int:
        total = 0
        for proc in [self.root, *self.root.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                continue
        return total

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, self.sample())
            time.sleep(0.1)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak


def _fresh(page: int, pages: int, reps: int) -> list[str]:
    """Countries for page number `page`: none is used by another page (the memo and the
    filter copies are shared by every session), each page gets big and small ones."""
    reps = min(reps, len(NEW_COUNTRIES) // pages)
    return [NEW_COUNTRIES[r * pages + page] for r in range(reps)]


def _new_filters(at: Any, countries: list[str], timeout: float) -> dict[str, float]:
    """Seconds of switching to a country no run has selected yet (no memo can help)."""
    times = []
    for iso in countries:
        at.session_state["country"] = [iso]
        at.session_state["_keep_country"] = [iso]
        times.append(bd._timed_run(at, timeout))
    at.session_state["country"] = []
    at.session_state["_keep_country"] = []
    bd._timed_run(at, timeout)
    return {"median_s": statistics.median(times), "max_s": max(times)}


def apptest(reps: int, pages: list[str] | None = None, timeout: float = 600) -> dict[str, Any]:
    """Per page: first run, median warm rerun, seen-filter change, new-filter change."""
    from streamlit.testing.v1 import AppTest

    bd._navigation_mode()
    out: dict[str, Any] = {}
    files = [p for p in bd.page_files() if not pages or Path(p).stem in pages]
    for number, page in enumerate(files):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        first = bd._timed_run(at, timeout)
        at.switch_page(page)
        page_first = bd._timed_run(at, timeout)
        if at.exception:
            out[page] = {"error": str(at.exception[0].value)[:300]}
            continue
        reruns = [bd._timed_run(at, timeout) for _ in range(reps)]
        out[page] = {
            "first_run_s": round(first, 2),
            "page_first_run_s": round(page_first, 3),
            "rerun_s": round(statistics.median(reruns), 3),
            "filter_s": round(bd._filter_change(at, reps, timeout).get("median_s", -1), 3),
            "new_filter": {
                k: round(v, 3)
                for k, v in _new_filters(at, _fresh(number, len(files), reps), timeout).items()
            },
        }
        print(f"... {page}: {out[page]}", file=sys.stderr)
    return out


def server_rss(tables: Path, articles: Path) -> dict[str, Any]:
    """Peak tree RSS of `streamlit run app.py` while Chromium opens every page."""
    from playwright.sync_api import sync_playwright

    with bd.streamlit_server(tables, articles) as (proc, base, up_s):
        sampler = TreeRss(proc.pid)
        sampler.start()
        visited = {}
        with sync_playwright() as p:
            browser = bd._launch(p)
            page = browser.new_page()
            page.goto(base + "/")
            bd._wait_script_done(page, timeout=900)
            for path in bd._page_paths(page):
                url = path if path.startswith("http") else base + "/" + path.lstrip("/")
                started = time.perf_counter()
                page.goto(url)
                bd._wait_script_done(page, timeout=600)
                visited[url.removeprefix(base)] = round(time.perf_counter() - started, 2)
            browser.close()
        time.sleep(0.5)
        return {
            "server_up_s": round(up_s, 2),
            "peak_rss_mb": round(sampler.stop() / 2**20, 1),
            "pages_s": visited,
        }


def one(
    work: Path, n: int, reps: int, backend: str, pages: list[str] | None, server: bool
) -> dict[str, Any]:
    """Tables of `n` events (made once), then AppTest and the server on `backend`."""
    root = work / f"events-{n}"
    made = None
    if not (root / "tables" / "build.json").exists():
        made = write(root, n)
    os.environ.update(
        ENTENTE_TABLES=str(root / "tables"),
        ENTENTE_ARTICLES=str(root / "articles"),
        ENTENTE_AUTOBUILD="0",
        ENTENTE_DUCKDB_EVENTS=str(n * 10 if backend == "memory" else 500_000),
    )
    started = time.perf_counter()
    from core.dashboard.backend import load_tables

    corpus = load_tables(root / "tables")
    load_s = round(time.perf_counter() - started, 1)
    del corpus
    result = {"events": n, "backend": backend, "made": made, "load_s": load_s}
    result["apptest"] = apptest(reps, pages)
    # the AppTest process after every page and filter change (the filters' copies included)
    result["apptest_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if server:
        result["server"] = server_rss(root / "tables", root / "articles")
    return result


def print_table(runs: list[dict[str, Any]]) -> None:
    print(
        f"{'events':>10} {'backend':8} {'page':24} {'rerun':>7} {'filter':>7} {'new':>7} "
        f"{'new max':>8}"
    )
    for run in runs:
        for page, row in run["apptest"].items():
            if "error" in row:
                print(f"{run['events']:>10} {run['backend']:8} {page:24} {row['error'][:60]}")
                continue
            new = row["new_filter"]
            print(
                f"{run['events']:>10} {run['backend']:8} {page:24} {row['rerun_s']:>7.3f} "
                f"{row['filter_s']:>7.3f} {new['median_s']:>7.3f} {new['max_s']:>8.3f}"
            )
        print(
            f"{run['events']:>10} {run['backend']:8} AppTest process peak RSS "
            f"{run['apptest_peak_rss_mb']:,} MB"
        )
        if "server" in run:
            print(
                f"{run['events']:>10} {run['backend']:8} server peak RSS "
                f"{run['server']['peak_rss_mb']:,.0f} MB (load {run['load_s']} s)"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/entente-bench-duck"))
    parser.add_argument("--no-memory", action="store_true", help="skip the in-memory run")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--pages", nargs="+", help="page file stems (default: every page)")
    parser.add_argument("--no-server", action="store_true", help="skip the server RSS run")
    args = parser.parse_args(argv)
    runs = [
        one(args.work, n, args.reps, "duckdb", args.pages, not args.no_server) for n in args.sizes
    ]
    if not args.no_memory:
        runs.append(
            one(args.work, min(args.sizes), args.reps, "memory", args.pages, not args.no_server)
        )
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(runs, indent=1), encoding="utf-8")
    print_table(runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
