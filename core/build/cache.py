"""Per-article rows cache as Parquet partitions: one file per build batch, one row per
article, each extraction list (mentions, events, ...) a list-of-struct column.

One JSON file per article made a rebuild of a 100k-article corpus open and parse 100k
files; here a rebuild reads a small index (article id -> partition) to find what is
cached, then a few columnar files, and writes the new articles as one new partition
without touching the others. Partitions live under `rows-<pipeline version>/`, so a new
extractor version starts empty and the old folder is dropped. Every file is written
atomically and the index last: a build killed midway leaves the previous cache valid
(a partition the index does not name is an orphan, deleted by the next build).

The row layout is inferred from the rows themselves (extraction changes its fields
freely); a column Arrow cannot type (a field that is a number in one row and text in
another) is kept as JSON text for that partition and named in the file's metadata.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from core.build.store import atomic_write_table

Row = dict[str, Any]
INDEX = "index.parquet"
_FLUSH_EVERY = 256  # articles per partition written while a build runs
_SMALL = 2048  # partitions under this many live articles are merged when they pile up
_MAX_SMALL = 8
_JSON_COLUMNS = b"entente_json_columns"


def _to_table(rows: list[Row]) -> pa.Table:
    """One row per article; any column Arrow cannot type falls back to JSON text."""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    arrays, as_json = [], []
    for key in keys:
        values = [row.get(key) for row in rows]
        try:
            arrays.append(pa.array(values))
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            arrays.append(pa.array([json.dumps(v) for v in values], pa.string()))
            as_json.append(key)
    table = pa.Table.from_arrays(arrays, names=keys)
    return table.replace_schema_metadata({_JSON_COLUMNS: json.dumps(as_json).encode()})


def _from_table(table: pa.Table) -> list[Row]:
    meta = table.schema.metadata or {}
    as_json = json.loads(meta.get(_JSON_COLUMNS, b"[]"))
    rows = table.to_pylist()
    for key in as_json:
        for row in rows:
            row[key] = json.loads(row[key])
    return rows


class RowCache:
    """The cached extraction rows of one output folder for one pipeline version."""

    def __init__(self, cache_dir: Path, version: str) -> None:
        self.root = Path(cache_dir) / f"rows-{version}"
        self.cache_dir = Path(cache_dir)
        self._index: dict[str, str] = self._read_index()
        self._pending: list[Row] = []

    # ---- index

    def _read_index(self) -> dict[str, str]:
        try:
            table = pq.read_table(self.root / INDEX)
        except (OSError, pa.ArrowInvalid):
            return {}
        ids = table.column("article_id").to_pylist()
        parts = table.column("partition").to_pylist()
        present = {p for p in set(parts) if (self.root / p).exists()}  # one stat per partition
        return {a: p for a, p in zip(ids, parts, strict=True) if p in present}

    def _write_index(self) -> None:
        ids = sorted(self._index)
        table = pa.table(
            {
                "article_id": pa.array(ids, pa.string()),
                "partition": pa.array([self._index[a] for a in ids], pa.string()),
            }
        )
        atomic_write_table(self.root / INDEX, table)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._index

    def __len__(self) -> int:
        return len(self._index)

    # ---- reading

    def load(self, article_ids: Iterable[str]) -> dict[str, Row]:
        """Cached rows of the given articles (those the cache holds), partition by
        partition, reading only the rows asked for."""
        wanted: dict[str, list[str]] = {}
        for article_id in article_ids:
            part = self._index.get(article_id)
            if part is not None:
                wanted.setdefault(part, []).append(article_id)
        out: dict[str, Row] = {}
        for part, ids in wanted.items():
            try:
                rows = self._read_partition(part, ids)
            except (OSError, pa.ArrowException, ValueError):
                # A damaged partition is a cache miss: its articles are processed again.
                self._index = {a: p for a, p in self._index.items() if p != part}
                continue
            for row in rows:
                out[row["article_id"]] = row
        return out

    def _read_partition(self, part: str, ids: list[str] | None = None) -> list[Row]:
        table = pq.read_table(self.root / part)
        if ids is not None and len(ids) < table.num_rows:
            table = table.filter(pc.is_in(table.column("article_id"), pa.array(ids)))
        return _from_table(table)

    # ---- writing

    def add(self, row: Row) -> None:
        """Queue one article's rows; written with the next partition (every few hundred)."""
        self._pending.append(row)
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the queued rows as one partition and record them in the index."""
        if not self._pending:
            return
        part = self._write_partition(self._pending)
        for row in self._pending:
            self._index[row["article_id"]] = part
        self._pending = []
        self._write_index()

    def _write_partition(self, rows: list[Row]) -> str:
        part = f"part-{uuid.uuid4().hex[:16]}.parquet"
        atomic_write_table(self.root / part, _to_table(rows))
        return part

    # ---- housekeeping

    def prune(self, keep: set[str]) -> None:
        """Forget articles that left the corpus, delete dead or orphan partitions, merge
        small partitions once they pile up, and drop other versions' folders."""
        self.flush()
        self._index = {a: p for a, p in self._index.items() if a in keep}
        self._compact()
        self._write_index()
        live = set(self._index.values()) | {INDEX}
        for path in self.root.glob("*.parquet"):
            if path.name not in live:
                path.unlink(missing_ok=True)
        for other in self.cache_dir.glob("rows-*"):
            if other != self.root and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)

    def _compact(self) -> None:
        """Merge partitions under _SMALL live articles into groups of about _SMALL once
        there are more than _MAX_SMALL of them (memory: one group at a time)."""
        by_part: dict[str, list[str]] = {}
        for article_id, part in self._index.items():
            by_part.setdefault(part, []).append(article_id)
        small = sorted(
            (p for p, ids in by_part.items() if len(ids) < _SMALL), key=lambda p: len(by_part[p])
        )
        if len(small) <= _MAX_SMALL:
            return
        group: list[str] = []
        for part in small:
            group.append(part)
            if sum(len(by_part[p]) for p in group) >= _SMALL:
                self._merge(group, by_part)
                group = []
        if len(group) > 1:
            self._merge(group, by_part)

    def _merge(self, parts: list[str], by_part: dict[str, list[str]]) -> None:
        rows = [row for part in parts for row in self._read_partition(part, by_part[part])]
        merged = self._write_partition(rows)
        for row in rows:
            self._index[row["article_id"]] = merged
