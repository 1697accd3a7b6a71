"""Per-article rows cache as Parquet partitions: one file per build batch, one row per
article, each extraction list (mentions, events, ...) a list-of-struct column.

One JSON file per article made a rebuild of a 100k-article corpus open and parse 100k
files; here a rebuild reads a small index (article id -> partition) to find what is
cached, then a few columnar files, and writes the new articles as one new partition
without touching the others. Partitions live under `rows-<pipeline version>/`, so a new
extractor version starts empty and the old folder is dropped. Every file is written
atomically and the index last: a build killed midway leaves the previous cache valid
(a partition the index does not name is an orphan, deleted by the next build).

The layout is the typed rows' own (core/build/cache_layout.py): a partition written by
another layout is a cache miss, and an article whose rows do not fit their types is not
cached (it is processed again next time).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from core.atomic import atomic_write_bytes
from core.build.cache_layout import SCHEMA, check_table, from_table, to_table
from core.build.store import atomic_write_table
from core.extract.rows import ArticleRows

INDEX = "index.parquet"
PROBE = ".probe"
_FLUSH_EVERY = 256  # articles per partition written while a build runs
_SMALL = 2048  # partitions under this many live articles are merged when they pile up
_MAX_SMALL = 8
_INDEX_SCHEMA = pa.schema([("article_id", pa.string()), ("partition", pa.string())])


def _fitting_table(rows: list[ArticleRows]) -> pa.Table:
    """The partition's table; when some article's rows do not fit their types, the table
    of the others (that article is then simply not cached)."""
    try:
        return to_table(rows)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        pass
    fitting = []
    for row in rows:
        try:
            to_table([row])
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            continue
        fitting.append(row)
    return to_table(fitting)


def write_partition(root: Path, rows: list[ArticleRows]) -> tuple[str, list[str]]:
    """Write rows as a new partition under `root` (atomically): its name and the ids of
    the articles written (the others' rows do not fit the layout). A partition no index
    names is an orphan, so whoever writes one (the build, a Dask worker) can die freely."""
    part = f"part-{uuid.uuid4().hex[:16]}.parquet"
    table = _fitting_table(rows)
    atomic_write_table(Path(root) / part, table)
    return part, table.column("article_id").to_pylist()


class RowCache:
    """The cached extraction rows of one output folder for one pipeline version."""

    def __init__(self, cache_dir: Path, version: str) -> None:
        self.root = Path(cache_dir) / f"rows-{version}"
        self.cache_dir = Path(cache_dir)
        self._index: dict[str, str] = self._read_index()
        self._pending: list[ArticleRows] = []
        self._unsaved = 0  # articles recorded since the index was last written
        self.refused: dict[str, ArticleRows] = {}
        """Rows the layout refused (not cached): the build still has them in memory."""

    # ---- index

    def _read_index(self) -> dict[str, str]:
        try:
            table = pq.read_table(self.root / INDEX)
        except (OSError, pa.ArrowInvalid):
            return {}
        if not table.schema.equals(_INDEX_SCHEMA, check_metadata=False):
            return {}  # an index of another layout: the cache starts empty
        ids = table.column("article_id").to_pylist()
        parts = table.column("partition").to_pylist()
        names = {p for p in set(parts) if p}
        present = {p for p in names if (self.root / p).exists()}  # one stat per partition
        return {a: p for a, p in zip(ids, parts, strict=True) if a and p in present}

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

    def _by_partition(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        wanted: dict[str, list[str]] = {}
        for article_id in article_ids:
            part = self._index.get(article_id)
            if part is not None:
                wanted.setdefault(part, []).append(article_id)
        return wanted

    def _tables(
        self, article_ids: Iterable[str], columns: list[str] | None = None
    ) -> Iterator[pa.Table]:
        """The cached rows of the given articles, one Arrow table per partition. A
        damaged partition, or one of another layout, is a cache miss: its articles are
        forgotten, so the build processes them again."""
        for part, ids in self._by_partition(article_ids).items():
            try:
                yield self._partition_table(part, ids, columns)
            except (OSError, pa.ArrowException, ValueError):
                self._index = {a: p for a, p in self._index.items() if p != part}

    def inputs(self, article_ids: Iterable[str]) -> dict[str, tuple[str | None, ...]]:
        """What each cached article's rows were made from (language, date), without
        reading the rows themselves: what the build needs to decide what to process."""
        out: dict[str, tuple[str | None, ...]] = {}
        for table in self._tables(article_ids, ["article_id", "inputs"]):
            ids = table.column("article_id").to_pylist()
            out.update(zip(ids, map(tuple, table.column("inputs").to_pylist()), strict=True))
        return out

    def tables(self, article_ids: Iterable[str]) -> Iterator[pa.Table]:
        """The cached rows of the given articles as Arrow tables, one per partition (what
        the column-wise assembly reads: no Python row objects)."""
        return self._tables(article_ids)

    def check(self, article_ids: Iterable[str]) -> set[str]:
        """The given articles whose cached rows read back whole and fit the layout, one
        partition at a time; those of a damaged partition are forgotten (cache misses)."""
        readable: set[str] = set()
        for table in self._tables(article_ids):
            try:
                check_table(table)
            except ValueError:
                ids = set(table.column("article_id").to_pylist())
                self._index = {a: p for a, p in self._index.items() if a not in ids}
                continue
            readable.update(table.column("article_id").to_pylist())
        return readable

    def load(self, article_ids: Iterable[str]) -> dict[str, ArticleRows]:
        """Cached rows of the given articles (those the cache holds), partition by
        partition, reading only the rows asked for."""
        out: dict[str, ArticleRows] = {}
        for table in self._tables(article_ids):
            for row in from_table(table):
                out[row.article_id] = row
        return out

    def _partition_table(
        self, part: str, ids: list[str] | None = None, columns: list[str] | None = None
    ) -> pa.Table:
        """Rows of one partition; ValueError when it was written by another layout (its
        schema is read first, so a foreign file is never read in full)."""
        if not pq.read_schema(self.root / part).equals(SCHEMA, check_metadata=False):
            raise ValueError(f"{part}: written by another row layout")
        table = pq.read_table(self.root / part, columns=columns)
        if ids is not None:
            ids = list(dict.fromkeys(ids))
        if ids is not None and len(ids) < table.num_rows:
            table = table.filter(pc.is_in(table.column("article_id"), pa.array(ids)))
        return table

    # ---- writing

    def add(self, row: ArticleRows) -> None:
        """Queue one article's rows; written with the next partition (every few hundred)."""
        self._pending.append(row)
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the queued rows as one partition and record them in the index."""
        if not self._pending:
            return
        part, written = write_partition(self.root, self._pending)
        kept = set(written)
        self.refused.update((r.article_id, r) for r in self._pending if r.article_id not in kept)
        self._pending = []
        self.adopt(part, written, save=True)

    def adopt(self, part: str, article_ids: Iterable[str], *, save: bool = False) -> None:
        """Record a partition already written under the cache folder (by a Dask worker);
        the index is written every few hundred articles, at the latest by `save_index`."""
        for article_id in article_ids:
            self._index[article_id] = part
            self.refused.pop(article_id, None)
            self._unsaved += 1
        if save or self._unsaved >= _FLUSH_EVERY:
            self.save_index()

    def save_index(self) -> None:
        """Write the queued rows and the index, so a kill after this loses nothing."""
        if self._pending:
            self.flush()
            return
        self._write_index()
        self._unsaved = 0

    def probe(self) -> tuple[str, str]:
        """(the partitions' folder, a fresh token written in a probe file there): a worker
        that reads the same token from the same path sees this folder, so it can write
        partitions to it itself."""
        token = uuid.uuid4().hex
        atomic_write_bytes(self.root / PROBE, token.encode())
        return str(self.root.resolve()), token

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
        for path in self.root.glob(".*.tmp"):  # a writer killed mid-write (build, worker)
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
        """One partition of the live rows of `parts`, concatenated as Arrow tables (no
        Python row objects: merging costs a read and a write, not a rebuild of rows)."""
        tables = []
        for part in parts:
            try:
                tables.append(self._partition_table(part, by_part[part]))
            except (OSError, pa.ArrowException, ValueError):  # damaged or another layout
                for article_id in by_part[part]:
                    self._index.pop(article_id, None)
        if not tables:
            return
        table = pa.concat_tables(tables)
        merged = f"part-{uuid.uuid4().hex[:16]}.parquet"
        atomic_write_table(self.root / merged, table)
        for article_id in table.column("article_id").to_pylist():
            self._index[article_id] = merged
