"""Parquet store: atomic writes (temp file, fsync, rename) so a build killed at any point
leaves the previous tables readable."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core.atomic import atomic_write_bytes
from core.build.schema import SCHEMAS, TABLES, empty, to_arrow


def atomic_write_table(path: Path, table: pa.Table) -> None:
    """Write one Parquet file atomically."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    atomic_write_bytes(path, sink.getvalue().to_pybytes())


def write_tables(out_dir: Path, frames: dict[str, pd.DataFrame]) -> None:
    """Write every contract table present in `frames` as `<table>.parquet`."""
    for name, frame in frames.items():
        atomic_write_table(Path(out_dir) / f"{name}.parquet", to_arrow(name, frame))


def read_table(out_dir: Path, name: str) -> pd.DataFrame:
    """Read one table; a missing file reads as an empty table of the right shape."""
    path = Path(out_dir) / f"{name}.parquet"
    if not path.exists():
        return empty(name)
    return pq.read_table(path, schema=SCHEMAS[name]).to_pandas()


def read_tables(out_dir: Path) -> dict[str, pd.DataFrame]:
    """All five contract tables."""
    return {name: read_table(out_dir, name) for name in TABLES}


def tables_exist(out_dir: Path) -> bool:
    """True when every contract table has been written."""
    return all((Path(out_dir) / f"{name}.parquet").exists() for name in TABLES)
