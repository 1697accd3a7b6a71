"""Build and open the DuckDB database of one table generation.

The database (`.dashboard-<key>.duckdb`, beside the tables when the folder is writable,
else in the temporary folder) is made once per generation: the tables copied in, with
what every query would otherwise recompute per row (each event's article position,
outlet and title, the days its date may denote, its year, its folded excerpt). It is
written under a temporary name and renamed, so a server killed while making it leaves
nothing half-made; a later generation gets a database of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core.build.generations import current_dir
from core.build.pipeline import read_stamp
from core.build.schema import EVENT_STATUSES, EVENT_TYPES, TABLES, empty
from core.build.store import parquet_glob, read_tables
from core.dashboard.corpus import corpus_version, corrections_digest
from core.dashboard.duck_corpus import DuckCorpus
from core.dashboard.notices import MODEL_COLUMNS, model_notice
from core.text.fold import fold
from core.text.url import http_url

LAYOUT = "4"  # bump when the tables below change
MEMORY_LIMIT = os.environ.get("ENTENTE_DUCKDB_MEMORY", "1GB")
BUILD_MEMORY = os.environ.get("ENTENTE_DUCKDB_BUILD_MEMORY", "2GB")  # once per generation

_POS = "row_number() OVER (ORDER BY filename, file_row_number) - 1 AS pos"
_EVENTS = f"""
CREATE TABLE ev AS
WITH e AS (SELECT {_POS}, * EXCLUDE (filename, file_row_number) FROM raw_events),
first AS (SELECT article_id, min(pos) AS art_pos FROM art GROUP BY article_id),
j AS (SELECT e.*, first.art_pos, coalesce(art.outlet, '') AS outlet, art.title AS title,
  CASE length(e.date) WHEN 4 THEN e.date || '-01-01' WHEN 7 THEN e.date || '-01'
    WHEN 10 THEN e.date END AS lo,
  CASE length(e.date) WHEN 4 THEN e.date || '-12-31' WHEN 7 THEN e.date || '-31'
    WHEN 10 THEN e.date END AS hi,
  coalesce(TRY_CAST(substr(e.date, 1, 4) AS INTEGER), -1) AS year,
  entente_fold(coalesce(e.excerpt, '')) AS folded,
  list_distinct(e.countries) AS cs, list_distinct(e.domains) AS ds,
  flatten(list_transform(list_distinct(e.countries), lambda x: list_transform(
    list_filter(list_distinct(e.countries), lambda y: y > x), lambda y: [x, y]))) AS pairs
FROM e LEFT JOIN first USING (article_id) LEFT JOIN art ON art.pos = first.art_pos)
SELECT *, row_number() OVER (ORDER BY coalesce(lo, '') DESC, pos DESC) AS rank FROM j
ORDER BY rank
"""
_VOCAB = "CREATE TABLE country_vocab AS SELECT DISTINCT unnest(cs) AS c FROM ev"
_ARTICLES = f"""
CREATE TABLE art AS
WITH a AS (SELECT {_POS}, * EXCLUDE (filename, file_row_number), entente_url_ok(url) AS url_ok
  FROM raw_articles)
SELECT *, row_number() OVER (ORDER BY coalesce(published, '') DESC, pos DESC) AS rank FROM a
ORDER BY pos
"""
_ARTICLE_EVENTS = """
CREATE TABLE art_events AS SELECT art_pos AS pos, count(*) AS events FROM ev
WHERE art_pos IS NOT NULL GROUP BY art_pos
"""


def _url_ok(url: str) -> bool:
    return http_url(url) is not None


def _raw(con: duckdb.DuckDBPyConnection, folder: Path, name: str) -> None:
    """`raw_<name>`: the table's Parquet file(s), or an empty table of its schema."""
    glob = parquet_glob(folder, name)
    if glob is None:
        con.register(f"raw_{name}_empty", empty(name).assign(filename="", file_row_number=0))
        con.execute(f"CREATE VIEW raw_{name} AS SELECT * FROM raw_{name}_empty")
        return
    con.read_parquet(glob, filename=True, file_row_number=True).create_view(f"raw_{name}")


def _plain(name: str) -> str:
    return (
        f"CREATE TABLE {name} AS SELECT {_POS}, * EXCLUDE (filename, file_row_number) "
        f"FROM raw_{name} ORDER BY pos"
    )


def build_database(folder: Path, target: Path) -> None:
    """Copy one generation's tables into a new DuckDB file at `target` (atomically)."""
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"SET memory_limit = '{BUILD_MEMORY}'")
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET enable_progress_bar = false")
        con.create_function("entente_fold", fold, ["VARCHAR"], "VARCHAR")
        con.create_function("entente_url_ok", _url_ok, ["VARCHAR"], "BOOLEAN")
        for name in TABLES:
            _raw(con, folder, name)
        con.execute(_ARTICLES)
        con.execute(_EVENTS)
        con.execute(_ARTICLE_EVENTS)
        con.execute(_VOCAB)
        for name in ("actors", "mentions", "quotes", "event_mentions"):
            con.execute(_plain(name))
        con.execute("CHECKPOINT")
        con.remove_function("entente_fold")
        con.remove_function("entente_url_ok")
    finally:
        con.close()
    os.replace(tmp, target)


def _key(folder: Path) -> str:
    """The generation's identity: its tables' files, sizes and times."""
    digest = hashlib.sha256(f"{LAYOUT}|{folder.resolve()}".encode())
    for name in TABLES:
        path = folder / f"{name}.parquet"
        parts = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        for part in parts:
            with contextlib.suppress(OSError):
                st = part.stat()
                digest.update(f"{part.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _forget_others(place: Path, keep: Path) -> None:
    """Databases of earlier tables or layouts in the same folder, and temporary ones a
    killed server left over an hour ago (a server still reading one keeps its open file)."""
    now = time.time()
    for old in place.glob(".dashboard-*.duckdb*"):
        stale = ".tmp-" not in old.name or now - old.stat().st_mtime > 3600
        if not old.name.startswith(keep.name) and stale:
            with contextlib.suppress(OSError):
                shutil.rmtree(old) if old.is_dir() else old.unlink()


def database_path(folder: Path) -> Path:
    """Where this generation's database lives (made if missing)."""
    name = f".dashboard-{_key(folder)}.duckdb"
    for place in (folder, Path(tempfile.gettempdir()) / "entente-duckdb"):
        path = place / name
        if path.exists():
            return path
        try:
            place.mkdir(parents=True, exist_ok=True)
            build_database(folder, path)
        except OSError:
            continue
        _forget_others(place, path)
        return path
    raise OSError(f"{folder}: no writable place for the dashboard's DuckDB database")


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
