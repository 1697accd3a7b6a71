"""The DuckDB copy of a table generation that the dashboard queries above
ENTENTE_DUCKDB_EVENTS events, and the build step that makes it.

The database (`.dashboard-<key>.duckdb`, beside the tables when the folder is writable,
else in the temporary folder) is made once per generation: the tables copied in, with
what every query would otherwise recompute per row (each event's article position,
outlet and title, the days its date may denote, its year, its folded excerpt; each
quote's folded text). It is written under a temporary name and renamed, so a process
killed while making it leaves nothing half-made; a later generation gets a database of
its own. `python -m core build` makes it right after publishing tables that big, and so
does a corrections import or save (`prepare_database`), so the first dashboard session
does not wait for it; the dashboard still makes it itself for tables written otherwise.
A database beside the tables goes with its generation; one in the temporary folder
(shared by every tables folder) goes as soon as a dashboard opens any tables after its
generation is gone (`prune_temporary`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from core.build.generations import current_dir
from core.build.schema import SCHEMAS, TABLES, empty
from core.build.store import table_files
from core.config import number_setting
from core.text.fold import fold_all
from core.text.url import http_url

if TYPE_CHECKING:
    import duckdb

DUCKDB_EVENTS = 500_000


def duckdb_events() -> int:
    """Events above which the dashboard uses DuckDB (ENTENTE_DUCKDB_EVENTS)."""
    return number_setting("ENTENTE_DUCKDB_EVENTS", DUCKDB_EVENTS, 0)


def count_events(tables_dir: Path) -> int:
    """Events in the current generation, from the Parquet footers (no row is read)."""
    files = table_files(current_dir(Path(tables_dir)), "events")
    return sum(pq.read_metadata(p).num_rows for p in files)


def make_database(tables_dir: Path) -> Path:
    """The database of the current generation, made now if missing."""
    return database_path(current_dir(Path(tables_dir)))


def prepare_database(tables_dir: Path) -> str | None:
    """Make the database now if the tables are big enough for DuckDB, so that the first
    dashboard session after whoever wrote them (a build, a corrections import) does not
    wait minutes for it. A failure only defers it to that session: the message says why
    (None when made or not needed)."""
    if count_events(tables_dir) <= duckdb_events():
        return None
    try:
        make_database(tables_dir)
    except Exception as exc:  # the tables are published: the dashboard makes it later
        return f"{tables_dir}: dashboard database not made now ({exc})"
    return None


LAYOUT = "5"  # bump when the tables below change
BUILD_MEMORY = os.environ.get("ENTENTE_DUCKDB_BUILD_MEMORY", "2GB")  # once per generation

_LO = """CASE length({d}) WHEN 4 THEN {d} || '-01-01' WHEN 7 THEN {d} || '-01'
    WHEN 10 THEN {d} END"""
_HI = """CASE length({d}) WHEN 4 THEN {d} || '-12-31' WHEN 7 THEN {d} || '-31'
    WHEN 10 THEN {d} END"""
# Ranks are numbered over the few columns they need and joined back: a window over
# every column (texts, lists) made the whole table go through the window operator.
_EVENTS = f"""
CREATE TABLE ev AS
WITH first AS (SELECT article_id, min(pos) AS art_pos FROM art GROUP BY article_id),
j AS (SELECT e.*, first.art_pos, coalesce(art.outlet, '') AS outlet, art.title AS title,
  {_LO.format(d="e.date")} AS lo,
  {_HI.format(d="e.date")} AS hi,
  coalesce(TRY_CAST(substr(e.date, 1, 4) AS INTEGER), -1) AS year,
  entente_fold(coalesce(e.excerpt, '')) AS folded,
  list_distinct(e.countries) AS cs, list_distinct(e.domains) AS ds,
  flatten(list_transform(list_distinct(e.countries), lambda x: list_transform(
    list_filter(list_distinct(e.countries), lambda y: y > x), lambda y: [x, y]))) AS pairs
FROM raw_events e LEFT JOIN first USING (article_id) LEFT JOIN art ON art.pos = first.art_pos),
r AS (SELECT pos, row_number() OVER (
  ORDER BY coalesce({_LO.format(d="date")}, '') DESC, pos DESC) AS rank FROM raw_events)
SELECT j.*, r.rank FROM j JOIN r USING (pos) ORDER BY rank
"""
_VOCAB = "CREATE TABLE country_vocab AS SELECT DISTINCT unnest(cs) AS c FROM ev"
_ARTICLES = """
CREATE TABLE art AS
WITH r AS (SELECT pos, row_number() OVER (ORDER BY coalesce(published, '') DESC, pos DESC)
  AS rank FROM raw_articles)
SELECT a.*, entente_url_ok(a.url) AS url_ok, r.rank FROM raw_articles a JOIN r USING (pos)
ORDER BY pos
"""
_QUOTES = """
CREATE TABLE quotes AS SELECT *, entente_fold(coalesce(text, '')) AS folded FROM raw_quotes
ORDER BY pos
"""
_ARTICLE_EVENTS = """
CREATE TABLE art_events AS SELECT art_pos AS pos, count(*) AS events FROM ev
WHERE art_pos IS NOT NULL GROUP BY art_pos
"""


def _url_ok(url: str) -> bool:
    return http_url(url) is not None


def _fold_column(values: pa.Array) -> pa.Array:
    """`fold` over a whole vector of texts in one call (a Python call per row, and
    `str.translate` per text, cost seconds per million events)."""
    return pa.array(fold_all(["" if v is None else v for v in values.to_pylist()]), pa.string())


def _raw(con: duckdb.DuckDBPyConnection, folder: Path, name: str) -> None:
    """`raw_<name>`: the table's rows, each with `pos`, its place in the table (parts in
    name order, rows in file order), from the Parquet footers' row counts: numbering
    them with a window over every column took most of the database's making."""
    files = [str(p) for p in table_files(folder, name)]
    if not files:
        con.register(f"raw_{name}_empty", empty(name).assign(pos=0)[["pos", *SCHEMAS[name].names]])
        con.execute(f"CREATE TEMP VIEW raw_{name} AS SELECT * FROM raw_{name}_empty")
        return
    bases = np.cumsum([0] + [pq.read_metadata(f).num_rows for f in files[:-1]]).tolist()
    con.execute(f"CREATE TEMP TABLE base_{name} (filename VARCHAR, base BIGINT)")
    con.executemany(f"INSERT INTO base_{name} VALUES (?, ?)", list(zip(files, bases, strict=True)))
    con.read_parquet(files, filename=True, file_row_number=True).create_view(f"raw_{name}_files")
    con.execute(
        f"CREATE TEMP VIEW raw_{name} AS SELECT b.base + r.file_row_number AS pos, "
        f"r.* EXCLUDE (filename, file_row_number) FROM raw_{name}_files r "
        f"JOIN base_{name} b USING (filename)"
    )


def _plain(name: str) -> str:
    return f"CREATE TABLE {name} AS SELECT * FROM raw_{name} ORDER BY pos"


def build_database(folder: Path, target: Path) -> None:
    """Copy one generation's tables into a new DuckDB file at `target` (atomically)."""
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    import duckdb  # only here: a build of tables that stay in memory never needs it
    from duckdb.func import PythonUDFType

    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"SET memory_limit = '{BUILD_MEMORY}'")
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET enable_progress_bar = false")
        con.create_function(
            "entente_fold", _fold_column, ["VARCHAR"], "VARCHAR", type=PythonUDFType.ARROW
        )
        con.create_function("entente_url_ok", _url_ok, ["VARCHAR"], "BOOLEAN")
        for name in TABLES:
            _raw(con, folder, name)
        con.execute(_ARTICLES)
        con.execute(_EVENTS)
        con.execute(_ARTICLE_EVENTS)
        con.execute(_VOCAB)
        con.execute(_QUOTES)
        for name in ("actors", "mentions", "event_mentions"):
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
        for part in table_files(folder, name):
            with contextlib.suppress(OSError):
                st = part.stat()
                digest.update(f"{part.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def _forget_others(place: Path, keep: Path) -> None:
    """Databases of earlier tables or layouts in the same folder, and temporary ones a
    killed server left over an hour ago (a server still reading one keeps its open file)."""
    now = time.time()
    for old in place.glob(".dashboard-*.duckdb*"):
        stale = ".tmp-" not in old.name or now - old.stat().st_mtime > 3600
        if not old.name.startswith(keep.name) and stale:
            _remove(old)


SOURCE = ".source"  # beside a database in the temporary folder: its generation's path


def temporary_place() -> Path:
    """Where databases go when the tables folder is not writable (shared by every tables
    folder on the machine, so each database says whose it is in its `.source` file)."""
    return Path(tempfile.gettempdir()) / "entente-duckdb"


def prune_temporary(place: Path | None = None) -> None:
    """Remove the databases of the temporary folder whose generation is gone or was
    rewritten (its key changed), and temporary files over an hour old. Run whenever a
    dashboard opens its tables, so a database there does not outlive its generation
    until the next one is built in the same place; those of other tables folders that
    are still current stay (the folder is shared)."""
    place = place or temporary_place()
    if not place.is_dir():
        return
    now = time.time()
    for path in place.glob(".dashboard-*"):
        with contextlib.suppress(OSError):
            if ".tmp-" in path.name:
                if now - path.stat().st_mtime > 3600:
                    _remove(path)
                continue
            if not path.name.endswith(".duckdb"):
                if path.name.endswith(".duckdb.wal"):
                    continue
                if path.name.endswith(SOURCE) and not path.with_suffix("").exists():
                    _remove(path)
                continue
            if not _current(path):
                for part in (path, path.with_name(path.name + ".wal")):
                    _remove(part)
                _remove(path.with_name(path.name + SOURCE))


def _current(database: Path) -> bool:
    """The database's generation still exists with the same tables. One without a
    `.source` (made before they were written) counts as current for an hour."""
    source = database.with_name(database.name + SOURCE)
    try:
        folder = Path(source.read_text(encoding="utf-8"))
    except OSError:
        return time.time() - database.stat().st_mtime < 3600
    return folder.is_dir() and database.name == f".dashboard-{_key(folder)}.duckdb"


def database_path(folder: Path) -> Path:
    """Where this generation's database lives (made if missing)."""
    name = f".dashboard-{_key(folder)}.duckdb"
    shared = temporary_place()
    prune_temporary(shared)
    for place in (folder, shared):
        path = place / name
        if path.exists():
            return path
        try:
            place.mkdir(parents=True, exist_ok=True)
            build_database(folder, path)
        except OSError:
            continue
        if place == shared:
            path.with_name(name + SOURCE).write_text(str(folder.resolve()), encoding="utf-8")
        else:
            _forget_others(place, path)
        return path
    raise OSError(f"{folder}: no writable place for the dashboard's DuckDB database")
