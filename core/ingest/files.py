"""The corpus folder is a trust boundary: only regular files directly inside it are read.

Symbolic links are refused (a link to /etc/passwd must not become an article, a link
loop must not crash a scan), and FIFOs, sockets, devices and directories named like
articles are named and skipped. Entries are classified with lstat, and files are opened
with O_NOFOLLOW | O_NONBLOCK and checked again with fstat, so a file swapped for a FIFO
or a link between the check and the read can neither hang nor escape the folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from core.ingest.manifest import MANIFEST_NAME, IngestError, suffix_problem
from core.ingest.regular import NotReadable, not_regular, read_regular_bytes


class Entry(NamedTuple):
    """A regular file of the corpus folder, with what change detection needs."""

    path: Path
    size: int
    mtime_ns: int


def read_regular(path: Path, limit: int) -> bytes:
    """Bytes of a regular file (never a link, FIFO or device), at most `limit` bytes;
    raises IngestError naming the file and the problem."""
    try:
        return read_regular_bytes(Path(path), limit)
    except NotReadable as exc:
        raise IngestError(Path(path).name, str(exc)) from None


def corpus_entries(articles_dir: Path) -> tuple[list[Entry], list[IngestError]]:
    """Regular article files of a folder (not recursive; hidden files and the manifest
    skipped), sorted by name. Other visible entries with an article suffix, and files of
    other types, are reported, never silently ignored and never opened."""
    entries: list[Entry] = []
    errors: list[IngestError] = []
    with os.scandir(articles_dir) as scan:
        found = sorted(scan, key=lambda e: e.name)
    for entry in found:
        if entry.name.startswith(".") or entry.name == MANIFEST_NAME:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            errors.append(IngestError(entry.name, f"cannot read file: {exc.strerror}; skipped"))
            continue
        kind = not_regular(info.st_mode)
        problem = suffix_problem(entry.name)
        if kind == "a directory" and problem:
            continue  # a sub-folder: not part of the corpus
        if kind:
            reason = f"is {kind}, not a regular file; skipped"
            if kind == "a symbolic link":
                reason += " (only files inside the corpus folder are read)"
            errors.append(IngestError(entry.name, reason))
        elif problem:
            errors.append(IngestError(entry.name, f"{problem}; skipped"))
        else:
            entries.append(Entry(Path(entry.path), info.st_size, info.st_mtime_ns))
    return entries, errors
