"""Build: corpus folder in, the five Parquet tables out.

Per-article work (spaCy + extraction) is cached in Parquet partitions keyed by article
hash and pipeline version (core/build/cache.py), so an unchanged article is never
processed twice; only the cross-article steps (actor merging, clustering) rerun, and a
corpus whose files and manifest have not changed since the last build is not even
re-read. spaCy is imported only when an article needs processing (a build that only
drops articles never loads it).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core import config
from core.atomic import atomic_write_bytes
from core.build.assemble import assemble
from core.build.cache import RowCache
from core.build.schema import TABLES
from core.build.store import tables_exist, write_tables
from core.build.version import pipeline_version
from core.ingest.article import Article, scan_corpus

Progress = Callable[[int, int, str], None]
"""progress(done, total, message): called as articles are processed."""

STAMP = "build.json"
CACHE = "cache"
_BATCH = 16


@dataclass
class BuildReport:
    """What a build did: counts, the bad files with their reasons, and the time it took."""

    processed: int = 0
    reused: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: bool = False


def corpus_fingerprint(articles_dir: Path) -> str:
    """Names, sizes and mtimes of every file in the corpus folder: cheap change detection."""
    digest = hashlib.sha256(pipeline_version().encode())
    if Path(articles_dir).is_dir():
        for entry in sorted(os.scandir(articles_dir), key=lambda e: e.name):
            if entry.is_file() and not entry.name.startswith("."):
                stat = entry.stat()
                digest.update(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def read_stamp(out_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((Path(out_dir) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def needs_build(articles_dir: Path, out_dir: Path) -> bool:
    """Cheap check (no spaCy): do the tables miss, or has the corpus changed since?"""
    if not tables_exist(out_dir):
        return True
    return read_stamp(out_dir).get("fingerprint") != corpus_fingerprint(articles_dir)


def _process_batch(batch: list[tuple[str, str, str, str | None]]) -> list[dict[str, Any]]:
    """Worker: spaCy + extraction for (article_id, text, language, published) tuples."""
    from core.extract.article import extract
    from core.extract.known_people import known_people
    from core.nlp.pipeline import load_pipeline

    known = known_people()
    out: list[dict[str, Any]] = []
    by_lang: dict[str, list[tuple[str, str, str, str | None]]] = {}
    for item in batch:
        by_lang.setdefault(item[2], []).append(item)
    for language, items in by_lang.items():
        nlp = load_pipeline(language)
        docs = nlp.pipe(item[1] for item in items)
        for item, doc in zip(items, docs, strict=True):
            out.append(extract(doc, item[0], language, item[3], known=known).to_dict())
    return out


def _batches(
    articles: list[Article], size: int
) -> Iterator[list[tuple[str, str, str, str | None]]]:
    for i in range(0, len(articles), size):
        yield [(a.article_id, a.text, a.language, a.published) for a in articles[i : i + size]]


def _run(
    todo: list[Article], jobs: int, engine: str = "local", scheduler: str | None = None
) -> Iterator[list[dict[str, Any]]]:
    # Small corpora get small batches so progress moves article by article.
    size = max(1, min(_BATCH, len(todo) // (max(jobs, 1) * 4)))
    if engine == "dask" and todo:
        from core.build.engine_dask import run_on_dask

        yield from run_on_dask(
            _process_batch, _batches(todo, size), scheduler=scheduler, workers=jobs
        )
        return
    if jobs <= 1 or len(todo) <= _BATCH:
        for batch in _batches(todo, size):
            yield _process_batch(batch)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_process_batch, _batches(todo, size))


def build(
    articles_dir: Path,
    out_dir: Path,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    strict: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
) -> BuildReport:
    """Process new or changed articles, reuse cached rows for the rest, write the tables.

    Bad files are reported in `errors` and skipped; with `strict` a bad file makes the
    build stop before anything is written. `engine="dask"`: see core/build/engine_dask.py.
    """
    started = time.perf_counter()
    articles_dir, out_dir = Path(articles_dir), Path(out_dir)
    report = BuildReport()
    fingerprint = corpus_fingerprint(articles_dir)
    previous = read_stamp(out_dir)
    if tables_exist(out_dir) and previous.get("fingerprint") == fingerprint:
        report.reused = previous.get("articles", 0)
        report.errors = previous.get("errors", [])
        report.skipped = True
        report.seconds = time.perf_counter() - started
        return report
    ingest_cache = _load_ingest_cache(out_dir)
    articles, errors = scan_corpus(articles_dir, max_bytes=config.max_bytes(), cache=ingest_cache)
    report.errors = [str(e) for e in errors]
    if strict and errors:
        report.seconds = time.perf_counter() - started
        return report
    _save_ingest_cache(out_dir, ingest_cache, articles)
    articles = _unique(articles, report)
    report.warnings = [_flag_message(a, flag) for a in articles for flag in a.flags]
    row_cache = RowCache(out_dir / CACHE, pipeline_version())
    with _gc_paused():
        rows, todo = _load_cached_rows(row_cache, articles)
    report.reused = len(rows)
    total = len(articles)
    if progress:
        progress(len(rows), total, f"{len(todo)} article(s) to process")
    with _gc_frozen():
        for result in _run(todo, jobs, engine, scheduler):
            for item in result:
                rows[item["article_id"]] = item
                row_cache.add(item)
                report.processed += 1
            if progress:
                progress(len(rows), total, f"processed {report.processed} of {len(todo)}")
        row_cache.flush()
        with _gc_paused():
            frames = assemble(articles, rows)
            write_tables(out_dir, frames)
    stamp = {
        "fingerprint": fingerprint,
        "articles": len(articles),
        "errors": report.errors,
        "pipeline_version": pipeline_version(),
        "tables": list(TABLES),
    }
    atomic_write_bytes(out_dir / STAMP, json.dumps(stamp, indent=1).encode("utf-8"))
    row_cache.prune({a.article_id for a in articles})
    _prune_cache(out_dir)
    report.seconds = time.perf_counter() - started
    return report


def _load_cached_rows(
    row_cache: RowCache, articles: list[Article]
) -> tuple[dict[str, dict[str, Any]], list[Article]]:
    """(cached rows by article id, the articles that have none and must be processed)."""
    rows = row_cache.load(a.article_id for a in articles)
    return rows, [a for a in articles if a.article_id not in rows]


# The cached rows of a big corpus are millions of small dicts and lists that form no
# cycles and live until the tables are written. CPython's cyclic collector would rescan
# them while they are read (about 40 % of the reading time), again at every full
# collection while spaCy loads and runs, and while the tables are assembled.
@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block (for allocation bursts that make no cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _gc_frozen() -> Iterator[None]:
    """What is alive when the block starts is out of the cyclic collector's reach until it
    ends (reference counting still frees it); new objects are collected as usual."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _prune_cache(out_dir: Path) -> None:
    """Drop per-article JSON rows of older builds, and ingest caches of old versions."""
    for path in (Path(out_dir) / CACHE).glob("*.json"):
        if not path.name.startswith("ingest-"):
            path.unlink(missing_ok=True)
    for path in (Path(out_dir) / CACHE).glob("ingest-*.json"):
        if path != _ingest_cache_path(out_dir):
            path.unlink(missing_ok=True)


def _ingest_cache_path(out_dir: Path) -> Path:
    return Path(out_dir) / CACHE / f"ingest-{pipeline_version()}.json"


def _load_ingest_cache(out_dir: Path) -> dict[str, Article]:
    """Cleaned articles from the last build, keyed by file name, size, mtime and metadata."""
    try:
        raw = json.loads(_ingest_cache_path(out_dir).read_text(encoding="utf-8"))
        return {k: Article(**{**v, "flags": tuple(v["flags"])}) for k, v in raw.items()}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def _save_ingest_cache(out_dir: Path, cache: dict[str, Article], used: list[Article]) -> None:
    """Keep only the entries this scan used, so renamed or edited files do not pile up."""
    kept = {id(a) for a in used}
    # vars(), not asdict(): Article's fields are flat, and asdict deep-copies every text.
    live = {k: vars(a) for k, a in cache.items() if id(a) in kept}
    atomic_write_bytes(_ingest_cache_path(out_dir), json.dumps(live).encode("utf-8"))


def _flag_message(article: Article, flag: str) -> str:
    kind, _, value = flag.partition(":")
    if kind == "unsupported_language":
        return f"{article.file}: language '{value}' is not supported; processed by rules only"
    if kind == "language_unknown":
        return f"{article.file}: language not recognised; processed by rules only"
    return f"{article.file}: {flag}"


def _unique(articles: list[Article], report: BuildReport) -> list[Article]:
    """Drop a second file with the same cleaned text (same article_id), naming it."""
    seen: dict[str, str] = {}
    kept = []
    for article in articles:
        if article.article_id in seen:
            report.errors.append(
                f"{article.file}: same text as {seen[article.article_id]}, skipped"
            )
            continue
        seen[article.article_id] = article.file
        kept.append(article)
    return kept
