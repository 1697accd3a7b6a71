"""Where things live. Paths come from the environment so tests and benchmarks can point
the dashboard and the CLI at another corpus without touching code."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
GEO_DIR = DATA_DIR / "geo"

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def articles_dir() -> Path:
    """The corpus folder (one file per article plus manifest.csv)."""
    return Path(os.environ.get("ENTENTE_ARTICLES", DATA_DIR / "articles"))


def tables_dir() -> Path:
    """Where the built Parquet tables are written and read."""
    return Path(os.environ.get("ENTENTE_TABLES", DATA_DIR / "processed"))


def cache_dir() -> Path:
    """Per-user cache shared by every corpus (ENTENTE_CACHE, else the XDG cache folder):
    things that depend on the installed libraries, not on the articles."""
    if os.environ.get("ENTENTE_CACHE"):
        return Path(os.environ["ENTENTE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "entente"


def max_bytes() -> int:
    """Largest article file accepted, in bytes (ENTENTE_MAX_BYTES, default 5 MB)."""
    raw = os.environ.get("ENTENTE_MAX_BYTES", "")
    return int(raw) if raw.isdigit() else DEFAULT_MAX_BYTES


N = TypeVar("N", int, float)


def number_setting(name: str, default: N, minimum: N | None = None) -> N:
    """A number from the environment variable `name`: `default` when unset or not a
    number of the default's type, raised to `minimum` when below it."""
    try:
        value = type(default)(os.environ.get(name, default))
    except ValueError:
        return default
    return value if minimum is None else max(minimum, value)


DEFAULT_LOCK_TIMEOUT_S = 60.0


def lock_timeout() -> float:
    """Seconds an add or a build waits for the corpus or build lock (ENTENTE_LOCK_TIMEOUT)."""
    return number_setting("ENTENTE_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT_S)


DEFAULT_BUILD_TIMEOUT_S = 3600.0


def build_timeout() -> float:
    """Seconds a build waits for another build of the same tables (ENTENTE_BUILD_TIMEOUT)."""
    return number_setting("ENTENTE_BUILD_TIMEOUT", DEFAULT_BUILD_TIMEOUT_S)


@lru_cache(maxsize=64)
def data_json(path: Path) -> Any:
    """A JSON data file, parsed once per process however many rules read it (read-only:
    callers build their own structures from it and never change it)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
