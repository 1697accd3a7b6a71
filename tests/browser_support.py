"""Helpers for the real-browser tests: a free port, a Streamlit server on a given corpus,
and a headless Debian chromium driven by Playwright.

No network: chromium is the system one (`/usr/bin/chromium`), never Playwright's own
download, and the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT_S = 60.0


def require_browser() -> None:
    """Skip when Playwright or chromium is missing, except under CI where that is a failure."""
    problems: list[str] = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the Python package `playwright` is not installed")
    if not CHROMIUM.exists():
        problems.append(f"{CHROMIUM} is missing (Debian package `chromium`)")
    if not problems:
        return
    message = "browser tests need " + " and ".join(problems)
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must run them (.ci/run installs chromium)", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_corpus(source: Path, root: Path) -> Path:
    """Copy an articles folder under `root/articles` (mtimes kept) and return it."""
    target = root / "articles"
    shutil.copytree(source, target)
    return target


@dataclass
class StreamlitServer:
    """`streamlit run app.py` on a corpus, in a subprocess, on 127.0.0.1:<port>."""

    articles: Path
    tables: Path
    log_path: Path
    port: int = field(default_factory=free_port)
    script: str = "app.py"
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def log(self) -> str:
        """The server's output so far (for failure messages)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""

    def start(self, timeout: float = STARTUP_TIMEOUT_S) -> StreamlitServer:
        env = dict(os.environ)
        env.update(
            ENTENTE_ARTICLES=str(self.articles),
            ENTENTE_TABLES=str(self.tables),
            PYTHONUNBUFFERED="1",
        )
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                self.script,
                "--server.headless",
                "true",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout: float) -> None:
        """Poll /_stcore/health until it answers "ok", the process dies, or the deadline."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        last_error = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"streamlit exited with code {self.process.returncode}:\n{self.log()}"
                )
            try:
                with urllib.request.urlopen(self.url("/_stcore/health"), timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                last_error = str(exc)
            # Poll interval while waiting on the server process, bounded by the deadline.
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"streamlit not healthy after {timeout:.0f} s ({last_error}):\n{self.log()}"
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None


@dataclass
class PageEvents:
    """What a page did that a test must see: dialogs, uncaught errors, console errors."""

    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)


_PATHS = ("/", "/map", "/domains", "/actors", "/sources", "/compare", "/nope")
_KEYS = (
    "country",
    "domain",
    "type",
    "status",
    "outlet",
    "from",
    "to",
    "mode",
    "v",
    "event",
    "article",
    "compare_a",
    "compare_b",
    "q",
    "x",
)
_VALUES = (
    "https://127.0.0.2/login",
    "http://example.com/x.png",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![x](http://example.com/p.png)",
    "[click](javascript:alert(1))",
    "javascript:alert(1)",
    "\"'><svg onload=alert(1)>",
    "../../etc/passwd",
    "%00%0d%0a",
    "1800-01-01",
    "9999-12-31",
    "2024-02-30",
    "RU",
    "ru",
    "ZZ",
    "ﬁ" * 50,
    "A" * 3000,
    "${7*7}{{7*7}}",
    "🤝" * 20,
)


def hostile_urls(n: int, seed: int = 13) -> list[str]:
    """`n` reproducible hostile paths+queries (seeded): markup, links, bad dates, unknown
    keys and pages, huge and odd values; the first ones cover every value once."""
    import random
    from urllib.parse import quote

    rng = random.Random(seed)
    urls = []
    for i in range(n):
        path = _PATHS[i % len(_PATHS)]
        pairs = [(rng.choice(_KEYS), _VALUES[i % len(_VALUES)])]
        pairs += [(rng.choice(_KEYS), rng.choice(_VALUES)) for _ in range(rng.randint(0, 3))]
        query = "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in pairs)
        urls.append(f"{path}?{query}")
    return urls


def visit_hostile(page: object, base: str, path: str, events: PageEvents) -> list[str]:
    """Open one hostile URL and return what went wrong (empty when nothing did)."""
    from playwright.sync_api import Error, expect

    problems: list[str] = []
    response = page.goto(base + path)  # type: ignore[attr-defined]
    if response is not None and response.status >= 400:
        return []  # refused by the server (an over-long URL): nothing rendered or ran
    app = page.get_by_test_id("stApp")  # type: ignore[attr-defined]
    try:
        expect(app).to_have_attribute("data-test-script-state", "notRunning")
    except (AssertionError, Error) as exc:
        return [f"{path[:120]}: no finished run ({str(exc)[:80]})"]
    if page.get_by_test_id("stException").count():  # type: ignore[attr-defined]
        problems.append(f"{path}: exception shown")
    sidebar = page.get_by_test_id("stSidebar")  # type: ignore[attr-defined]
    links = sidebar.locator(".entente-notice a, [data-testid=stAlert] a")
    if links.count():
        problems.append(f"{path}: a live link in a notice")
    if events.dialogs or events.external_requests:
        problems.append(f"{path}: {events.dialogs} {events.external_requests}")
    return problems
