"""What keeps one article or a full disk from stopping a build with a traceback: the
cross-article assembly retried without the articles it fails on, and storage errors
turned into one message that says what happened and that the previous tables are kept."""

from __future__ import annotations

import errno
from pathlib import Path

import pandas as pd

from core.build.assemble import assemble
from core.build.worker import Failure
from core.extract.rows import ArticleRows
from core.ingest.article import Article


def assemble_guarded(
    articles: list[Article], rows: dict[str, ArticleRows]
) -> tuple[dict[str, pd.DataFrame], list[Failure]]:
    """The tables, and the articles left out because assembling them raised. Assembly is
    tried once for all; only if that fails is each article tried alone to find which."""
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
