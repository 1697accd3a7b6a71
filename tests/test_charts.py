"""Chart specs: the encodings, selections and data the pages rely on."""

from __future__ import annotations

import json

import pandas as pd

from core.dashboard import charts


def _cells() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso2": ["RU", "RU", "US"],
            "country": ["Russia", "Russia", "United States"],
            "domain": ["arms_procurement", "joint_exercises", "arms_procurement"],
            "events": [5, 2, 3],
        }
    )


def test_heatmap_spec() -> None:
    spec = charts.heatmap_chart(_cells()).to_dict()
    assert spec["mark"]["type"] == "rect"
    assert spec["encoding"]["y"]["field"] == "label"  # domains read horizontally, in full
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0
    assert spec["encoding"]["x"]["field"] == "country"
    assert spec["encoding"]["color"]["legend"]["format"] == "d"
    assert spec["encoding"]["color"]["field"] == "events"
    assert spec["params"][0]["name"] == "cell"
    assert spec["params"][0]["select"]["fields"] == ["iso2", "domain"]
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 3


def test_fast_spec_equals_chart_apart_from_data() -> None:
    fast = charts.chart_spec("heatmap", _cells())
    slow = charts.heatmap_chart(_cells()).to_dict()
    for key in ("mark", "encoding", "params"):
        assert fast[key] == slow[key]
    assert fast["data"] == {"name": charts.DATA_NAME}
    assert fast["datasets"][charts.DATA_NAME]["events"].tolist() == [5, 2, 3]
    # the cached template is not mutated by a call
    again = charts.chart_spec("heatmap", _cells().head(1))
    assert len(again["datasets"][charts.DATA_NAME]) == 1
    assert len(fast["datasets"][charts.DATA_NAME]) == 3


def test_domains_time_colours_are_stable() -> None:
    counts = pd.DataFrame(
        {"year": [2020, 2021], "domain": ["tourism", "arms_procurement"], "events": [1, 2]}
    )
    spec = charts.domains_time_chart(counts).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours["Arms procurement"] == charts.DOMAIN_COLORS["arms_procurement"]
    assert spec["encoding"]["y"]["axis"]["tickMinStep"] == 1
    assert spec["params"][0]["name"] == "bar"


def test_timeline_and_compare() -> None:
    tl = charts.timeline_chart(pd.DataFrame({"year": [2020, 2021], "events": [3, 4]})).to_dict()
    assert tl["encoding"]["x"]["field"] == "year" and tl["mark"]["type"] == "bar"
    frame = pd.DataFrame({"key": ["visit", "visit"], "events": [2, 5], "focus": ["DZ", "MA"]})
    cmp = charts.compare_chart(frame, "compare_types").to_dict()
    assert "facet" not in cmp  # one chart per country, each with its own axis
    assert (
        cmp["encoding"]["y"]["field"] == "label" and cmp["encoding"]["x"]["axis"]["format"] == "d"
    )
    rows = charts.chart_spec("compare_types", frame)["datasets"][charts.DATA_NAME]
    assert rows["label"].tolist() == ["Visit", "Visit"]
    json.dumps(charts.chart_spec("compare_years", frame.assign(key=[2020, 2021])), default=str)


def test_every_kind_builds_on_empty_data() -> None:
    empty = pd.DataFrame(
        columns=["iso2", "country", "domain", "events", "year", "key", "focus", "top_domains"]
    )
    for kind in charts.KINDS:
        assert charts.chart_spec(kind, empty)["datasets"][charts.DATA_NAME].empty


def test_timeline_marks_days_as_points_and_months_as_spans() -> None:
    from core.dashboard.corpus import build_corpus
    from core.dashboard.timeline import timeline_rows
    from tests.synthetic import synthetic_tables

    corpus = build_corpus(synthetic_tables(400, 40, 60, seed=9))
    rows = timeline_rows(corpus, corpus.event_year >= 0, top=3, limit=100)
    assert 0 < rows["country"].nunique() <= 3 and len(rows) >= 100  # an event x each country
    month = rows[rows["precision"] == "month"]
    assert (month["start"].str.endswith("-01")).all() and (month["end"] >= month["start"]).all()
    day = rows[rows["precision"] == "day"]
    assert (day["start"] == day["end"]).all()
    spec = charts.chart_spec("event_marks", rows)
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "point"]
