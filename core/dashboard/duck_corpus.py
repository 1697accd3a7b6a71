"""The corpus as the DuckDB backend holds it: a DuckDB database of the tables (one per
table generation) and the few small things every page needs (vocabularies, the version,
the actors). Nothing proportional to the events stays in Python: each page asks DuckDB
for what it shows (counts, top-N, the rows of one page).

Used above ENTENTE_DUCKDB_EVENTS events (default 500,000), where holding the tables as
pandas frames costs gigabytes (`core.dashboard.backend` chooses)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from core.dashboard.corpus import bounded_memo


@dataclass(frozen=True, eq=False)
class DuckCorpus:
    """Vocabularies and small tables in memory; every event-sized question goes to SQL."""

    path: Path
    con: duckdb.DuckDBPyConnection
    countries: list[str]
    domains: list[str]
    outlets: list[str]
    types: list[str]
    statuses: list[str]
    version: str
    n_events: int
    n_articles: int
    actors: pd.DataFrame
    notice: str | None
    extras: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def sql(self, query: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run one parameterised query (values only as `?` parameters, never in the SQL
        text) on a cursor of its own: sessions run on several threads. Through Arrow, so
        the frame has the dtypes a Parquet read gives the in-memory backend."""
        with self.lock:
            cursor = self.con.cursor()
        try:
            return cursor.sql(query, params=list(params)).to_arrow_table().to_pandas()
        finally:
            cursor.close()

    def scalar(self, query: str, params: Sequence[Any] = ()) -> Any:
        frame = self.sql(query, params)
        return frame.iat[0, 0] if len(frame) else None

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """Remember a derived result (keyed by the selection) for this corpus; small LRU."""
        return bounded_memo(self.extras, key, compute, size=128)

    def close(self) -> None:
        self.con.close()
