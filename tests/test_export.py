"""Exports: Parquet round-trips the filtered rows, CSV joins lists."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from core.dashboard import query as q
from core.dashboard import rows as r
from core.dashboard.corpus import build_corpus
from core.dashboard.export import read_parquet_bytes, to_csv_bytes, to_parquet_bytes
from core.dashboard.filters import Filters
from tests.synthetic import synthetic_tables


def test_parquet_round_trip_of_filtered_events() -> None:
    c = build_corpus(synthetic_tables(300, 40, 60, seed=5))
    rows = r.events_view(c, q.event_mask(c, Filters(countries=("RU",))))
    back = read_parquet_bytes(to_parquet_bytes(rows))
    assert len(back) == len(rows) > 0
    assert list(back.columns) == list(rows.columns)
    assert [list(x) for x in back["countries"]] == [list(x) for x in rows["countries"]]
    assert back["excerpt"].tolist() == rows["excerpt"].tolist()


def test_csv_joins_lists_and_keeps_accents() -> None:
    frame = pd.DataFrame({"countries": [np.array(["DZ", "US"]), []], "title": ["Algérie", None]})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text))
    assert back["countries"].tolist()[0] == "DZ|US"
    assert back["title"].tolist()[0] == "Algérie"
