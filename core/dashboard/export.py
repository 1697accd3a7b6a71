"""Downloads of the filtered rows: CSV for spreadsheets, Parquet for analysis.

CSV has no list type, so list columns (countries, domains, ...) are joined with '|';
Parquet keeps them as lists, so a Parquet export reads back into the same frame.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

LIST_SEPARATOR = "|"


def _is_list_column(series: pd.Series) -> bool:
    sample = series.dropna().head(20)
    return len(sample) > 0 and all(isinstance(v, list | tuple | np.ndarray) for v in sample)


def _lists_to_python(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object and _is_list_column(out[col]):
            out[col] = [
                list(v) if isinstance(v, list | tuple | np.ndarray) else v for v in out[col]
            ]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM so spreadsheet programs read accents), lists joined with '|'."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object and _is_list_column(out[col]):
            out[col] = [
                LIST_SEPARATOR.join(map(str, v)) if isinstance(v, list | tuple | np.ndarray) else v
                for v in out[col]
            ]
    return out.to_csv(index=False).encode("utf-8-sig")


def to_parquet_bytes(frame: pd.DataFrame) -> bytes:
    """Parquet bytes, list columns kept as lists."""
    table = pa.Table.from_pandas(
        _lists_to_python(frame.reset_index(drop=True)), preserve_index=False
    )
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def read_parquet_bytes(data: bytes) -> pd.DataFrame:
    """Inverse of `to_parquet_bytes` (used by tests and by anyone reloading an export)."""
    return pq.read_table(io.BytesIO(data)).to_pandas()


def _encoded(encode: Callable[[pd.DataFrame], bytes], make_frame: Callable[[], Any]) -> bytes:
    return encode(make_frame())


def download_buttons(name: str, make_frame, key: str, label: str | None = None) -> None:
    """CSV and Parquet buttons named after what they download ("Download countries
    (CSV)"); the rows are only built when a button is clicked.

    `make_frame` is a zero-argument callable so a 100k-row export costs nothing on a
    rerun (Streamlit's deferred download). Leased: a rebuild cuts it loose, so an idle
    session's buttons do not keep the old corpus alive (`core.dashboard.slot`)."""
    import streamlit as st

    from core.dashboard.state import lease

    make_frame = lease(make_frame)

    what = label or name.replace("_", " ")
    formats = (
        ("CSV", "csv", "text/csv", to_csv_bytes),
        ("Parquet", "parquet", "application/vnd.apache.parquet", to_parquet_bytes),
    )
    for column, (label_, ext, mime, encode) in zip(st.columns(2), formats, strict=True):
        column.download_button(
            f"Download {what} ({label_})",
            data=partial(_encoded, encode, make_frame),
            file_name=f"entente_{name}.{ext}",
            mime=mime,
            key=f"dl_{ext}_{key}",
            on_click="ignore",
            icon=":material/download:",
        )
