"""Parquet store. A build's tables are published as one generation (core/build/
generations.py): a reader sees the tables of exactly one build, and a build killed
at any point leaves the previous tables readable. `<out>/<table>.parquet` stays the path
of the current build's table for tools that open files by name."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core.atomic import atomic_write_bytes
from core.build.generations import current_dir, publish
from core.build.schema import SCHEMAS, TABLES, empty, to_arrow

STAMP = "build.json"
FILES = (*(f"{name}.parquet" for name in TABLES), STAMP)
_RETRIES = 3


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


def atomic_write_table(path: Path, table: pa.Table) -> None:
    """Write one Parquet file atomically (outside any generation)."""
    atomic_write_bytes(path, _parquet_bytes(table))


def write_tables(
    out_dir: Path, frames: dict[str, pd.DataFrame], *, stamp: bytes | None = None
) -> None:
    """Publish every contract table present in `frames` (and the build stamp) as one new
    generation; tables not in `frames` are carried over from the current one."""
    files = {
        f"{name}.parquet": _parquet_bytes(to_arrow(name, frame)) for name, frame in frames.items()
    }
    if stamp is not None:
        files[STAMP] = stamp
    publish(Path(out_dir), files, FILES)


def _read(folder: Path, name: str) -> pd.DataFrame:
    path = folder / f"{name}.parquet"
    if not path.exists():
        return empty(name)
    return pq.read_table(path, schema=SCHEMAS[name]).to_pandas()


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
