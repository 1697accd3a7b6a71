"""Server memory across rebuilds (issue 16): a long-running dashboard holds one corpus.

`python bench/bench_server_memory.py [--events 1000000] [--rebuilds 5] [--settle 3]`

A real `streamlit run app.py` serves synthetic tables (tests/synthetic.py, load only);
headless Chromium (Playwright) opens a first tab on Sources (deferred download buttons,
the way an idle tab used to pin its corpus) and leaves it open. Then, `--rebuilds` times:
the tables are rewritten (two synthetic corpora of the same size alternate, so the corpus
version changes each time), a new tab opens another page (a new session; every earlier
tab stays open and idle), and the first tab reruns (Streamlit's R shortcut) and must show
the new corpus version in its share box. The server's RSS (psutil) is sampled after each step
has settled, plus its peak. Target: RSS after the last rebuild <= 1.2x RSS after the
first load. Results go to bench/results/server_memory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "server_memory.json"
TARGET = 1.2
_VERSION = re.compile(r"[?&]v=([0-9a-f]{8})")
PAGES = ["map", "", "domains", "actors", "compare", "sources"]


def write_corpus_tables(tables: Path, frames: dict[str, Any]) -> str:
    """Write the frames as the app's tables, stamped as built; returns the corpus version."""
    from core.build.pipeline import STAMP, corpus_fingerprint, pipeline_version
    from core.build.schema import TABLES
    from core.build.store import write_tables
    from core.dashboard.corpus import corpus_version

    write_tables(tables, frames)
    stamp = {
        "fingerprint": corpus_fingerprint(tables.parent / "articles"),
        "articles": len(frames["articles"]),
        "errors": [],
        "pipeline_version": pipeline_version(),
        "tables": list(TABLES),
    }
    (tables / STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    return corpus_version(frames["articles"]["article_id"].astype(str), pipeline_version())


class Sampler(threading.Thread):
    """Peak RSS of one process, sampled every 0.1 s."""

    def __init__(self, pid: int) -> None:
        import psutil

        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.peak = 0
        self.done = threading.Event()

    def now_mb(self) -> float:
        return self.proc.memory_info().rss / 2**20

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(0.1)


def _settled_mb(sampler: Sampler, settle: float) -> float:
    time.sleep(settle)
    return round(sampler.now_mb(), 1)


def _shown_version(page: Any) -> str:
    """The corpus version the tab's share box names (every page draws it, last in the
    frame; the URL's `v` is not rewritten by every page)."""
    try:
        text = page.locator('[data-testid="stSidebar"]').text_content(timeout=1000) or ""
    except Exception:  # the sidebar is not drawn yet
        return ""
    found = _VERSION.search(text)
    return found.group(1) if found else ""


def _wait_done(page: Any, version: str, timeout: float = 300) -> str:
    """Until the tab's share box names `version` (the frame draws it once the corpus is
    loaded), then until the running indicator is gone (at most 15 s more: some pages
    keep it up while a map renders); returns the version shown."""
    deadline = time.perf_counter() + timeout
    while _shown_version(page) != version and time.perf_counter() < deadline:
        time.sleep(0.2)
    quiet_until = time.perf_counter() + 15
    while time.perf_counter() < quiet_until:
        if page.locator('[data-testid="stStatusWidget"]').count() == 0:
            break
        time.sleep(0.2)
    return _shown_version(page)


def _rerun(page: Any, version: str) -> str:
    """A rerun of the same session (Streamlit's R shortcut); the version it then shows."""
    page.bring_to_front()
    page.keyboard.press("r")
    return _wait_done(page, version, timeout=120)


def drive(
    base: str, tables: Path, sets: list[dict], versions: list[str], sampler: Sampler, args: Any
) -> dict:
    """The tabs, rebuilds and samples described in the module docstring."""
    from playwright.sync_api import sync_playwright

    from bench.bench_dashboard import _launch

    steps: list[dict[str, Any]] = []
    with sync_playwright() as p:
        browser = _launch(p)
        first = browser.new_page()
        started = time.perf_counter()
        first.goto(base + "/sources", timeout=300_000)
        _wait_done(first, versions[0])
        load_s = time.perf_counter() - started
        steps.append({"step": "first load", "rss_mb": _settled_mb(sampler, args.settle)})
        steps[-1].update(load_s=round(load_s, 2), version=_shown_version(first))
        assert steps[-1]["version"] == versions[0], "the first tab never showed the tables"
        print(f"... {steps[-1]}", file=sys.stderr, flush=True)
        tabs = [first]
        if args.warm:  # every page drawn once on the first tables, in tabs left open
            for path in PAGES:
                tab = browser.new_page()
                tab.goto(base + "/" + path, timeout=300_000)
                _wait_done(tab, versions[0])
                tabs.append(tab)
            steps.append({"step": "all pages", "rss_mb": _settled_mb(sampler, args.settle)})
            print(f"... {steps[-1]}", file=sys.stderr, flush=True)
        for i in range(1, args.rebuilds + 1):
            version = write_corpus_tables(tables, sets[i % len(sets)])
            print(f"... rebuild {i}: tables rewritten ({version})", file=sys.stderr, flush=True)
            tab = browser.new_page()
            started = time.perf_counter()
            tab.goto(base + "/" + PAGES[(i - 1) % len(PAGES)], timeout=300_000)
            _wait_done(tab, version)
            load_s = time.perf_counter() - started
            tabs.append(tab)
            started = time.perf_counter()
            seen = _rerun(first, version)
            rerun_s = time.perf_counter() - started
            steps.append(
                {
                    "step": f"rebuild {i}",
                    "rss_mb": _settled_mb(sampler, args.settle),
                    "new_tab_s": round(load_s, 2),
                    "first_tab_rerun_s": round(rerun_s, 2),
                    "version": version,
                    "first_tab_sees_new_tables": seen == version,
                }
            )
            print(f"... {steps[-1]}", file=sys.stderr, flush=True)
        time.sleep(args.idle)
        steps.append({"step": f"idle {args.idle:g} s", "rss_mb": round(sampler.now_mb(), 1)})
        browser.close()
    return {"steps": steps}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench.bench_dashboard import _have_browser, streamlit_server
    from tests.synthetic import synthetic_tables

    if not _have_browser():
        sys.exit("needs playwright and /usr/bin/chromium")
    work = Path(tempfile.mkdtemp(prefix="entente-bench-mem-"))
    (work / "articles").mkdir()
    sizes = (args.events, args.events // 5, args.events // 20)
    started = time.perf_counter()
    sets = [synthetic_tables(*sizes, seed=seed) for seed in (0, 1)]
    generate_s = time.perf_counter() - started
    versions = [write_corpus_tables(work / "tables", frames) for frames in sets[::-1]][::-1]
    os.environ["ENTENTE_AUTOBUILD"] = "0"
    try:
        with streamlit_server(work / "tables", work / "articles") as (proc, base, _up):
            sampler = Sampler(proc.pid)
            sampler.start()
            doc = drive(base, work / "tables", sets, versions, sampler, args)
            sampler.done.set()
            doc["peak_rss_mb"] = round(sampler.peak / 2**20, 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    steps = doc["steps"]
    last = next(s for s in reversed(steps) if s["step"].startswith("rebuild"))
    doc["ratio_last_rebuild_vs_first_load"] = round(last["rss_mb"] / steps[0]["rss_mb"], 3)
    if steps[1]["step"] == "all pages":
        doc["ratio_last_rebuild_vs_all_pages"] = round(last["rss_mb"] / steps[1]["rss_mb"], 3)
    doc["met"] = doc["ratio_last_rebuild_vs_first_load"] <= TARGET and all(
        s.get("first_tab_sees_new_tables", True) for s in steps
    )
    doc.update(
        events=args.events,
        articles=sizes[1],
        actors=sizes[2],
        generate_s=round(generate_s, 1),
        target=TARGET,
        when=time.strftime("%Y-%m-%dT%H:%M:%S"),
        command=f"python bench/bench_server_memory.py --events {args.events} "
        f"--rebuilds {args.rebuilds}" + (" --warm" if args.warm else ""),
    )
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rebuilds", type=int, default=5)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds before a sample")
    parser.add_argument("--idle", type=float, default=10.0, help="idle seconds at the end")
    parser.add_argument(
        "--warm", action="store_true", help="open every page once before the first rebuild"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    doc = run(parser.parse_args(argv))
    for step in doc["steps"]:
        print(f"{step['step']:<12} {step['rss_mb']:>9.1f} MB")
    print(
        f"peak {doc['peak_rss_mb']} MB; last rebuild / first load = "
        f"{doc['ratio_last_rebuild_vs_first_load']} (target <= {TARGET}): "
        + ("met" if doc["met"] else "MISSED")
    )
    doc_out = Path(parser.parse_args(argv).out)
    doc_out.parent.mkdir(parents=True, exist_ok=True)
    doc_out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
