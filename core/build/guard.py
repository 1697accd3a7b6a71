"""What keeps one article or a full disk from stopping a build with a traceback: the
cross-article assembly retried without the articles it fails on, and storage errors
turned into one message that says what happened and that the previous tables are kept."""

from __future__ import annotations

import errno
from pathlib import Path

import pandas as pd

from core.build.assemble import assemble
from core.build.assemble_arrow import assemble_tables
from core.build.cache import RowCache
from core.build.cache_layout import loose_table
from core.build.worker import Failure
from core.extract.rows import ArticleRows
from core.ingest.article import Article


def assemble_guarded(
    articles: list[Article], source: RowCache | dict[str, ArticleRows]
) -> tuple[dict[str, pd.DataFrame], list[Failure]]:
    """The tables, and the articles left out because assembling them raised. From a row
    cache the tables are assembled column by column from its partitions (core/build/
    assemble_arrow.py), so no article's rows are ever Python objects; only if that fails
    are the rows loaded and each article tried alone to find which one it is."""
    if isinstance(source, RowCache):
        try:
            return _from_cache(articles, source), []
        except Exception:  # an article's rows broke a corpus-wide step: find it below
            pass
        ids = [a.article_id for a in articles]
        rows = source.load(i for i in ids if i not in source.refused)
        rows.update(source.refused)
    else:
        rows = source
    try:
        return assemble(articles, rows), []
    except Exception:  # an article's rows broke a corpus-wide step: find it below
        pass
    failures: list[Failure] = []
    kept: list[Article] = []
    for article in articles:
        try:
            assemble([article], rows)
            kept.append(article)
        except Exception as exc:
            reason = f"assembling its rows failed ({type(exc).__name__}: {exc})"[:300]
            failures.append(Failure(article.article_id, article.file, reason))
    return assemble(kept, rows), failures


def _from_cache(articles: list[Article], cache: RowCache) -> dict[str, pd.DataFrame]:
    """The tables from the cache's partitions, plus the rows its layout refused (held in
    memory, laid out as a table whose fields may all be null)."""
    ids = [a.article_id for a in articles if a.article_id not in cache.refused]
    partitions = cache.tables(ids)
    if not cache.refused:
        return assemble_tables(articles, partitions)
    held = [cache.refused[a.article_id] for a in articles if a.article_id in cache.refused]
    return assemble_tables(articles, partitions, unchecked=[loose_table(held)])


def storage_message(exc: OSError, out_dir: Path) -> str:
    """A user's message for a failed write of the tables or caches."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        problem = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        problem = "it is not writable"
    else:
        problem = exc.strerror or str(exc)
    return (
        f"{out_dir}: could not write the tables ({problem}); the previous tables are kept "
        "unchanged. Fix this and build again."
    )
