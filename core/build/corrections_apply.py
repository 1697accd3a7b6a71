"""The overlay applied to freshly built tables: a pure function, tables in, tables out.

Each corrected row gets the names of its corrected fields in a `corrected` list column
(events, actors, quotes), which the dashboard shows as a pencil and exports carry. An
entry whose target the tables no longer hold is returned as an orphan, never dropped:
it stays in the log and applies again if its target comes back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import pandas as pd

from core.build.cluster import article_sources, cluster_events
from core.build.corrections import Entry
from core.build.corrections_actors import ActorResult, apply_actor_entries
from core.build.corrections_keys import event_index, quote_keys

CORRECTED = "corrected"
MARKED_TABLES = ("events", "actors", "quotes")


class Orphan(NamedTuple):
    """A correction with nothing to apply to in the current tables, and why."""

    entry: Entry
    reason: str


class Applied(NamedTuple):
    """Corrected tables, the orphans, and how many entries applied."""

    frames: dict[str, pd.DataFrame]
    orphans: list[Orphan]
    applied: int


def _with_marker(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True).copy()
    frame[CORRECTED] = pd.Series([[] for _ in range(len(frame))], dtype=object)
    return frame


def _set_cells(frame: pd.DataFrame, cells: dict[tuple[int, str], Any]) -> pd.DataFrame:
    """Write (row, column) -> value cells and record the columns in `corrected`."""
    if not cells:
        return frame
    marks = [list(m) for m in frame[CORRECTED]]
    by_column: dict[str, dict[int, Any]] = {}
    for (row, column), value in cells.items():
        by_column.setdefault(column, {})[row] = value
        if column not in marks[row]:
            marks[row].append(column)
    for column, values in by_column.items():
        if column not in frame.columns:
            continue
        data = frame[column].astype(object).tolist()
        for row, value in values.items():
            data[row] = value
        frame[column] = pd.Series(data, dtype=object, index=frame.index)
    frame[CORRECTED] = pd.Series(marks, dtype=object, index=frame.index)
    return frame


def _apply_events(
    frames: dict[str, pd.DataFrame], entries: list[Entry], orphans: list[Orphan]
) -> tuple[set[str], int]:
    """Event corrections in place in `frames`; returns (rejected event ids, applied)."""
    if not entries:
        return set(), 0
    events = frames["events"]
    index = event_index(frames)
    cells: dict[tuple[int, str], Any] = {}
    rejected: set[str] = set()
    applied = 0
    for entry in entries:
        row = index.get(entry.target)
        if row is None:
            orphans.append(Orphan(entry, "the event's sentence is no longer extracted"))
            continue
        applied += 1
        if entry.field == "rejected":
            if entry.after:
                rejected.add(str(events["event_id"].iat[row]))
            continue
        cells[(row, entry.field)] = (
            list(entry.after) if isinstance(entry.after, list) else entry.after
        )
    frames["events"] = _set_cells(events, cells)
    return rejected, applied


def _apply_quotes(
    frames: dict[str, pd.DataFrame],
    entries: list[Entry],
    result: ActorResult,
    orphans: list[Orphan],
) -> int:
    if not entries:
        return 0
    quotes = frames["quotes"]
    rows: dict[str, int] = {}
    for row, key in enumerate(quote_keys(quotes)):
        rows.setdefault(key, row)
    known = set(frames["actors"]["actor_id"].astype(str))
    cells: dict[tuple[int, str], Any] = {}
    for entry in entries:
        found = rows.get(entry.target)
        speaker = result.resolve(entry.after)
        if found is None:
            orphans.append(Orphan(entry, "the quote is no longer extracted"))
        elif speaker is not None and speaker not in known:
            orphans.append(Orphan(entry, f"the speaker {entry.after} is no longer an actor"))
        else:
            cells[(found, entry.field)] = speaker
    frames["quotes"] = _set_cells(quotes, cells)
    return len(cells)


def _drop_rejected(frames: dict[str, pd.DataFrame], rejected: set[str]) -> None:
    """Rejected events leave `events` and every table keyed by event id."""
    if not rejected:
        return
    for name, frame in frames.items():
        if "event_id" in frame.columns:
            keep = ~frame["event_id"].astype(str).isin(rejected)
            frames[name] = frame[keep.to_numpy()].reset_index(drop=True)


CLUSTER_FIELDS = ("type", "countries", "date", "date_precision", "rejected")


def _reclusters(overlay: list[Entry]) -> bool:
    return any(e.kind == "event" and e.field in CLUSTER_FIELDS for e in overlay)


def _by_kind(overlay: Iterable[Entry], kind: str) -> list[Entry]:
    return [e for e in overlay if e.kind == kind]


def apply_corrections(frames: dict[str, pd.DataFrame], overlay: Iterable[Entry]) -> Applied:
    """The tables with every overlay entry applied (the input frames are not modified)."""
    overlay = list(overlay)
    out = dict(frames)
    for name in MARKED_TABLES:
        out[name] = _with_marker(frames[name])
    out["mentions"] = frames["mentions"].reset_index(drop=True).copy()
    orphans: list[Orphan] = []
    result = apply_actor_entries(out, _by_kind(overlay, "actor"))
    orphans += [Orphan(e, why) for e, why in result.orphans]
    rejected, n_events = _apply_events(out, _by_kind(overlay, "event"), orphans)
    n_quotes = _apply_quotes(out, _by_kind(overlay, "quote"), result, orphans)
    if result.replaced:
        out["events"] = _map_actor_lists(out["events"], result)
    _drop_rejected(out, rejected)
    if n_events and not out["events"].empty and _reclusters(overlay):
        # Corrected types, countries or dates change which reports are the same event.
        sources = article_sources(out["articles"]) if "articles" in out else None
        out["events"] = cluster_events(out["events"], sources)
    return Applied(out, orphans, result.applied + n_events + n_quotes)


def _map_actor_lists(events: pd.DataFrame, result: ActorResult) -> pd.DataFrame:
    events = events.copy()
    events["actor_ids"] = pd.Series(
        [
            result.map_event_actors(str(a), int(s), list(ids))
            for a, s, ids in zip(
                events["article_id"], events["sentence"], events["actor_ids"], strict=True
            )
        ],
        dtype=object,
        index=events.index,
    )
    return events
