"""Where corrections meet the stored tables.

The tables a reader opens (`<table>.parquet` at the root of the tables folder) are the
corrected ones. The extractor's own tables (every table but `articles`, which nobody
corrects) are kept under `extracted/`, so a new correction or an undo is applied again to
the extractor's values without a rebuild. A build and every re-application write under
one file lock and read the overlay inside it, so the last writer always includes every
entry committed before it: two analysts saving at once both land.
"""

from __future__ import annotations

import fcntl
import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from core.atomic import atomic_write_bytes
from core.build.corrections import db_path, log_stamp, read_overlay
from core.build.corrections_apply import Applied, apply_corrections
from core.build.dashboard_db import prepare_database
from core.build.schema import TABLES
from core.build.store import (
    Encoded,
    encode_tables,
    publish_tables,
    read_table,
    read_tables,
    write_tables,
)

EXTRACTED = "extracted"
STATUS = "corrections-status.json"
LOCK = ".corrections.lock"
CORRECTABLE = tuple(t for t in TABLES if t != "articles")
log = logging.getLogger(__name__)


def extracted_dir(tables_dir: Path) -> Path:
    return Path(tables_dir) / EXTRACTED


@contextmanager
def tables_lock(tables_dir: Path) -> Iterator[None]:
    """Exclusive lock (threads and processes) around reading the overlay + writing tables."""
    Path(tables_dir).mkdir(parents=True, exist_ok=True)
    with open(Path(tables_dir) / LOCK, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _write_status(tables_dir: Path, applied: Applied, problem: str = "") -> None:
    status = {
        "log": list(log_stamp(tables_dir)) if not problem else [0, ""],
        "problem": problem,
        "applied": applied.applied,
        "orphans": [{"id": o.entry.id, "reason": o.reason} for o in applied.orphans],
    }
    atomic_write_bytes(Path(tables_dir) / STATUS, json.dumps(status, indent=1).encode("utf-8"))


class CorrectionsBusy(Exception):
    """The corrections could not be read for a moment: nothing is published."""


def _apply_and_write(
    tables_dir: Path,
    frames: dict[str, pd.DataFrame],
    only_corrected: bool = False,
    extracted: Encoded | None = None,
    **write_options: Any,
) -> Applied:
    """A database that cannot be read leaves the tables uncorrected, never unbuilt: the
    problem is recorded for the Corrections page, and the file is left as it is.
    `extracted`: the frames' files as already encoded for `extracted/`, published as they
    are when the overlay is empty (the tables then are the extractor's, byte for byte)."""
    problem = ""
    try:
        overlay = read_overlay(tables_dir)
    except sqlite3.OperationalError as exc:
        # Busy or locked, not damaged: publishing now would hide every correction.
        raise CorrectionsBusy(
            f"{db_path(tables_dir)}: the corrections database is busy ({exc}); the new "
            "tables were not published and the previous ones are kept: build again"
        ) from exc
    except sqlite3.DatabaseError as exc:
        overlay = []
        problem = f"{db_path(tables_dir)}: cannot be read ({exc}); tables shown uncorrected"
        log.error(problem)
    if extracted is not None and not overlay:
        applied = Applied(frames, [], 0)
        rest = encode_tables({t: f for t, f in frames.items() if t not in CORRECTABLE})
        publish_tables(tables_dir, {**extracted, **rest}, **write_options)
        _write_status(tables_dir, applied, problem)
        return applied
    applied = apply_corrections(frames, overlay)
    # A new build publishes every table; a re-application only the corrected ones (the
    # articles, full texts and all, are carried over from the current generation).
    keep = (
        {t: f for t, f in applied.frames.items() if t in CORRECTABLE}
        if only_corrected
        else applied.frames
    )
    write_tables(tables_dir, keep, **write_options)
    _write_status(tables_dir, applied, problem)
    return applied


def write_built_tables(
    tables_dir: Path, frames: dict[str, pd.DataFrame], **write_options: Any
) -> Applied:
    """The build's last step: keep the extractor's tables, write the corrected ones
    (`write_options`, e.g. the build stamp, go to the store's `write_tables`)."""
    with tables_lock(tables_dir):
        extracted = encode_tables({t: frames[t] for t in CORRECTABLE if t in frames})
        publish_tables(extracted_dir(tables_dir), extracted)
        return _apply_and_write(tables_dir, frames, extracted=extracted, **write_options)


def read_extracted(tables_dir: Path) -> dict[str, pd.DataFrame]:
    """The tables as the extractor made them (before any correction)."""
    frames = read_tables(tables_dir)
    folder = extracted_dir(tables_dir)
    if (folder / "events.parquet").exists():
        frames.update({t: read_table(folder, t) for t in CORRECTABLE})
    return frames


def reapply(tables_dir: Path) -> Applied:
    """Apply the current overlay to the extractor's tables again (after a new entry).
    The new generation's DuckDB database, if its size calls for one, is made after the
    lock is released (minutes at 10M events: other saves need not wait for it)."""
    with tables_lock(tables_dir):
        folder = extracted_dir(tables_dir)
        if not (folder / "events.parquet").exists():
            # Tables built before corrections existed are the extractor's: keep them first.
            root = read_tables(tables_dir)
            write_tables(folder, {t: root[t] for t in CORRECTABLE})
        applied = _apply_and_write(tables_dir, read_extracted(tables_dir), only_corrected=True)
    problem = prepare_database(tables_dir)
    if problem:
        log.warning(problem)
    return applied


def corrections_problem(tables_dir: Path) -> str:
    """Why the last application could not read the database ("" when it could)."""
    try:
        status = json.loads((Path(tables_dir) / STATUS).read_text(encoding="utf-8"))
        return str(status.get("problem") or "")
    except (OSError, ValueError, AttributeError):
        return ""


def orphan_reasons(tables_dir: Path) -> dict[int, str]:
    """Log entry id -> why it found no target, as of the last application."""
    try:
        status = json.loads((Path(tables_dir) / STATUS).read_text(encoding="utf-8"))
        return {int(o["id"]): str(o["reason"]) for o in status.get("orphans", [])}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
