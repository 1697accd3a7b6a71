"""The dashboard's one-corpus holder (core/dashboard/slot.py): rebuilds never pile up
copies, and leased download callables stop pinning a replaced corpus."""

from __future__ import annotations

import threading
import time
import weakref
from pathlib import Path

import pytest

from core.dashboard.slot import Slot, StaleDownload


class Tables:
    """Stands in for a loaded corpus (weak-referenceable, remembers what it was read from)."""

    def __init__(self, path: Path, generation: int) -> None:
        self.path, self.generation = path, generation


def _loader(log: list[weakref.ref]) -> tuple[list[int], object]:
    alive_at_load: list[int] = []

    def load(path: Path) -> Tables:
        alive_at_load.append(sum(ref() is not None for ref in log))
        value = Tables(path, len(log))
        log.append(weakref.ref(value))
        return value

    return alive_at_load, load


def test_same_key_loads_once_and_a_new_key_releases_the_old_value_first(tmp_path: Path) -> None:
    log: list[weakref.ref] = []
    alive_at_load, load = _loader(log)
    slot: Slot[Tables] = Slot(load)
    first = slot.get(tmp_path, ("t", 1))
    assert slot.get(tmp_path, ("t", 1)) is first
    del first
    for stamp in range(2, 7):
        slot.get(tmp_path, ("t", stamp))
    assert slot.loads == 6
    # When each reload started, no earlier copy was still alive.
    assert alive_at_load == [0, 0, 0, 0, 0, 0]
    assert [ref() is not None for ref in log] == [False] * 5 + [True]


def test_a_session_still_rendering_keeps_its_copy_until_it_lets_go(tmp_path: Path) -> None:
    log: list[weakref.ref] = []
    _, load = _loader(log)
    slot: Slot[Tables] = Slot(load)
    rendering = slot.get(tmp_path, 1)
    newer = slot.get(tmp_path, 2)
    assert rendering.generation == 0 and newer.generation == 1
    assert log[0]() is rendering
    del rendering
    assert log[0]() is None


def test_a_lease_works_until_the_slot_swaps_then_says_why(tmp_path: Path) -> None:
    log: list[weakref.ref] = []
    _, load = _loader(log)
    slot: Slot[Tables] = Slot(load)
    tables = slot.get(tmp_path, 1)
    # The callable holds the corpus itself, as a page's download closure does.
    download = slot.lease(lambda held=tables: f"rows of generation {held.generation}")
    assert download() == "rows of generation 0"
    del tables
    slot.get(tmp_path, 2)
    assert log[0]() is None, "the leased callable must not keep the old copy alive"
    with pytest.raises(StaleDownload, match="rebuilt"):
        download()


def test_clear_forgets_the_value_and_the_next_get_reloads(tmp_path: Path) -> None:
    log: list[weakref.ref] = []
    _, load = _loader(log)
    slot: Slot[Tables] = Slot(load)
    slot.get(tmp_path, 1)
    slot.clear()
    assert not slot.holds(1)
    assert slot.get(tmp_path, 1).generation == 1
    assert slot.loads == 2


def test_concurrent_sessions_asking_for_new_tables_load_them_once(tmp_path: Path) -> None:
    def slow_load(path: Path) -> Tables:
        time.sleep(0.05)
        return Tables(path, 0)

    slot: Slot[Tables] = Slot(slow_load)
    got: list[Tables] = []
    threads = [
        threading.Thread(target=lambda: got.append(slot.get(tmp_path, "k"))) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert slot.loads == 1
    assert len({id(v) for v in got}) == 1
