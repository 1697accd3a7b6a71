"""Reading a file that must be a regular file: opened with O_NOFOLLOW | O_NONBLOCK and
checked with fstat, so a symbolic link is never followed and a FIFO or device never
blocks the reader, even if the entry was swapped after it was listed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

_READ_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class NotReadable(ValueError):
    """Why a file was not read (not a regular file, too large, an OS error)."""


def not_regular(mode: int) -> str | None:
    """What a non-regular file is ('a symbolic link', 'a FIFO'...), None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    return next((name for check, name in _KINDS if check(mode)), "not a regular file")


def read_regular_bytes(path: Path, limit: int) -> bytes:
    """Bytes of a regular file (never a link, FIFO or device), at most `limit` bytes;
    raises NotReadable with the problem."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise NotReadable(_open_problem(path, exc)) from None
    try:
        info = os.fstat(fd)
        kind = not_regular(info.st_mode)
        if kind:
            raise NotReadable(f"is {kind}, not a regular file; skipped")
        if info.st_size > limit:
            size = f"{info.st_size:,}"
            raise NotReadable(f"file is {size} bytes, over the {limit:,}-byte limit")
        return _read_all(fd, limit)
    except OSError as exc:
        raise NotReadable(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _read_all(fd: int, limit: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    while chunk := os.read(fd, _READ_CHUNK):
        total += len(chunk)
        if total > limit:  # the file grew while it was read
            raise NotReadable(f"file is over the {limit:,}-byte limit")
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
