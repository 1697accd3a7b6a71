"""Corrections as the views show them: a pencil on corrected values, the log as a table.

Pure pandas (no Streamlit), so the marking and the log filters are tested directly.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from core.build.corrections import Entry
from core.build.corrections_csv import log_frame

PENCIL = "✏️"


def _fields(value: object) -> list[str]:
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value]
    return []


def pencil(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix every corrected value with a pencil (display only; `corrected` lists the
    fields). Frames without a `corrected` column come back unchanged."""
    if "corrected" not in frame.columns or frame.empty:
        return frame
    marks = [_fields(v) for v in frame["corrected"]]
    out = frame.copy()
    for column in {f for m in marks for f in m} & set(out.columns):
        values = out[column].astype(object).tolist()
        for row, fields in enumerate(marks):
            if column in fields:
                values[row] = f"{PENCIL} {'' if values[row] is None else values[row]}"
        out[column] = pd.Series(values, dtype=object, index=out.index)
    out["corrected"] = [", ".join(m) for m in marks]
    return out


def is_corrected(frame: pd.DataFrame) -> np.ndarray:
    """Boolean mask of rows with at least one corrected field."""
    if "corrected" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return np.array([bool(_fields(v)) for v in frame["corrected"]], dtype=bool)


def filter_log(
    entries: list[Entry],
    analysts: list[str] | None = None,
    kinds: list[str] | None = None,
    day_from: date | None = None,
    day_to: date | None = None,
) -> pd.DataFrame:
    """The log as a table, narrowed to some analysts, kinds and a range of days (UTC)."""
    frame = log_frame(entries)
    keep = np.ones(len(frame), dtype=bool)
    if analysts:
        keep &= frame["analyst"].isin(analysts).to_numpy()
    if kinds:
        keep &= frame["kind"].isin(kinds).to_numpy()
    day = frame["timestamp"].astype(str).str.slice(0, 10)
    if day_from:
        keep &= (day >= day_from.isoformat()).to_numpy()
    if day_to:
        keep &= (day <= day_to.isoformat()).to_numpy()
    return frame[keep].reset_index(drop=True)


def orphan_table(entries: list[Entry], reasons: dict[int, str]) -> pd.DataFrame:
    """The corrections that found no target at the last application, with why."""
    frame = log_frame([e for e in entries if e.id in reasons])
    return frame.assign(why=[reasons[int(i)] for i in frame["id"]])
