"""The extractor's version: a hash of its code and of the data it reads.

Every cached article row and every share link carries it, so changing a rule, a cue word
or a gazetteer entry invalidates the cache and tells an old link that the figures moved.
No module list is kept by hand: every file of the packages that turn one article into
rows is hashed, and every data file except the corpus and the map shapes.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from core import config

SCHEMA_VERSION = "2"
# The packages whose code decides what an article's cached rows contain.
EXTRACTION_PACKAGES = ("text", "ingest", "nlp", "extract")
# Folders of data/ that the extractor never reads (the corpus itself, built tables, map shapes).
_NOT_EXTRACTOR_DATA = ("articles", "processed", "geo")


def _files(root: Path, pattern: str) -> list[Path]:
    return sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)


def extractor_files() -> list[Path]:
    """Every code and data file that an article's extraction depends on."""
    core = config.ROOT / "core"
    code = [f for pkg in EXTRACTION_PACKAGES for f in _files(core / pkg, "*.py")]
    code += [core / "config.py", core / "atomic.py"]
    data = [
        f
        for f in _files(config.DATA_DIR, "*")
        if f.relative_to(config.DATA_DIR).parts[0] not in _NOT_EXTRACTOR_DATA
    ]
    return code + data


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """`SCHEMA-<10 hex>`: changes whenever any extractor file changes."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in extractor_files():
        digest.update(path.relative_to(config.ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"{SCHEMA_VERSION}-{digest.hexdigest()[:10]}"
