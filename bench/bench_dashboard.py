"""Dashboard benchmark (issue 5): page reruns, a filter change, server RSS, first paint.

`python bench/bench_dashboard.py [--events 100000 --articles 20000 --actors 5000] [--reps 7]`

1. Synthetic contract tables (tests.synthetic, load only) are written to a temp folder
   that looks built (a build.json stamp with the fingerprint of an empty corpus), so
   the app never starts a build.
2. AppTest: for every file in pages/, the median wall time of `reps` reruns after a
   warm-up run, and the median time of a filter change (sidebar country -> RU and back).
   Targets: <= 0.3 s each.
3. Peak RSS of `streamlit run app.py --server.headless true` (process tree, sampled
   from /proc every 0.1 s, plus the kernel's VmHWM) while a headless Chromium visits
   every page (plain HTTP GETs when Playwright is missing: those do not run the
   script, the JSON says which). Target: <= 1 GB.
4. First paint on the bundled corpus (data/articles, built beforehand into a temp
   folder): navigation to the first [data-testid="stApp"], to the first element in
   the main block, and to the end of the script run, in a fresh browser context, after
   the server answers /_stcore/health. Target: <= 3 s. Also whether spaCy got loaded.
Results go to bench/results/dashboard.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "dashboard.json"
CHROMIUM = "/usr/bin/chromium"
TARGETS = {"rerun_s": 0.3, "filter_s": 0.3, "peak_rss_mb": 1024, "first_paint_s": 3.0}
_COUNTRY_WORDS = ("country", "countries", "pays")


# ---------------------------------------------------------------- data


def make_tables(root: Path, n_events: int, n_articles: int, n_actors: int) -> dict[str, Any]:
    """Synthetic tables in root/tables, an empty corpus in root/articles, a build stamp."""
    from core.build.pipeline import STAMP, corpus_fingerprint, pipeline_version
    from core.build.schema import TABLES
    from core.build.store import write_tables
    from tests.synthetic import synthetic_tables

    articles, tables = root / "articles", root / "tables"
    articles.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    frames = synthetic_tables(n_events, n_articles, n_actors, seed=0)
    generated = time.perf_counter() - started
    write_tables(tables, frames)
    stamp = {
        "fingerprint": corpus_fingerprint(articles),
        "articles": n_articles,
        "errors": [],
        "pipeline_version": pipeline_version(),
        "tables": list(TABLES),
    }
    (tables / STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    size = sum(f.stat().st_size for f in tables.glob("*.parquet"))
    return {
        "rows": {name: len(frame) for name, frame in frames.items()},
        "parquet_mb": round(size / 1e6, 1),
        "generate_s": round(generated, 2),
    }


def page_files() -> list[str]:
    """Every page script, relative to the repo root (as AppTest.switch_page wants)."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


# ---------------------------------------------------------------- AppTest


def _timed_run(at: Any, timeout: float) -> float:
    started = time.perf_counter()
    at.run(timeout=timeout)
    return time.perf_counter() - started


def _country_widget(at: Any) -> Any | None:
    """The sidebar multiselect whose key or label says country (None if there is none)."""
    for widget in list(at.sidebar.multiselect) + list(at.multiselect):
        text = f"{widget.key or ''} {widget.label or ''}".lower()
        if any(word in text for word in _COUNTRY_WORDS):
            return widget
    return None


def _ru_value(widget: Any) -> list[Any]:
    """Russia as the widget's raw value: options show "Russia (RU)", set_value wants "RU"."""
    for option in widget.options:
        if option == "RU" or option.endswith("(RU)"):
            return ["RU"]
    if not widget.options:
        return []
    label = widget.options[0]
    return [label.rsplit("(", 1)[1].rstrip(")")] if label.endswith(")") else [label]


def _filter_change(at: Any, reps: int, timeout: float) -> dict[str, Any]:
    """Median seconds of a country filter change (RU on, then off): through the sidebar
    widget when AppTest shows it, else through its session-state key (on an AppTest
    rerun the sidebar comes back empty, see the README)."""
    times: list[float] = []
    how = "widget"
    for i in range(reps * 2):
        value = ["RU"] if i % 2 == 0 else []
        widget = _country_widget(at)
        if widget is None:
            how = "session_state['country']"
            at.session_state["country"] = value
        else:
            widget.set_value(_ru_value(widget) if value else [])
        times.append(_timed_run(at, timeout))
        if at.exception:
            return {"error": str(at.exception[0].value)[:300], "how": how}
    return {"median_s": statistics.median(times), "max_s": max(times), "how": how}


def _navigation_mode() -> None:
    """Run reruns through app.py's st.navigation, as a real server does once app.py ran.

    AppTest resets Streamlit's legacy `pages/`-folder flag before each run, and with the
    flag on a rerun executes the page file alone (no sidebar); tests/conftest.py does the
    same for the AppTest suite."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]


def apptest_pages(reps: int, timeout: float = 120) -> dict[str, Any]:
    """Per page: cold first run, median of warm reruns, median filter change."""
    from streamlit.testing.v1 import AppTest

    _navigation_mode()

    results: dict[str, Any] = {}
    for page in page_files():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        cold = _timed_run(at, timeout)
        if at.exception:
            results[page] = {"error": str(at.exception[0].value)[:300]}
            continue
        at.switch_page(page)
        first = _timed_run(at, timeout)
        if at.exception:
            results[page] = {"error": str(at.exception[0].value)[:300]}
            continue
        reruns = [_timed_run(at, timeout) for _ in range(reps)]
        results[page] = {
            "app_first_run_s": cold,
            "page_first_run_s": first,
            "rerun_median_s": statistics.median(reruns),
            "rerun_max_s": max(reruns),
            "filter": _filter_change(at, reps, timeout),
        }
        print(f"... {page}: {results[page]['rerun_median_s']:.3f}s", file=sys.stderr)
    return results


# ---------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    tree, total, stack = _children(), 0, [pid]
    while stack:
        current = stack.pop()
        total += _status_kb(current, "VmRSS")
        stack.extend(tree.get(current, []))
    return total


class RssSampler(threading.Thread):
    """Samples the tree RSS every `interval` seconds until stopped; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.pid))
            time.sleep(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_kb


@contextlib.contextmanager
def streamlit_server(tables: Path, articles: Path) -> Iterator[tuple[subprocess.Popen, str, float]]:
    """`streamlit run app.py` on a free port; yields (process, base url, seconds to health)."""
    port = _free_port()
    env = dict(os.environ, ENTENTE_TABLES=str(tables), ENTENTE_ARTICLES=str(articles))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            up_s = _wait_health(proc, base, log, started)
            yield proc, base, up_s
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_health(proc: subprocess.Popen, base: str, log: Any, started: float) -> float:
    """Seconds until /_stcore/health answers 200 (the server's own start-up time)."""
    while True:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"streamlit exited: {log.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.1)
        if time.perf_counter() - started > 60:
            raise RuntimeError("streamlit did not answer /_stcore/health within 60 s")


def _have_browser() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


def _launch(p: Any) -> Any:
    return p.chromium.launch(
        executable_path=CHROMIUM, args=["--no-sandbox", "--headless", "--disable-gpu"]
    )


def _wait_script_done(page: Any, timeout: float = 120) -> None:
    """Until the app shows content and the 'running' status widget has been gone 0.5 s."""
    deadline = time.perf_counter() + timeout
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    quiet_since = None
    while time.perf_counter() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        content = page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]')
        if not running and content.count() > 0:
            quiet_since = quiet_since or time.perf_counter()
            if time.perf_counter() - quiet_since >= 0.5:
                return
        else:
            quiet_since = None
        time.sleep(0.05)
    raise TimeoutError("the script did not finish")


def _page_paths(page: Any) -> list[str]:
    """The app's page URLs, from the sidebar navigation links (fallback: file stems)."""
    hrefs = page.eval_on_selector_all(
        '[data-testid="stSidebarNav"] a', "els => els.map(e => e.getAttribute('href'))"
    )
    if hrefs:
        return list(dict.fromkeys(hrefs))
    return ["/"] + ["/" + Path(f).stem.lstrip("0123456789_") for f in page_files()]


def server_rss(tables: Path, articles: Path) -> dict[str, Any]:
    """Peak RSS of the server tree while every page is opened once."""
    with streamlit_server(tables, articles) as (proc, base, up_s):
        sampler = RssSampler(proc.pid)
        sampler.start()
        visited: dict[str, float] = {}
        how = "chromium"
        if _have_browser():
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = _launch(p)
                page = browser.new_page()
                page.goto(base + "/")
                _wait_script_done(page)
                for path in _page_paths(page):
                    url = path if path.startswith("http") else base + "/" + path.lstrip("/")
                    started = time.perf_counter()
                    page.goto(url)
                    _wait_script_done(page)
                    visited[url] = round(time.perf_counter() - started, 3)
                browser.close()
        else:
            how = "http_get (scripts not run)"
            for path in ["/"] + [Path(f).stem.lstrip("0123456789_") for f in page_files()]:
                with urllib.request.urlopen(base + "/" + path.lstrip("/"), timeout=30) as r:
                    r.read()
                visited[path] = 0.0
        time.sleep(0.5)
        peak = sampler.stop()
        hwm = _status_kb(proc.pid, "VmHWM")
        return {
            "how": how,
            "server_up_s": round(up_s, 2),
            "peak_tree_rss_mb": round(peak / 1024, 1),
            "main_vmhwm_mb": round(hwm / 1024, 1),
            "peak_rss_mb": round(max(peak, hwm) / 1024, 1),
            "pages_s": visited,
        }


def _spacy_loaded(pid: int) -> bool:
    """Whether the server process has spaCy's compiled modules mapped."""
    try:
        return "/site-packages/spacy/" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def first_paint(work: Path, reps: int) -> dict[str, Any]:
    """Navigation -> first stApp / first content / script done, on the bundled corpus."""
    if not _have_browser():
        return {"skipped": "playwright or /usr/bin/chromium not available"}
    from playwright.sync_api import sync_playwright

    articles, tables = ROOT / "data" / "articles", work / "bundled"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run(
        [sys.executable, "-m", "core", "build", str(articles), "--out", str(tables)],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    samples: dict[str, list[float]] = {"stapp_s": [], "content_s": [], "done_s": []}
    with streamlit_server(tables, articles) as (proc, base, up_s), sync_playwright() as p:
        browser = _launch(p)
        for _ in range(reps):
            context = browser.new_context()
            page = context.new_page()
            started = time.perf_counter()
            page.goto(base + "/", wait_until="commit")
            page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
            samples["stapp_s"].append(time.perf_counter() - started)
            page.wait_for_selector(
                '[data-testid="stMain"] [data-testid="stElementContainer"]', timeout=60_000
            )
            samples["content_s"].append(time.perf_counter() - started)
            _wait_script_done(page)
            samples["done_s"].append(time.perf_counter() - started - 0.5)  # minus quiet wait
            context.close()
        browser.close()
        spacy = _spacy_loaded(proc.pid)
    result: dict[str, Any] = {k: statistics.median(v) for k, v in samples.items()}
    result.update(first_visit=samples["stapp_s"][0], server_up_s=up_s, spacy_loaded=spacy)
    result["runs"] = {k: [round(x, 3) for x in v] for k, v in samples.items()}
    return result


# ---------------------------------------------------------------- report


def verdicts(doc: dict[str, Any]) -> dict[str, Any]:
    """Worst page against each target (None when that part did not run)."""
    pages = [v for v in doc.get("pages", {}).values() if "rerun_median_s" in v]
    reruns = [v["rerun_median_s"] for v in pages]
    filters = [v["filter"]["median_s"] for v in pages if "median_s" in v["filter"]]
    worst = {
        "rerun_s": max(reruns) if reruns else None,
        "filter_s": max(filters) if filters else None,
        "peak_rss_mb": doc.get("server", {}).get("peak_rss_mb"),
        "first_paint_s": doc.get("first_paint", {}).get("stapp_s"),
    }
    return {
        k: {"worst": v, "target": TARGETS[k], "met": None if v is None else v <= TARGETS[k]}
        for k, v in worst.items()
    }


def print_table(doc: dict[str, Any]) -> None:
    """Per page medians, then each target with its verdict."""
    print(f"tables: {doc['tables']['rows']}  ({doc['tables']['parquet_mb']} MB parquet)")
    print(f"{'page':<32} {'first s':>8} {'rerun s':>8} {'filter s':>9}")
    for page, row in doc.get("pages", {}).items():
        if "error" in row:
            print(f"{page:<32} ERROR {row['error'][:80]}")
            continue
        filt = row["filter"].get("median_s")
        shown = f"{filt:.3f}" if filt is not None else "error"
        first, rerun = row["page_first_run_s"], row["rerun_median_s"]
        print(f"{page:<32} {first:>8.3f} {rerun:>8.3f} {shown:>9}")
    for key, v in doc["verdicts"].items():
        state = "not run" if v["met"] is None else ("met" if v["met"] else "MISSED")
        worst = "-" if v["worst"] is None else f"{v['worst']:.3f}"
        print(f"{key:<14} worst {worst:>9}  target <= {v['target']:g}: {state}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--reps", type=int, default=7, help="reruns per page (median)")
    parser.add_argument("--skip-apptest", action="store_true")
    parser.add_argument("--skip-server", action="store_true")
    parser.add_argument("--skip-paint", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not (ROOT / "app.py").exists():
        sys.exit("app.py not found: nothing to benchmark yet")
    work = Path(tempfile.mkdtemp(prefix="entente-bench-dash-"))
    try:
        doc: dict[str, Any] = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "load_avg_start": os.getloadavg(),
            "tables": make_tables(work, args.events, args.articles, args.actors),
            "reps": args.reps,
        }
        os.environ["ENTENTE_TABLES"] = str(work / "tables")
        os.environ["ENTENTE_ARTICLES"] = str(work / "articles")
        if not args.skip_apptest:
            doc["pages"] = apptest_pages(args.reps)
        if not args.skip_server:
            print("... server RSS", file=sys.stderr)
            doc["server"] = server_rss(work / "tables", work / "articles")
        if not args.skip_paint:
            print("... first paint", file=sys.stderr)
            doc["first_paint"] = first_paint(work, reps=3)
        doc["verdicts"] = verdicts(doc)
        doc["load_avg_end"] = os.getloadavg()
        doc["command"] = (
            f"python bench/bench_dashboard.py --events {args.events} "
            f"--articles {args.articles} --actors {args.actors} --reps {args.reps}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(doc)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
