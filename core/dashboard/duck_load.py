"""Open the DuckDB database of one table generation (`core.build.dashboard_db` makes it,
in the build or here on first use) and read what the dashboard keeps in memory."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core.build.dashboard_db import database_path
from core.build.generations import current_dir
from core.build.pipeline import read_stamp
from core.build.schema import EVENT_STATUSES, EVENT_TYPES
from core.build.store import parquet_glob, read_tables
from core.dashboard.corpus import corpus_version, corrections_digest
from core.dashboard.duck_corpus import DuckCorpus
from core.dashboard.notices import MODEL_COLUMNS, model_notice

MEMORY_LIMIT = os.environ.get("ENTENTE_DUCKDB_MEMORY", "1GB")


def _column(folder: Path, name: str, column: str) -> pd.Series:
    glob = parquet_glob(folder, name)
    if glob is None:
        return pd.Series([], dtype=object)
    path = folder / f"{name}.parquet"
    table = pq.read_table(path, columns=[column])
    return table.column(column).to_pandas()


def _version(folder: Path, pipeline: str) -> str:
    """The link's `v`, computed as the in-memory backend computes it (same figures, same v)."""
    frames = {
        name: pd.DataFrame({"corrected": _column(folder, name, "corrected")})
        for name in ("events", "actors", "quotes")
    }
    return corpus_version(
        _column(folder, "articles", "article_id").astype(str),
        f"{pipeline}|{corrections_digest(frames)}",
    )


def _notice(folder: Path) -> str | None:
    """The model notice, from the articles' model column alone."""
    for column in MODEL_COLUMNS:
        try:
            values = _column(folder, "articles", column)
        except (KeyError, pa.ArrowInvalid):
            continue
        return model_notice(pd.DataFrame({column: values}))
    return None


def _vocabularies(c: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    def values(sql: str) -> list[str]:
        return [str(row[0]) for row in c.execute(sql).fetchall()]

    types = values("SELECT DISTINCT coalesce(type, '') FROM ev")
    statuses = values("SELECT DISTINCT coalesce(status, '') FROM ev")
    return {
        "countries": sorted(values("SELECT DISTINCT unnest(countries) AS x FROM ev")),
        "domains": sorted(values("SELECT DISTINCT unnest(domains) AS x FROM ev")),
        "outlets": sorted(
            values("SELECT DISTINCT outlet FROM art WHERE trim(coalesce(outlet, '')) <> ''")
        ),
        "types": list(EVENT_TYPES) + sorted(set(types) - set(EVENT_TYPES) - {""}),
        "statuses": list(EVENT_STATUSES) + sorted(set(statuses) - set(EVENT_STATUSES) - {""}),
    }


def load_duck(tables_dir: Path) -> DuckCorpus:
    """Open (making it once) the database of the current generation."""
    folder = current_dir(Path(tables_dir))
    pipeline = str(read_stamp(folder).get("pipeline_version", ""))
    path = database_path(folder)
    con = duckdb.connect(str(path), read_only=True)
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    vocab = _vocabularies(con)
    return DuckCorpus(
        path=path,
        con=con,
        version=_version(folder, pipeline),
        n_events=_count(con, "ev"),
        n_articles=_count(con, "art"),
        actors=read_tables(folder, ("actors",))["actors"],
        notice=_notice(folder),
        countries=vocab["countries"],
        domains=vocab["domains"],
        outlets=vocab["outlets"],
        types=vocab["types"],
        statuses=vocab["statuses"],
    )


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()  # our table names only
    return int(row[0]) if row else 0
