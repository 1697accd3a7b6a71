"""Parquet store. A build's tables are published as one generation (core/build/
generations.py): a reader sees the tables of exactly one build, and a build killed
at any point leaves the previous tables readable. `<out>/<table>.parquet` stays the path
of the current build's table for tools that open files by name.

A table of more than ENTENTE_PARTITION_ROWS rows (default 1,000,000) is a folder
`<table>.parquet/part-NNN.parquet`, its rows bucketed by a hash of the article id (no hive
partition columns), so `pd.read_parquet`, `pyarrow.parquet.read_table` and DuckDB's
`read_parquet('<table>.parquet/*.parquet')` read it as one table, and no part is larger
than a small table."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core.atomic import atomic_write_bytes
from core.build.generations import current_dir, publish
from core.build.schema import SCHEMAS, TABLES, empty, to_arrow
from core.config import number_setting

STAMP = "build.json"
FILES = (*(f"{name}.parquet" for name in TABLES), STAMP)
_RETRIES = 3
PARTITION_ROWS = 1_000_000


def partition_rows() -> int:
    """Rows above which a table is written as partitions (ENTENTE_PARTITION_ROWS)."""
    return number_setting("ENTENTE_PARTITION_ROWS", PARTITION_ROWS, 1)


def _buckets(frame: pd.DataFrame, n: int) -> np.ndarray:
    """Each row's bucket: a stable hash of its article id (else of its first column), so
    one article's rows share a part whatever the build."""
    key = frame["article_id"] if "article_id" in frame.columns else frame.iloc[:, 0]
    hashed = pd.util.hash_pandas_object(key.astype(str), index=False).to_numpy(np.uint64)
    return (hashed % np.uint64(n)).astype(np.int64)


def _table_entry(name: str, frame: pd.DataFrame) -> bytes | dict[str, bytes]:
    """One file's bytes, or the parts of a table too big for one file."""
    n = math.ceil(len(frame) / partition_rows())
    if n <= 1:
        return _parquet_bytes(to_arrow(name, frame))
    buckets = _buckets(frame, n)
    return {
        f"part-{i:03d}.parquet": _parquet_bytes(
            to_arrow(name, frame.iloc[np.flatnonzero(buckets == i)])
        )
        for i in range(n)
    }


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


def atomic_write_table(path: Path, table: pa.Table) -> None:
    """Write one Parquet file atomically (outside any generation)."""
    atomic_write_bytes(path, _parquet_bytes(table))


Encoded = dict[str, bytes | dict[str, bytes]]
"""File name -> Parquet bytes (or a partitioned table's part name -> bytes)."""


def encode_tables(frames: dict[str, pd.DataFrame]) -> Encoded:
    """The files of the tables in `frames`: encoded once, they can be published in more
    than one place (the build's extractor copy and its tables, when nothing corrects
    them). A table over `partition_rows()` rows is a folder of parts."""
    return {f"{name}.parquet": _table_entry(name, frame) for name, frame in frames.items()}


def publish_tables(out_dir: Path, files: Encoded, *, stamp: bytes | None = None) -> None:
    """Publish encoded tables (and the build stamp) as one new generation; tables not in
    `files` are carried over from the current one."""
    files = dict(files)
    if stamp is not None:
        files[STAMP] = stamp
    publish(Path(out_dir), files, FILES)


def write_tables(
    out_dir: Path, frames: dict[str, pd.DataFrame], *, stamp: bytes | None = None
) -> None:
    """Publish every contract table present in `frames` (and the build stamp) as one new
    generation; tables not in `frames` are carried over from the current one."""
    publish_tables(out_dir, encode_tables(frames), stamp=stamp)


def _read(folder: Path, name: str) -> pd.DataFrame:
    """One table, whether a single file or a folder of parts (read as one dataset)."""
    path = folder / f"{name}.parquet"
    if not path.exists():
        return empty(name)
    return pq.read_table(path, schema=SCHEMAS[name]).to_pandas()


def table_files(folder: Path, name: str) -> list[Path]:
    """One table's Parquet files in read order: its parts by name, or its one file; none
    when the table is missing."""
    path = Path(folder) / f"{name}.parquet"
    if path.is_dir():
        return sorted(path.glob("*.parquet"))
    return [path] if path.exists() else []


def parquet_glob(folder: Path, name: str) -> str | None:
    """The path (a file, or a folder's part glob) a Parquet reader such as DuckDB takes
    for one table of `folder`; None when the table is missing."""
    files = table_files(folder, name)
    if not files:
        return None
    path = Path(folder) / f"{name}.parquet"
    return str(path / "*.parquet") if path.is_dir() else str(path)


def read_table(out_dir: Path, name: str) -> pd.DataFrame:
    """Read one table; a missing file reads as an empty table of the right shape."""
    return read_tables(out_dir, (name,))[name]


def read_tables(out_dir: Path, names: tuple[str, ...] = TABLES) -> dict[str, pd.DataFrame]:
    """The contract tables, all from the same build: the generation is resolved once. If
    it was pruned while being read (two builds finished meanwhile), read again."""
    for _ in range(_RETRIES):
        folder = current_dir(Path(out_dir))
        try:
            tables = {name: _read(folder, name) for name in names}
        except FileNotFoundError:
            continue
        if folder.is_dir():
            return tables
    raise OSError(f"{out_dir}: the tables changed three times while being read; try again")


def tables_exist(out_dir: Path) -> bool:
    """True when every contract table has been written."""
    return all((Path(out_dir) / f"{name}.parquet").exists() for name in TABLES)
