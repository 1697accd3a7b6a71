"""Build: corpus folder in, the five Parquet tables out.

Per-article work (spaCy + extraction) is cached as typed rows keyed by article hash and
pipeline version (core/build/cache.py), so an unchanged article is never processed twice; only the
cross-article steps (actor merging, clustering) rerun, and a corpus whose files and
manifest have not changed since the last build is not even re-read. spaCy is imported
only when an article needs processing (a build that only drops articles never loads it).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core import config
from core.build.batch_task import CacheTarget, Written
from core.build.cache import RowCache
from core.build.caches import CACHE, load_ingest_cache, prune_json_cache, save_ingest_cache
from core.build.corrections_store import CorrectionsBusy, write_built_tables
from core.build.dashboard_db import count_events, duckdb_events, make_database
from core.build.gc_pause import gc_frozen, gc_paused, trim_heap
from core.build.guard import assemble_guarded, storage_message
from core.build.locking import BuildBusy, build_lock
from core.build.runner import Engine, TextOf, run
from core.build.schema import TABLES
from core.build.store import STAMP, tables_exist
from core.build.text_spool import TextSpool
from core.build.version import pipeline_version
from core.build.worker import Failure
from core.ingest.article import Article, scan_corpus
from core.nlp.models import expected_pipeline

Progress = Callable[[int, int, str], None]
"""progress(done, total, message): called as articles are processed."""

__all__ = ["CACHE", "STAMP", "BuildReport", "build", "corpus_fingerprint", "needs_build"]


@dataclass
class BuildReport:
    """What a build did: counts, the bad files with their reasons, and the time it took."""

    processed: int = 0
    reused: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: bool = False
    fatal: str | None = None


def corpus_fingerprint(articles_dir: Path) -> str:
    """Names, types, sizes and mtimes of every entry of the corpus folder (lstat: links
    are never followed, so a link loop cannot break it): cheap change detection."""
    digest = hashlib.sha256(pipeline_version().encode())
    try:
        with os.scandir(articles_dir) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        entries = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        line = f"{entry.name}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}\n"
        digest.update(line.encode())
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

    Bad files (and articles whose processing fails) are reported in `errors` and skipped;
    with `strict` a bad file makes the build stop before anything is written. One build
    at a time per tables folder: a second one waits, then usually has nothing to do. A
    failed write (full disk) is `fatal`; the previous tables stay in place.
    `engine="dask"` runs the per-article step on a Dask cluster (core/build/engine_dask.py).
    """
    started = time.perf_counter()
    articles_dir, out_dir = Path(articles_dir), Path(out_dir)
    report = BuildReport()
    try:
        with build_lock(out_dir):
            _build(articles_dir, out_dir, report, Engine(jobs, engine, scheduler), progress, strict)
    except (BuildBusy, CorrectionsBusy) as exc:
        report.fatal = str(exc)
    except OSError as exc:
        report.fatal = storage_message(exc, out_dir)
    if report.fatal:  # also among the errors, which every caller already shows
        report.errors.append(report.fatal)
    report.seconds = time.perf_counter() - started
    return report


def _build(
    articles_dir: Path,
    out_dir: Path,
    report: BuildReport,
    engine: Engine,
    progress: Progress | None,
    strict: bool,
) -> None:
    fingerprint = corpus_fingerprint(articles_dir)
    previous = read_stamp(out_dir)
    if tables_exist(out_dir) and previous.get("fingerprint") == fingerprint:
        report.reused = previous.get("articles", 0)
        report.errors = previous.get("errors", [])
        report.skipped = True
        return
    ingest_cache = load_ingest_cache(out_dir)
    articles, errors = scan_corpus(articles_dir, max_bytes=config.max_bytes(), cache=ingest_cache)
    report.errors = [str(e) for e in errors]
    if strict and errors:
        return
    save_ingest_cache(out_dir, ingest_cache, articles)
    ingest_cache.clear()  # its articles hold their texts: only the spool keeps them now
    articles = _unique(articles, report)
    report.warnings = [_flag_message(a, flag) for a in articles for flag in a.flags]
    row_cache = RowCache(out_dir / CACHE, pipeline_version())
    with TextSpool(out_dir / CACHE) as spool, gc_frozen():
        articles = [spool.put(a) for a in articles]
        trim_heap()  # the texts' memory goes back to the system while the workers run
        articles = _rows(row_cache, articles, report, engine, progress, spool.text)
        articles = spool.restore(articles)  # the articles table holds the texts
        with gc_paused():
            frames, left_out = assemble_guarded(articles, row_cache)
        _report_failures(report, left_out)
        dropped = {f.article_id for f in left_out}
        articles = [a for a in articles if a.article_id not in dropped]
        stamp = {
            "fingerprint": fingerprint,
            "articles": len(articles),
            "errors": report.errors,
            "pipeline_version": pipeline_version(),
            "tables": list(TABLES),
        }
        with gc_paused():
            # analysts' corrections are applied to the new tables here
            write_built_tables(out_dir, frames, stamp=json.dumps(stamp, indent=1).encode("utf-8"))
    row_cache.prune({a.article_id for a in articles})
    prune_json_cache(out_dir)
    _prepare_dashboard(out_dir, report, progress)


def _prepare_dashboard(out_dir: Path, report: BuildReport, progress: Progress | None) -> None:
    """Tables big enough for the DuckDB dashboard get its database now, not while the
    first dashboard session waits (minutes at 10M events); a failure only defers it."""
    if count_events(out_dir) <= duckdb_events():
        return
    if progress:
        progress(report.processed, report.processed, "preparing the dashboard's database")
    try:
        make_database(out_dir)
    except Exception as exc:  # the tables are published: the dashboard makes it later
        report.warnings.append(f"{out_dir}: dashboard database not made now ({exc})")


def _rows(
    row_cache: RowCache,
    articles: list[Article],
    report: BuildReport,
    engine: Engine,
    progress: Progress | None,
    text_of: TextOf,
) -> list[Article]:
    """The articles that have rows, once every article is processed and the models are
    released: the rows stay in the cache's partitions (or, refused by its layout, in
    `row_cache.refused`), which the assembly reads column by column. Rows made under
    other manifest metadata (language, date) are made again, as are those of a partition
    found damaged when read."""
    failed: set[str] = set()
    for _ in range(2):
        made = row_cache.inputs(a.article_id for a in articles)
        todo = [a for a in articles if made.get(a.article_id) != _inputs(a)]
        if not report.processed:
            report.reused = len(articles) - len(todo)
        failed |= _process(row_cache, len(articles), todo, report, engine, progress, text_of)
        articles = [a for a in articles if a.article_id not in failed]
        _release_models()
        have = row_cache.check(a.article_id for a in articles) | set(row_cache.refused)
        if all(a.article_id in have for a in articles):
            break
    return [a for a in articles if a.article_id in have]


def _release_models() -> None:
    """Free the spaCy models a `--jobs 1` build loaded in this process before the tables
    are assembled (pool and cluster workers are gone by now), and hand the freed heap
    back to the system: glibc keeps it otherwise, and the assembly's peak stacks on it."""
    if "core.nlp.pipeline" in sys.modules:
        sys.modules["core.nlp.pipeline"].load_pipeline.cache_clear()
        gc.collect()
        trim_heap()


def _process(
    row_cache: RowCache,
    total: int,
    todo: list[Article],
    report: BuildReport,
    engine: Engine,
    progress: Progress | None,
    text_of: TextOf,
) -> set[str]:
    """Run the worker on `todo`, its rows streamed into the cache (written by the Dask
    workers themselves when they see the cache folder); the ids that failed."""
    if not todo:
        return set()
    if progress:
        progress(total - len(todo), total, f"{len(todo)} article(s) to process")
    failed: set[str] = set()
    target = CacheTarget(*row_cache.probe()) if engine.name == "dask" else None
    for result in run(todo, engine, text_of, target):
        if isinstance(result, Written):
            row_cache.adopt(result.partition, result.article_ids)
            report.processed += len(result.article_ids)
            result = list(result.rest)
        for item in result:
            if isinstance(item, Failure):
                _report_failures(report, [item])
                failed.add(item.article_id)
                continue
            row_cache.add(item)
            report.processed += 1
        if progress:
            done = total - len(todo) + report.processed + len(failed)
            progress(done, total, f"processed {report.processed} of {len(todo)}")
    row_cache.save_index()
    return failed


def _inputs(article: Article) -> tuple[str | None, ...]:
    """What besides the text decides an article's rows: the manifest's language and date,
    and the pipeline that language gets now (a model installed since rows were made by
    the blank pipeline makes them stale)."""
    return (article.language, article.published, expected_pipeline(article.language))


def _report_failures(report: BuildReport, failures: list[Failure]) -> None:
    report.errors.extend(f"{f.file}: {f.reason}; skipped" for f in failures)


def _flag_message(article: Article, flag: str) -> str:
    kind, _, value = flag.partition(":")
    if kind == "unsupported_language":
        return f"{article.file}: language '{value}' is not supported; processed by rules only"
    if kind == "text_repaired":
        return f"{article.file}: {value}"
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
