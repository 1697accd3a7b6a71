"""Which backend holds the tables: in memory (pandas frames and numpy indexes,
`core.dashboard.corpus`) up to ENTENTE_DUCKDB_EVENTS events, DuckDB above
(`core.dashboard.duck_corpus`). Set ENTENTE_DUCKDB_EVENTS=0 to force DuckDB."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from core.build.generations import current_dir
from core.dashboard.corpus import Corpus, load_corpus
from core.dashboard.duck_corpus import DuckCorpus, duckdb_events
from core.dashboard.duck_load import load_duck
from core.dashboard.duck_where import ArticleSelection, Selection

AnyCorpus = Corpus | DuckCorpus
Mask = np.ndarray | Selection
ArticleMask = np.ndarray | ArticleSelection


def count_events(tables_dir: Path) -> int:
    """Events in the current generation, from the Parquet footers (no row is read)."""
    path = current_dir(Path(tables_dir)) / "events.parquet"
    if path.is_dir():
        return sum(pq.read_metadata(p).num_rows for p in sorted(path.glob("*.parquet")))
    return pq.read_metadata(path).num_rows if path.exists() else 0


def load_tables(tables_dir: Path) -> AnyCorpus:
    """The corpus of the current generation, on the backend its size calls for."""
    if count_events(tables_dir) > duckdb_events():
        return load_duck(Path(tables_dir))
    return load_corpus(Path(tables_dir))
