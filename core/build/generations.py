"""Tables of one build: each build's files go into a new generation directory, and one
atomic rename of a symbolic link switches readers from the old generation to the new.

Layout of a tables folder (OUT):

    OUT/generations/<id>/{articles,actors,mentions,events,quotes}.parquet, build.json
                         (a big table is a folder <table>.parquet/part-NNN.parquet)
    OUT/current          -> generations/<id>      (the pointer, replaced by os.replace)
    OUT/<table>.parquet  -> current/<table>.parquet  (fixed links, made once)

A reader that resolves `current` once (store.read_tables does) reads all the tables of
one build; a reader that opens OUT/<table>.parquet by path (the reference scorer) always
gets a whole file of the current build. A build killed at any moment leaves `current`
pointing at the previous, complete generation. The previous generation is kept (a reader
may still be reading it); older ones and abandoned temporary ones are pruned.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from core.atomic import atomic_write_bytes, fsync_dir

GENERATIONS = "generations"
CURRENT = "current"
_KEEP = 2  # the current generation and the one before it
_STALE_TMP_S = 3600.0  # a temporary generation this old belongs to a dead writer


def current_dir(out_dir: Path) -> Path:
    """The folder holding the current build's files: the generation `current` points to,
    or OUT itself for a folder written before generations existed (or never written)."""
    out_dir = Path(out_dir)
    try:
        target = os.readlink(out_dir / CURRENT)
    except OSError:
        return out_dir
    return out_dir / target


def _new_id() -> str:
    return f"{time.time_ns():020d}-{os.getpid()}"


def _switch(out_dir: Path, generation: str) -> None:
    """Point `current` at the generation in one rename (atomic for every reader)."""
    tmp = out_dir / f".{CURRENT}.{os.getpid()}.tmp"
    _link(out_dir, out_dir / CURRENT, f"{GENERATIONS}/{generation}", tmp)
    fsync_dir(out_dir)


def _link_names(out_dir: Path, names: list[str]) -> None:
    """OUT/<name> -> current/<name>, made once; a regular file from the old flat layout
    is replaced by its link (the current generation already holds its new version)."""
    for name in names:
        path = out_dir / name
        if path.is_symlink() and os.readlink(path) == f"{CURRENT}/{name}":
            continue
        _link(out_dir, path, f"{CURRENT}/{name}", out_dir / f".{name}.{os.getpid()}.link")


def _link(out_dir: Path, path: Path, target: str, tmp: Path) -> None:
    """Make `path` a link to `target` in one rename (through `tmp`). A real folder there,
    left by a copy that followed the links (shutil.copytree, cp -L: the `current` pointer,
    a partitioned table), is moved aside first, since a rename cannot replace a folder;
    readers meanwhile use OUT's own files, which are whole."""
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target, tmp)
    if path.is_dir() and not path.is_symlink():
        aside = out_dir / GENERATIONS / f".tmp-copied-{path.name}-{os.getpid()}"
        os.rename(path, aside)
        os.replace(tmp, path)
        shutil.rmtree(aside, ignore_errors=True)
        return
    os.replace(tmp, path)


Entry = bytes | Mapping[str, bytes]
"""A file's bytes, or a folder's files (a partitioned table: part name -> bytes)."""


def _carry(path: Path, into: Path) -> None:
    """Hard-link a file, or each file of a partitioned table's folder, into `into`."""
    if path.is_dir():
        (into / path.name).mkdir()
        for part in path.iterdir():
            os.link(part, into / path.name / part.name)
    else:
        os.link(path, into / path.name)


def _write(path: Path, entry: Entry) -> None:
    if isinstance(entry, bytes):
        atomic_write_bytes(path, entry)
        return
    path.mkdir()
    for part, data in entry.items():
        atomic_write_bytes(path / part, data)


def publish(out_dir: Path, files: Mapping[str, Entry], names: Iterable[str]) -> Path:
    """Write `files` as a new generation (the files among `names` of the current one that
    `files` does not replace are carried over by hard link), switch `current` to it,
    prune old ones. Nothing is visible to readers until the generation is whole."""
    out_dir = Path(out_dir)
    root = out_dir / GENERATIONS
    generation = _new_id()
    tmp = root / f".tmp-{generation}"
    tmp.mkdir(parents=True)
    try:
        previous = current_dir(out_dir)
        wanted = set(names) - set(files)
        carried = [p for p in _files(previous) if p.name in wanted]
        for path in carried:
            _carry(path, tmp)
        for name, entry in files.items():
            _write(tmp / name, entry)
        os.rename(tmp, root / generation)
        fsync_dir(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _switch(out_dir, generation)
    _link_names(out_dir, sorted({*files, *(p.name for p in carried)}))
    prune(out_dir)
    return root / generation


def _files(folder: Path) -> list[Path]:
    """Table and stamp files (and partitioned tables' folders) of a generation, or of an
    old flat tables folder."""
    if not folder.is_dir():
        return []
    return [
        p
        for p in folder.iterdir()
        if p.suffix in (".parquet", ".json")
        and not p.is_symlink()
        and (p.is_file() or (p.is_dir() and p.suffix == ".parquet"))
    ]


def prune(out_dir: Path, keep: int = _KEEP) -> None:
    """Remove generations older than the `keep` newest (never the current one) and
    temporary ones abandoned by a killed writer."""
    root = Path(out_dir) / GENERATIONS
    if not root.is_dir():
        return
    current = current_dir(out_dir).name
    done = sorted(p for p in root.iterdir() if not p.name.startswith("."))
    for path in done[:-keep]:
        if path.name != current:
            shutil.rmtree(path, ignore_errors=True)
    now = time.time()
    for path in root.glob(".tmp-*"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > _STALE_TMP_S:
                shutil.rmtree(path, ignore_errors=True)
