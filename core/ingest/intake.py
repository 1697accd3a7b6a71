"""Adding articles to a corpus (dashboard upload/paste, `python -m core add`). Every
add goes through the ingest checks, never overwrites a different file, skips texts the
corpus already holds, and writes file and manifest row atomically under a lock file so
that concurrent adds all land."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from filelock import FileLock, Timeout

from core import config
from core.atomic import atomic_write_bytes
from core.ingest.article import Article, IngestError, article_from_bytes
from core.ingest.files import read_regular
from core.ingest.known import known_ids, remember
from core.ingest.manifest import (
    COLUMNS,
    MANIFEST_NAME,
    ManifestRow,
    file_name_problem,
    manifest_bytes,
    read_manifest_records,
    row_from_fields,
    suffix_problem,
)
from core.text.fold import strip_accents
from core.text.html import extract
from core.text.normalize import normalize

LOCK_NAME = ".entente.lock"
_SLUG_MAX = 60

Meta = Mapping[str, str | None]


@dataclass
class AddResult:
    """What an add did: files written, texts already present, and refusals."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)

    def extend(self, other: AddResult) -> None:
        """Merge another result into this one (several files added in one call)."""
        self.added.extend(other.added)
        self.duplicates.extend(other.duplicates)
        self.errors.extend(other.errors)


@contextmanager
def corpus_lock(corpus_dir: Path):
    """Exclusive lock on the corpus folder (a hidden lock file the scan ignores); waits
    at most ENTENTE_LOCK_TIMEOUT seconds, then raises IngestError saying so."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    timeout = config.lock_timeout()
    try:
        lock = FileLock(str(corpus_dir / LOCK_NAME), timeout=timeout)
        lock.acquire()
    except Timeout:
        raise IngestError(
            corpus_dir.name,
            f"the corpus folder is busy (another add has held its lock for over {timeout:g} s);"
            " nothing was added, try again",
        ) from None
    try:
        yield
    finally:
        lock.release()


def free_name(corpus_dir: Path, name: str) -> str:
    """`name`, or `stem-2.ext`, `stem-3.ext`... : the first name not taken in the folder."""
    path = Path(name)
    candidate, counter = name, 1
    while os.path.lexists(corpus_dir / candidate):
        counter += 1
        candidate = f"{path.stem}-{counter}{path.suffix}"
    return candidate


def slugify(text: str) -> str:
    """ASCII file-name stem from a title: 'Coopération navale ?' -> 'cooperation-navale'."""
    ascii_text = strip_accents(text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:_SLUG_MAX].rstrip("-")


def _append_manifest(corpus_dir: Path, row: ManifestRow) -> None:
    """Add one row, rewriting existing rows verbatim (even ones with errors) so nothing
    already stored is lost; missing standard columns are added to the header."""
    path = corpus_dir / MANIFEST_NAME
    header: list[str] = []
    records: list[dict[str, str]] = []
    if path.exists():
        header, numbered = read_manifest_records(path)
        records = [record for _, record in numbered]
    header = [column for column in header if column] or []
    header += [column for column in COLUMNS if column not in header]
    new = {column: getattr(row, column) for column in COLUMNS}
    atomic_write_bytes(path, manifest_bytes(header, [*records, new]))


def _validated_meta(name: str, meta: Meta | None) -> tuple[ManifestRow, list[IngestError]]:
    """Metadata given by a user: bad values refuse the add (the user can fix them)."""
    unknown = sorted(set(meta or {}) - set(COLUMNS) - {"file"})
    row, errors = row_from_fields(dict(meta or {}), file=name)
    if unknown:
        errors.append(IngestError(name, f"unknown metadata field(s): {', '.join(unknown)}"))
    return row, errors


def _add_locked(
    name: str,
    data: bytes,
    corpus_dir: Path,
    meta: Meta | None,
    max_bytes: int | None,
    known: dict[str, str],
) -> AddResult:
    """One add, the corpus lock held and `known` (ids present) up to date."""
    result = AddResult()
    problem = file_name_problem(name) or suffix_problem(name)
    if problem:
        result.errors.append(IngestError(name or "?", problem))
        return result
    row, meta_errors = _validated_meta(name, meta)
    if meta_errors:
        result.errors.extend(meta_errors)
        return result
    try:
        article: Article = article_from_bytes(data, file=name, meta=row, max_bytes=max_bytes)
    except IngestError as exc:
        result.errors.append(exc)
        return result
    if article.article_id in known:
        result.duplicates.append(f"{name}: same text as {known[article.article_id]}, not added")
        return result
    target = free_name(corpus_dir, name)
    path = corpus_dir / target
    atomic_write_bytes(path, data)
    try:
        _append_manifest(corpus_dir, replace(row, file=target))
    except BaseException:
        path.unlink(missing_ok=True)  # no file without its manifest row
        raise
    known[article.article_id] = target
    remember(corpus_dir, target, article.article_id)
    result.added.append(target)
    return result


def add_content(
    name: str,
    data: bytes,
    corpus_dir: Path,
    meta: Meta | None = None,
    *,
    max_bytes: int | None = None,
) -> AddResult:
    """Add one file's bytes under `name` (meta keys: title, outlet, url, published,
    language). HTML is stored as uploaded; text is extracted when the corpus is read."""
    corpus_dir = Path(corpus_dir)
    try:
        with corpus_lock(corpus_dir):
            return _add_locked(name, data, corpus_dir, meta, max_bytes, known_ids(corpus_dir))
    except IngestError as exc:
        return AddResult(errors=[exc])
    except OSError as exc:
        return AddResult(errors=[IngestError(name or "?", f"could not write: {exc}")])


def _derived_name(text: str, meta: Meta | None, is_html: bool) -> str:
    """File name for pasted content: slug of the title (given, HTML, first line) or a hash."""
    suffix = ".html" if is_html else ".txt"
    title = (meta or {}).get("title")
    if not title:
        title = extract(text).title if is_html else normalize(text).split("\n", 1)[0][:120]
    stem = slugify(title or "")
    if not stem:
        stem = "article-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return stem + suffix


def add_text(
    text: str,
    corpus_dir: Path,
    meta: Meta | None = None,
    *,
    is_html: bool = False,
    name: str | None = None,
    max_bytes: int | None = None,
) -> AddResult:
    """Add pasted text or HTML; a safe file name is derived when none is given."""
    if name:
        if not Path(name).suffix:
            name += ".html" if is_html else ".txt"
    else:
        name = _derived_name(text, meta, is_html)
    return add_content(name, text.encode("utf-8"), corpus_dir, meta, max_bytes=max_bytes)


def add_files(
    paths: Sequence[Path],
    corpus_dir: Path,
    meta: Meta | None = None,
    *,
    max_bytes: int | None = None,
) -> AddResult:
    """Add files from disk (same metadata for all), under one lock; each file succeeds
    or fails on its own."""
    corpus_dir = Path(corpus_dir)
    limit = config.max_bytes() if max_bytes is None else max_bytes
    result = AddResult()
    try:
        with corpus_lock(corpus_dir):
            known = known_ids(corpus_dir)
            for path in map(Path, paths):
                result.extend(_add_one_file(path, corpus_dir, meta, limit, known))
    except IngestError as exc:
        result.errors.append(exc)
    return result


def _add_one_file(
    path: Path, corpus_dir: Path, meta: Meta | None, limit: int, known: dict[str, str]
) -> AddResult:
    """One file from disk (read without following links or blocking on a FIFO)."""
    try:
        data = read_regular(path, limit)
        return _add_locked(path.name, data, corpus_dir, meta, limit, known)
    except IngestError as exc:
        return AddResult(errors=[exc])
    except OSError as exc:
        return AddResult(errors=[IngestError(path.name, f"could not write: {exc}")])
