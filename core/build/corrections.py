"""Analysts' corrections: an append-only audit log in SQLite beside the tables.

The log is the only truth. Each entry says who changed which field of which target
(event, actor, quote), from what to what, and why; the overlay (the value each corrected
field has now) is derived from it by a view: the newest entry per (kind, target, field)
wins, and a `revert` entry clears the field back to the extractor's value. Triggers
refuse UPDATE and DELETE, so nothing is changed in place; undo is a new entry.

WAL mode and a busy timeout let several analysts (threads or processes) write at once:
every append is one IMMEDIATE transaction, SQLite serialises them, none is lost.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from core.build.corrections_fields import CorrectionError, check_field, check_value

DB_NAME = "corrections.sqlite"
BUSY_TIMEOUT_S = 30.0
KINDS = ("event", "actor", "quote")
OPS = ("set", "revert")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    ts TEXT NOT NULL,
    analyst TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('event', 'actor', 'quote')),
    target TEXT NOT NULL,
    field TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('set', 'revert')),
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    pipeline_version TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER IF NOT EXISTS log_no_update BEFORE UPDATE ON log
BEGIN SELECT RAISE(ABORT, 'the corrections log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS log_no_delete BEFORE DELETE ON log
BEGIN SELECT RAISE(ABORT, 'the corrections log is append-only'); END;
CREATE VIEW IF NOT EXISTS overlay AS
SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (
        PARTITION BY kind, target, field ORDER BY ts DESC, uid DESC
    ) AS rank_ FROM log
) WHERE rank_ = 1 AND op = 'set';
"""
COLUMNS = (
    "id",
    "ts",
    "analyst",
    "kind",
    "target",
    "field",
    "op",
    "before",
    "after",
    "reason",
    "pipeline_version",
    "label",
)


class Change(NamedTuple):
    """One correction to record: values are plain JSON values (str, list, bool, None)."""

    analyst: str
    kind: str
    target: str
    field: str
    before: Any
    after: Any
    reason: str = ""
    label: str = ""
    op: str = "set"


class Entry(NamedTuple):
    """One row of the log as stored (values decoded from JSON)."""

    id: int
    ts: str
    analyst: str
    kind: str
    target: str
    field: str
    op: str
    before: Any
    after: Any
    reason: str
    pipeline_version: str
    label: str


def db_path(tables_dir: Path) -> Path:
    """The database file: at the root of the tables folder, never inside a build's output."""
    return Path(tables_dir) / DB_NAME


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection in WAL mode with a busy timeout, the schema created if missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.executescript(_SCHEMA)
        yield conn


def plain(value: Any) -> Any:
    """A table cell as a JSON value: arrays as lists, NaN and NA as null, numpy as Python."""
    if isinstance(value, list | tuple) or (hasattr(value, "tolist") and not isinstance(value, str)):
        value = value.tolist() if hasattr(value, "tolist") else list(value)
        return [plain(v) for v in value] if isinstance(value, list) else plain(value)
    if value is None or (isinstance(value, float) and value != value):
        return None
    if not isinstance(value, str | bool | int | float):
        return None if str(value) in ("<NA>", "nan", "NaT") else str(value)
    return value


def _dump(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True)


def _load(text: str) -> Any:
    return json.loads(text)


def now() -> str:
    """UTC timestamp with microseconds, so entries sort in the order they were made."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def entry_uid(row: dict[str, str]) -> str:
    """Content hash of an entry (ids differ between machines, the content does not):
    what makes importing the same entry twice a no-op."""
    keys = ("ts", "analyst", "kind", "target", "field", "op", "before", "after", "reason")
    text = "\x1f".join(row[k] for k in (*keys, "pipeline_version"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _stored(change: Change, ts: str, version: str) -> dict[str, str]:
    return {
        "ts": ts,
        "analyst": change.analyst.strip(),
        "kind": change.kind,
        "target": change.target,
        "field": change.field,
        "op": change.op,
        "before": _dump(change.before),
        "after": _dump(change.after),
        "reason": change.reason.strip(),
        "pipeline_version": version,
        "label": change.label,
    }


def insert_rows(conn: sqlite3.Connection, rows: Iterable[dict[str, str]]) -> int:
    """Insert stored rows in one transaction; a row already present (same uid) is skipped."""
    added = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for row in rows:
            cur = conn.execute(
                "INSERT OR IGNORE INTO log (uid, ts, analyst, kind, target, field, op, before,"
                " after, reason, pipeline_version, label) VALUES (:uid, :ts, :analyst, :kind,"
                " :target, :field, :op, :before, :after, :reason, :pipeline_version, :label)",
                {**row, "uid": entry_uid(row)},
            )
            added += cur.rowcount
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return added


def tables_version(tables_dir: Path) -> str:
    """The extractor version that built the tables the analyst is correcting."""
    try:
        stamp = json.loads((Path(tables_dir) / "build.json").read_text(encoding="utf-8"))
        return str(stamp.get("pipeline_version") or "")
    except (OSError, ValueError, AttributeError):
        return ""


def append(tables_dir: Path, changes: Iterable[Change], version: str | None = None) -> int:
    """Record changes (validated first: a bad one records nothing). Returns how many."""
    version = tables_version(tables_dir) if version is None else version
    changes = list(changes)
    for change in changes:
        if not change.analyst.strip():
            raise CorrectionError("a correction needs the analyst's name")
        if change.op not in OPS:
            raise CorrectionError(f"unknown operation {change.op!r}")
        if change.op == "set":
            check_value(change.kind, change.field, change.after)
        else:
            check_field(change.kind, change.field)
    start = now()
    # One microsecond apart: the entries of one save keep their order on every machine.
    base = datetime.fromisoformat(start)
    rows = [
        _stored(c, (base + timedelta(microseconds=i)).isoformat(timespec="microseconds"), version)
        for i, c in enumerate(changes)
    ]
    with connect(db_path(tables_dir)) as conn:
        return insert_rows(conn, rows)


def _entries(conn: sqlite3.Connection, source: str) -> list[Entry]:
    cols = ", ".join(COLUMNS)
    cur = conn.execute(f"SELECT {cols} FROM {source} ORDER BY id")
    return [
        Entry(**{**dict(zip(COLUMNS, r, strict=True)), "before": _load(r[7]), "after": _load(r[8])})
        for r in cur
    ]


def read_log(tables_dir: Path) -> list[Entry]:
    """Every entry, oldest first; an absent database is an empty log (nothing created)."""
    path = db_path(tables_dir)
    if not path.exists():
        return []
    with connect(path) as conn:
        return _entries(conn, "log")


def read_overlay(tables_dir: Path) -> list[Entry]:
    """The entry that sets each corrected field now (reverted fields left out)."""
    path = db_path(tables_dir)
    if not path.exists():
        return []
    with connect(path) as conn:
        return _entries(conn, "overlay")


def log_stamp(tables_dir: Path) -> tuple[int, str]:
    """(entries, newest uid): changes whenever an entry is added."""
    path = db_path(tables_dir)
    if not path.exists():
        return (0, "")
    with connect(path) as conn:
        row = conn.execute("SELECT COUNT(*), COALESCE(MAX(uid), '') FROM log").fetchone()
    return (int(row[0]), str(row[1]))


def revert_of(entry: Entry, analyst: str, reason: str = "", current: Any = None) -> Change:
    """The undo of an entry: a new entry that clears its field back to the extractor."""
    return Change(
        analyst=analyst,
        kind=entry.kind,
        target=entry.target,
        field=entry.field,
        before=entry.after,
        after=current,
        reason=reason or f"undo of entry {entry.id}",
        label=entry.label,
        op="revert",
    )


def backup(tables_dir: Path, target: Path) -> None:
    """A consistent copy of the database (SQLite's online backup: safe while in use)."""
    with connect(db_path(tables_dir)) as source, closing(sqlite3.connect(target)) as dest:
        source.backup(dest)
