"""The build's caches, under OUT/cache/: per-article extraction rows (JSON, keyed by
article hash and pipeline version) and the cleaned articles of the last scan (keyed by
file name, size, mtime and metadata). Both are caches: anything unreadable is redone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.atomic import atomic_write_bytes
from core.build.version import pipeline_version
from core.ingest.article import Article

CACHE = "cache"


def cache_path(out_dir: Path, article: Article) -> Path:
    return Path(out_dir) / CACHE / f"{article.article_id}-{pipeline_version()}.json"


def load_cached_rows(
    out_dir: Path, articles: list[Article]
) -> tuple[dict[str, dict[str, Any]], list[Article]]:
    """(cached rows by article id, the articles that have none and must be processed)."""
    rows: dict[str, dict[str, Any]] = {}
    todo: list[Article] = []
    for article in articles:
        cached = _load_cached(out_dir, article)
        if cached is None:
            todo.append(article)
        else:
            rows[article.article_id] = cached
    return rows, todo


def prune_cache(out_dir: Path, keep: set[str]) -> None:
    """Drop cached rows of articles that changed or left the corpus, and of old versions."""
    for path in (Path(out_dir) / CACHE).glob("*.json"):
        if path.name not in keep and not path.name.startswith("ingest-"):
            path.unlink(missing_ok=True)
    for path in (Path(out_dir) / CACHE).glob("ingest-*.json"):
        if path != _ingest_cache_path(out_dir):
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


def _load_cached(out_dir: Path, article: Article) -> dict[str, Any] | None:
    try:
        return json.loads(cache_path(out_dir, article).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_rows(out_dir: Path, article: Article, rows: dict[str, Any]) -> None:
    """Cache one article's extraction rows (atomically: a kill never leaves half a file)."""
    atomic_write_bytes(cache_path(out_dir, article), json.dumps(rows).encode("utf-8"))
