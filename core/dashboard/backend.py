"""Which backend holds the tables: in memory (pandas frames and numpy indexes,
`core.dashboard.corpus`) up to ENTENTE_DUCKDB_EVENTS events, DuckDB above
(`core.dashboard.duck_corpus`). Set ENTENTE_DUCKDB_EVENTS=0 to force DuckDB."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.build.dashboard_db import count_events, duckdb_events
from core.dashboard.corpus import Corpus, load_corpus
from core.dashboard.duck_corpus import DuckCorpus
from core.dashboard.duck_load import load_duck
from core.dashboard.duck_where import ArticleSelection, Selection

AnyCorpus = Corpus | DuckCorpus
Mask = np.ndarray | Selection
ArticleMask = np.ndarray | ArticleSelection


def load_tables(tables_dir: Path) -> AnyCorpus:
    """The corpus of the current generation, on the backend its size calls for."""
    if count_events(tables_dir) > duckdb_events():
        return load_duck(Path(tables_dir))
    return load_corpus(Path(tables_dir))
