"""Corroboration: the same event in several articles (core/cluster.py)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.build.cluster import cluster_events


def _event(
    event_id: str, article_id: str, kind: str, countries: list[str], date: str | None
) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "article_id": article_id,
        "type": kind,
        "countries": countries,
        "date": date,
    }


def _cluster(*events: dict[str, Any]) -> pd.DataFrame:
    return cluster_events(pd.DataFrame(list(events))).set_index("event_id")


def test_same_event_in_two_articles_is_one_cluster() -> None:
    out = _cluster(
        _event("e1", "a1", "agreement", ["EG", "RU"], "2024-02-12"),
        _event("e2", "a2", "agreement", ["RU", "EG"], "2024-02-12"),
    )
    assert out.at["e1", "cluster_id"] == out.at["e2", "cluster_id"]
    assert list(out["n_sources"]) == [2, 2]


def test_month_and_day_dates_agree() -> None:
    out = _cluster(
        _event("e1", "a1", "visit", ["IN", "FR"], "2024-03"),
        _event("e2", "a2", "visit", ["FR", "IN"], "2024-03-12"),
    )
    assert out.at["e1", "cluster_id"] == out.at["e2", "cluster_id"]
    assert out.at["e1", "n_sources"] == 2


def test_different_days_type_or_countries_do_not_cluster() -> None:
    out = _cluster(
        _event("e1", "a1", "visit", ["IN", "FR"], "2024-03-12"),
        _event("e2", "a2", "visit", ["IN", "FR"], "2024-03-14"),
        _event("e3", "a3", "meeting", ["IN", "FR"], "2024-03-12"),
        _event("e4", "a4", "visit", ["IN", "US"], "2024-03-12"),
    )
    assert out["cluster_id"].nunique() == 4
    assert set(out["n_sources"]) == {1}


def test_year_only_dates_do_not_cluster() -> None:
    out = _cluster(
        _event("e1", "a1", "procurement", ["CN", "PK"], "2022"),
        _event("e2", "a2", "procurement", ["CN", "PK"], "2022"),
    )
    assert out.at["e1", "cluster_id"] != out.at["e2", "cluster_id"]


def test_undated_events_never_cluster() -> None:
    out = _cluster(
        _event("e1", "a1", "agreement", ["IT", "LY"], None),
        _event("e2", "a2", "agreement", ["IT", "LY"], None),
    )
    assert out.at["e1", "cluster_id"] != out.at["e2", "cluster_id"]
    assert list(out["n_sources"]) == [1, 1]


def test_n_sources_counts_distinct_articles() -> None:
    out = _cluster(
        _event("e1", "a1", "exercise", ["CN", "PK"], "2023-11-20"),
        _event("e2", "a1", "exercise", ["CN", "PK"], "2023-11-20"),
        _event("e3", "a2", "exercise", ["PK", "CN"], "2023-11-20"),
    )
    assert out["cluster_id"].nunique() == 1
    assert set(out["n_sources"]) == {2}


def test_cluster_ids_are_stable_and_input_untouched() -> None:
    frame = pd.DataFrame(
        [
            _event("e1", "a1", "agreement", ["EG", "RU"], "2024-02-12"),
            _event("e2", "a2", "dialogue", ["EG", "RU"], None),
        ]
    )
    first = cluster_events(frame)
    second = cluster_events(frame)
    assert "cluster_id" not in frame.columns
    assert list(first["cluster_id"]) == list(second["cluster_id"])
    assert first["n_sources"].dtype == "int64"


def test_a_january_and_a_november_visit_stay_two_clusters() -> None:
    out = _cluster(
        _event("e1", "a1", "visit", ["DZ", "US"], "2024"),
        _event("e2", "a2", "visit", ["US", "DZ"], "2024-01-10"),
        _event("e3", "a3", "visit", ["DZ", "US"], "2024-11-05"),
    )
    assert out["cluster_id"].nunique() == 3
    assert set(out["n_sources"]) == {1}


def test_a_year_only_event_joins_the_single_cluster_of_its_year() -> None:
    out = _cluster(
        _event("e1", "a1", "exercise", ["CN", "KH"], "2024"),
        _event("e2", "a2", "exercise", ["CN", "KH"], "2024-05-16"),
        _event("e3", "a3", "exercise", ["KH", "CN"], "2024-05"),
    )
    assert out["cluster_id"].nunique() == 1
    assert set(out["n_sources"]) == {3}


def test_a_month_between_two_days_joins_neither() -> None:
    out = _cluster(
        _event("e1", "a1", "visit", ["IN", "FR"], "2024-03-12"),
        _event("e2", "a2", "visit", ["IN", "FR"], "2024-03-20"),
        _event("e3", "a3", "visit", ["IN", "FR"], "2024-03"),
    )
    assert out["cluster_id"].nunique() == 3


def test_n_sources_counts_outlets_and_n_articles_articles() -> None:
    frame = pd.DataFrame(
        [
            _event("e1", "a1", "agreement", ["EG", "RU"], "2024-02-12"),
            _event("e2", "a2", "agreement", ["EG", "RU"], "2024-02-12"),
            _event("e3", "a3", "agreement", ["EG", "RU"], "2024-02-12"),
        ]
    )
    out = cluster_events(frame, {"a1": "outlet:afp", "a2": "outlet:afp", "a3": "site:x.org"})
    assert set(out["n_sources"]) == {2}  # a syndicated copy is not a second source
    assert set(out["n_articles"]) == {3}


def test_cluster_ids_do_not_depend_on_input_order() -> None:
    rows = [
        _event("e1", "a1", "visit", ["IN", "FR"], "2024-03"),
        _event("e2", "a2", "visit", ["IN", "FR"], "2024-03-12"),
        _event("e3", "a3", "meeting", ["IN", "FR"], "2024-03-12"),
    ]
    forward = cluster_events(pd.DataFrame(rows)).set_index("event_id")["cluster_id"]
    backward = cluster_events(pd.DataFrame(rows[::-1])).set_index("event_id")["cluster_id"]
    assert forward.sort_index().equals(backward.sort_index())


def test_empty_events() -> None:
    out = cluster_events(
        pd.DataFrame(columns=["event_id", "article_id", "type", "countries", "date"])
    )
    assert out.empty
    assert {"cluster_id", "n_sources"} <= set(out.columns)
