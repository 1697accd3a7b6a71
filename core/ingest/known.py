"""Which texts the corpus already holds, for `add`'s duplicate check, without re-reading
the corpus on every add: a hidden index in the corpus folder remembers each file's size,
mtime and article id, so an add reads only the files that changed since the last one.

The index is a cache, never a source of truth: it is keyed by the code and data that
decide an article's cleaned text, and an unreadable index is rebuilt from the files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from core import config
from core.atomic import atomic_write_bytes
from core.ingest.article import article_from_bytes
from core.ingest.files import Entry, corpus_entries, read_regular
from core.ingest.manifest import IngestError

INDEX_NAME = ".entente-ids.json"
_NO_ID = ""  # a file that is not a valid article (remembered so it is not re-read)


@lru_cache(maxsize=1)
def text_version() -> str:
    """Hash of the code and data that turn a file into its cleaned text (and id)."""
    core = config.ROOT / "core"
    files = sorted([*(core / "text").glob("*.py"), *(core / "ingest").glob("*.py")])
    files += sorted(config.DATA_DIR.glob("boilerplate*"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _load(corpus_dir: Path) -> dict[str, list[object]]:
    try:
        raw = json.loads((corpus_dir / INDEX_NAME).read_text(encoding="utf-8"))
        if raw.get("version") == text_version() and isinstance(raw.get("files"), dict):
            return dict(raw["files"])
    except (OSError, ValueError, AttributeError):
        pass
    return {}


def _article_id(entry: Entry, limit: int) -> str:
    try:
        data = read_regular(entry.path, limit)
        return article_from_bytes(data, file=entry.path.name, max_bytes=limit).article_id
    except IngestError:
        return _NO_ID


def known_ids(corpus_dir: Path) -> dict[str, str]:
    """article_id -> file name for every readable article of the corpus; only files whose
    size or mtime changed since the last call are read. Call it under the corpus lock."""
    corpus_dir = Path(corpus_dir)
    limit = config.max_bytes()
    index = _load(corpus_dir)
    entries, _ = corpus_entries(corpus_dir) if corpus_dir.is_dir() else ([], [])
    fresh: dict[str, list[object]] = {}
    for entry in entries:
        name = entry.path.name
        cached = index.get(name)
        if isinstance(cached, list) and cached[:2] == [entry.size, entry.mtime_ns]:
            fresh[name] = cached
        else:
            fresh[name] = [entry.size, entry.mtime_ns, _article_id(entry, limit)]
    if fresh != index:
        payload = {"version": text_version(), "files": fresh}
        with contextlib.suppress(OSError):  # only a cache: the next add reads the files
            atomic_write_bytes(corpus_dir / INDEX_NAME, json.dumps(payload).encode("utf-8"))
    known: dict[str, str] = {}
    for name, (_, _, article_id) in fresh.items():
        if article_id:
            known.setdefault(str(article_id), name)
    return known


def remember(corpus_dir: Path, name: str, article_id: str) -> None:
    """Record a file just written by an add, so the next add does not read it back."""
    path = Path(corpus_dir) / name
    index = _load(Path(corpus_dir))
    try:
        info = path.lstat()
    except OSError:
        return
    index[name] = [info.st_size, info.st_mtime_ns, article_id]
    payload = {"version": text_version(), "files": index}
    with contextlib.suppress(OSError):
        atomic_write_bytes(Path(corpus_dir) / INDEX_NAME, json.dumps(payload).encode("utf-8"))
