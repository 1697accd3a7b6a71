"""Corrections as CSV, one row per log entry: how an analyst's fixes move between copies.

Values (before, after) are JSON in their cells, so lists and empty values survive the
trip. Import checks every row and names each bad one with its line; good rows are added
unless the log already holds them (same content), so importing a file twice adds
nothing and the export after it is the same.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from core.build.corrections import COLUMNS, Entry, connect, db_path, insert_rows, read_log
from core.build.corrections_fields import CorrectionError, check_field, check_value

CSV_COLUMNS = ("id", "timestamp", *COLUMNS[2:])
_REQUIRED = set(CSV_COLUMNS) - {"id", "label", "reason", "pipeline_version"}


class ImportReport(NamedTuple):
    added: int
    already_there: int
    errors: list[str]


def log_frame(entries: list[Entry]) -> pd.DataFrame:
    """The log as a table (values as JSON text), in the CSV's column order."""
    records = [
        {
            **e._asdict(),
            "timestamp": e.ts,
            "before": json.dumps(e.before, ensure_ascii=False, sort_keys=True),
            "after": json.dumps(e.after, ensure_ascii=False, sort_keys=True),
        }
        for e in entries
    ]
    return pd.DataFrame.from_records(records, columns=list(CSV_COLUMNS))


def export_csv(tables_dir: Path) -> str:
    """Every entry, oldest first, as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in log_frame(read_log(tables_dir)).itertuples(index=False):
        writer.writerow(row)
    return out.getvalue()


def _check_row(row: dict[str, str]) -> dict[str, str]:
    """The row as stored, or CorrectionError saying what is wrong with it."""
    missing = [c for c in sorted(_REQUIRED) if not (row.get(c) or "").strip()]
    if missing:
        raise CorrectionError(f"empty {', '.join(missing)}")
    try:
        datetime.fromisoformat(row["timestamp"])
    except ValueError:
        raise CorrectionError(f"timestamp {row['timestamp']!r} is not ISO 8601") from None
    try:
        after = json.loads(row["after"])
        before = json.loads(row["before"])
    except ValueError:
        raise CorrectionError("before/after must be JSON values") from None
    if row["op"] not in ("set", "revert"):
        raise CorrectionError(f"unknown op {row['op']!r}")
    if row["op"] == "set":
        check_value(row["kind"], row["field"], after)
    else:
        check_field(row["kind"], row["field"])
    stored = {c: (row.get(c) or "") for c in COLUMNS[2:]}
    return {
        **stored,
        "ts": row["timestamp"],
        "analyst": row["analyst"].strip(),
        "before": _canonical(before),
        "after": _canonical(after),
    }


def _canonical(value: object) -> str:
    """The JSON text the log stores, whatever spacing the file used (so the uid matches)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def parse_csv(text: str, name: str) -> tuple[list[dict[str, str]], list[str]]:
    """(valid rows as stored, one message per bad row naming the file and line)."""
    reader = csv.DictReader(io.StringIO(text))
    header = set(reader.fieldnames or [])
    if not header >= _REQUIRED:
        missing = ", ".join(sorted(_REQUIRED - header))
        return [], [f"{name}: not a corrections export (missing columns: {missing})"]
    rows, errors = [], []
    for row in reader:
        try:
            rows.append(_check_row(row))
        except CorrectionError as exc:
            errors.append(f"{name} line {reader.line_num}: {exc}")
    return rows, errors


def import_csv(tables_dir: Path, path: Path) -> ImportReport:
    """Add the file's valid entries that the log does not hold yet."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return ImportReport(0, 0, [f"{path}: cannot read it ({exc.__class__.__name__}: {exc})"])
    rows, errors = parse_csv(text, str(path))
    if not rows:
        return ImportReport(0, 0, errors)
    with connect(db_path(tables_dir)) as conn:
        added = insert_rows(conn, rows)
    return ImportReport(added, len(rows) - added, errors)
