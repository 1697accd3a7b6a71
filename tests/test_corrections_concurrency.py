"""Several analysts at once: threads and processes writing the log and re-applying it
never corrupt the database, and every write lands (in the log and in the tables)."""

from __future__ import annotations

import itertools
import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path

import pandas as pd

from core.build.corrections import Change, append, db_path, read_log
from core.build.corrections_keys import event_key
from core.build.corrections_store import reapply, write_built_tables
from core.build.schema import empty
from core.build.store import read_tables

WRITES = 15
TYPES = ("visit", "meeting", "agreement", "dialogue", "exercise")


def _write(tables: str, worker: int) -> None:
    for i in range(WRITES):
        change = Change(f"analyst-{worker}", "event", f"a{worker}:{i}", "type", None, "visit")
        append(Path(tables), [change], version="test")


def _integrity(tables: Path) -> str:
    with sqlite3.connect(db_path(tables)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def test_threads_all_land(tmp_path: Path) -> None:
    threads = [threading.Thread(target=_write, args=(str(tmp_path), w)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    log = read_log(tmp_path)
    assert len(log) == 6 * WRITES
    assert len({(e.analyst, e.target) for e in log}) == 6 * WRITES
    assert _integrity(tmp_path) == "ok"


def test_processes_all_land(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write, args=(str(tmp_path), w)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert len(read_log(tmp_path)) == 4 * WRITES
    assert _integrity(tmp_path) == "ok"


def _frames(n: int) -> dict[str, pd.DataFrame]:
    events = pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "article_id": "a",
            "sentence": range(n),
            "excerpt": [f"Phrase numéro {i}." for i in range(n)],
            "type": "other",
            "countries": [["DZ", "US"] for _ in range(n)],
            "actor_ids": [[] for _ in range(n)],
            "domains": [[] for _ in range(n)],
            "cues": [[] for _ in range(n)],
        }
    )
    return {**{t: empty(t) for t in ("articles", "actors", "mentions", "quotes")}, "events": events}


def _correct_and_reapply(tables: Path, row: int) -> None:
    time.sleep(row * 0.02)  # the first save starts alone
    target = event_key("a", f"Phrase numéro {row}.")
    append(tables, [Change(f"analyst-{row}", "event", target, "type", "other", TYPES[row % 5])])
    reapply(tables)


def test_concurrent_saves_all_reach_the_tables(tmp_path: Path, monkeypatch) -> None:
    """Each save re-applies the overlay under the tables lock; whatever the interleaving,
    the tables end with every analyst's correction. The first save is made slow between
    reading the overlay and writing the tables: without the lock it would write last,
    with an overlay that misses the others' corrections."""
    import core.build.corrections_store as store

    read, calls = store.read_overlay, itertools.count()

    def slow_first_read(tables: Path):  # type: ignore[no-untyped-def]
        entries = read(tables)
        if next(calls) == 1:  # call 0 is the build below
            time.sleep(0.5)
        return entries

    monkeypatch.setattr(store, "read_overlay", slow_first_read)
    write_built_tables(tmp_path, _frames(8))
    threads = [
        threading.Thread(target=_correct_and_reapply, args=(tmp_path, row)) for row in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    events = read_tables(tmp_path)["events"]
    assert list(events["type"]) == [TYPES[row % 5] for row in range(8)]
    assert all(list(c) == ["type"] for c in events["corrected"])


def test_unreadable_database_leaves_tables_built_and_the_file_alone(tmp_path: Path) -> None:
    from core.build.corrections_store import corrections_problem

    garbage = b"not a database, " * 200
    db_path(tmp_path).write_bytes(garbage)
    applied = write_built_tables(tmp_path, _frames(3))
    assert applied.applied == 0
    assert len(read_tables(tmp_path)["events"]) == 3
    assert "cannot be read" in corrections_problem(tmp_path)
    assert db_path(tmp_path).read_bytes() == garbage
