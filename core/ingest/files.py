"""The corpus folder is a trust boundary: only regular files directly inside it are read.

Symbolic links are refused (a link to /etc/passwd must not become an article, a link
loop must not crash a scan), and FIFOs, sockets, devices and directories named like
articles are named and skipped. Entries are classified with lstat, and files are opened
with O_NOFOLLOW | O_NONBLOCK and checked again with fstat, so a file swapped for a FIFO
or a link between the check and the read can neither hang nor escape the folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

from core.ingest.manifest import MANIFEST_NAME, IngestError, suffix_problem

_READ_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class Entry(NamedTuple):
    """A regular file of the corpus folder, with what change detection needs."""

    path: Path
    size: int
    mtime_ns: int


def not_regular(mode: int) -> str | None:
    """What a non-regular file is ('a symbolic link', 'a FIFO'...), None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    return next((name for check, name in _KINDS if check(mode)), "not a regular file")


def read_regular(path: Path, limit: int) -> bytes:
    """Bytes of a regular file (never a link, FIFO or device), at most `limit` bytes;
    raises IngestError naming the file and the problem."""
    name = Path(path).name
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise IngestError(name, _open_problem(path, exc)) from None
    try:
        info = os.fstat(fd)
        kind = not_regular(info.st_mode)
        if kind:
            raise IngestError(name, f"is {kind}, not a regular file; skipped")
        if info.st_size > limit:
            size = f"{info.st_size:,}"
            raise IngestError(name, f"file is {size} bytes, over the {limit:,}-byte limit")
        return _read_all(fd, name, limit)
    except OSError as exc:
        raise IngestError(name, f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _read_all(fd: int, name: str, limit: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    while chunk := os.read(fd, _READ_CHUNK):
        total += len(chunk)
        if total > limit:  # the file grew while it was read
            raise IngestError(name, f"file is over the {limit:,}-byte limit")
        parts.append(chunk)
    return b"".join(parts)


def _open_problem(path: Path, exc: OSError) -> str:
    try:
        kind = not_regular(os.lstat(path).st_mode)
    except OSError:
        kind = None
    if kind:
        return f"is {kind}, not a regular file; skipped"
    return f"cannot read file: {exc.strerror or exc}"


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
