"""The scanned articles' texts, on disk while a build processes them.

The build needs every article's metadata all along, but an article's text only twice: when
its batch is sent to a worker, and when the articles table is assembled. Held in memory for
the whole build, the texts made the build process grow with the corpus (about 7.5 KB an
article: 70 MB at 10,000 articles, 700 MB at 100,000) while the workers ran; spooled to an
unnamed file beside the cache, memory holds only the batches in flight.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO

from core.ingest.article import Article


class TextSpool:
    """Texts by article id in one unnamed temporary file (gone when closed, or when the
    build dies): `put` writes an article's text and returns the article without it,
    `text` reads it back, `restore` gives the articles their texts again."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed by close)
        self._where: dict[str, tuple[int, int]] = {}
        self._end = 0

    def put(self, article: Article) -> Article:
        data = article.text.encode("utf-8")
        self._file.seek(self._end)
        self._file.write(data)
        self._where[article.article_id] = (self._end, len(data))
        self._end += len(data)
        return dataclasses.replace(article, text="")

    def text(self, article_id: str) -> str:
        offset, size = self._where[article_id]
        self._file.seek(offset)
        data = self._file.read(size)
        if len(data) != size:
            raise OSError(f"text spool truncated at article {article_id}")
        return data.decode("utf-8")

    def restore(self, articles: list[Article]) -> list[Article]:
        return [dataclasses.replace(a, text=self.text(a.article_id)) for a in articles]

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> TextSpool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
