"""The build's small caches, under OUT/cache/: the cleaned articles of the last scan (keyed
by file name, size, mtime and metadata). The per-article extraction rows are the columnar
cache of core/build/cache.py. Both are caches: anything unreadable is redone."""

from __future__ import annotations

import json
from pathlib import Path

from core.atomic import atomic_write_bytes
from core.build.version import pipeline_version
from core.ingest.article import Article

CACHE = "cache"


def prune_json_cache(out_dir: Path) -> None:
    """Drop per-article JSON rows left by builds before the columnar cache
    (core/build/cache.py), and ingest caches of old versions."""
    for path in (Path(out_dir) / CACHE).glob("*.json"):
        if not path.name.startswith("ingest-") or path != _ingest_cache_path(out_dir):
            path.unlink(missing_ok=True)


def _ingest_cache_path(out_dir: Path) -> Path:
    return Path(out_dir) / CACHE / f"ingest-{pipeline_version()}.json"


def load_ingest_cache(out_dir: Path) -> dict[str, Article]:
    """Cleaned articles from the last build, keyed by file name, size, mtime and metadata."""
    try:
        raw = json.loads(_ingest_cache_path(out_dir).read_text(encoding="utf-8"))
        return {k: Article(**{**v, "flags": tuple(v["flags"])}) for k, v in raw.items()}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def save_ingest_cache(out_dir: Path, cache: dict[str, Article], used: list[Article]) -> None:
    """Keep only the entries this scan used, so renamed or edited files do not pile up."""
    kept = {id(a) for a in used}
    # vars(), not asdict(): Article's fields are flat, and asdict deep-copies every text.
    live = {k: vars(a) for k, a in cache.items() if id(a) in kept}
    atomic_write_bytes(_ingest_cache_path(out_dir), json.dumps(live).encode("utf-8"))
