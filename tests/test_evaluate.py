"""Scoring built tables against gold files (core/evaluate.py), on hand-made tables whose
expected metrics are counted by hand below."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from core.build.evaluate import FLOORS, evaluate, format_scores, same_person
from core.build.schema import SCHEMAS

GOLD_X1 = {
    "countries": ["FR", "IN", "PK"],
    "dyads": [["FR", "IN"]],
    "domains": ["arms_procurement", "training_education"],
    "people": [
        {"name": "Rajiv Menon", "country": "IN"},
        {"name": "Luc Garnier", "country": "FR"},
    ],
    "events": [
        {"type": "visit", "countries": ["IN", "FR"], "date": "2024-03-12"},
        {"type": "agreement", "countries": ["FR", "IN"], "date": "2024-03"},
        {"type": "exercise", "countries": ["FR", "IN"]},
    ],
    "quotes": [
        {"speaker": "Luc Garnier", "starts_with": "Nous allons"},
        {"speaker": "Rajiv Menon", "starts_with": "L'Inde est prête"},
    ],
    "boilerplate_must_not_appear": ["Cookies acceptés", "Partager sur"],
}
GOLD_X2 = {
    "countries": ["CN", "PK"],
    "dyads": [["PK", "CN"]],
    "domains": ["maritime_security"],
    "people": [],
    "events": [{"type": "procurement", "countries": ["PK", "CN"], "date": "2022"}],
    "quotes": [],
    "boilerplate_must_not_appear": [],
}


def _frame(table: str, records: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame.from_records(records, columns=SCHEMAS[table].names)


def _event(article: str, kind: str, countries: list[str], date: str | None, domains: list[str]):
    return {
        "article_id": article,
        "type": kind,
        "countries": countries,
        "date": date,
        "domains": domains,
    }


def _tables() -> dict[str, pd.DataFrame]:
    articles = [
        {"article_id": "a1", "file": "x1.txt", "text": "Texte franco-indien. Cookies acceptés."},
        {"article_id": "a2", "file": "x2.html", "text": "Texte sino-pakistanais."},
    ]
    actors = [
        {"actor_id": "person:rajeev-menon", "name": "Rajeev Menon", "country": "IN"},
        {"actor_id": "person:paris-match", "name": "Paris Match", "country": "FR"},
    ]
    mentions = [
        {"article_id": "a1", "actor_id": "country:FR"},
        {"article_id": "a1", "actor_id": "country:IN"},
        {"article_id": "a1", "actor_id": "person:rajeev-menon"},
        {"article_id": "a1", "actor_id": "person:paris-match"},
        {"article_id": "a1", "actor_id": None},
        {"article_id": "a2", "actor_id": "country:CN"},
        {"article_id": "a2", "actor_id": "country:PK"},
    ]
    events = [
        _event("a1", "visit", ["IN", "FR"], "2024-03-12", ["diplomacy_dialogue"]),
        _event("a1", "agreement", ["FR", "IN", "US"], "2024-04-02", ["arms_procurement"]),
        _event("a1", "statement", ["FR", "IN"], None, []),
        _event("a2", "procurement", ["CN", "PK"], "2022", ["maritime_security"]),
        _event("a2", "procurement", ["CN", "PK"], None, []),
    ]
    quotes = [
        {"article_id": "a1", "actor_id": "person:rajeev-menon", "text": "Nous allons signer"},
        {
            "article_id": "a1",
            "actor_id": "person:rajeev-menon",
            "text": "L’Inde est prête à former vos pilotes",
        },
    ]
    return {
        "articles": _frame("articles", articles),
        "actors": _frame("actors", actors),
        "mentions": _frame("mentions", mentions),
        "events": _frame("events", events),
        "quotes": _frame("quotes", quotes),
    }


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    for name, data in (("x1", GOLD_X1), ("x2", GOLD_X2), ("x3", GOLD_X2)):
        (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def test_metrics_counted_by_hand(gold: Path) -> None:
    scores = evaluate(_tables(), gold)
    m = scores.metrics
    # countries: x1 pred {FR, IN, US} vs {FR, IN, PK}: tp2 fp1 fn1; x2 tp2 -> 2*4/(8+2).
    assert m["countries_f1"] == pytest.approx(0.8)
    # dyads: x1 pred {FR-IN, FR-US, IN-US} vs {FR-IN}: tp1 fp2; x2 tp1 -> 4/6.
    assert m["dyads_f1"] == pytest.approx(4 / 6)
    # domains: x1 {diplomacy, arms} vs {arms, training}: tp1 fp1 fn1; x2 tp1 -> 4/6.
    assert m["domains_f1"] == pytest.approx(4 / 6)
    # people: Rajeev Menon ~ Rajiv Menon (tp), Paris Match (fp), Luc Garnier (fn) -> 2/4.
    assert m["people_f1"] == pytest.approx(0.5)
    assert m["people_country_accuracy"] == pytest.approx(1.0)
    # events: visit and agreement found, exercise missed; procurement found -> 3/4.
    assert m["event_recall"] == pytest.approx(0.75)
    # predicted: visit, agreement, both procurements match; statement does not -> 4/5.
    assert m["event_precision"] == pytest.approx(0.8)
    # dated gold events matched: visit ok, agreement wrong month, procurement ok -> 2/3.
    assert m["date_accuracy"] == pytest.approx(2 / 3)
    # quotes: "Nous allons" said by Menon, not Garnier (miss); "L'Inde est prête" hit.
    assert m["quote_recall"] == pytest.approx(0.5)
    assert m["boilerplate_leaks"] == 1


def test_failures_and_details(gold: Path) -> None:
    scores = evaluate(_tables(), gold)
    failures = scores.failures()
    assert set(failures) == {
        "countries_f1",
        "dyads_f1",
        "domains_f1",
        "people_f1",
        "event_recall",
        "date_accuracy",
        "quote_recall",
        "boilerplate_leaks",
    }
    assert failures["countries_f1"] == (pytest.approx(0.8), FLOORS["countries_f1"])
    assert scores.details["x3"] == {"missing": True}
    assert scores.details["x1"]["leaks"] == ["Cookies acceptés"]
    assert scores.details["x1"]["events_missed"] == [GOLD_X1["events"][2]]
    assert scores.details["x1"]["countries"] == ["FR", "IN", "US"]


def test_perfect_tables_pass_every_floor(tmp_path: Path) -> None:
    (tmp_path / "x2.json").write_text(json.dumps(GOLD_X2), encoding="utf-8")
    tables = _tables()
    tables["events"] = tables["events"][tables["events"]["article_id"] == "a2"].head(1)
    tables["mentions"] = tables["mentions"][tables["mentions"]["article_id"] == "a2"]
    scores = evaluate(tables, tmp_path)
    assert scores.failures() == {}
    assert all(v == 1.0 for k, v in scores.metrics.items() if k != "boilerplate_leaks")
    assert scores.metrics["boilerplate_leaks"] == 0


def test_format_scores_names_every_metric(gold: Path) -> None:
    scores = evaluate(_tables(), gold)
    text = format_scores(scores)
    for name in scores.metrics:
        assert name in text
    assert "FAIL" in text
    assert text.count("\n") == len(scores.metrics) - 1


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Sergueï Mouraviev", "Sergei Muravyev", True),
        ("Mouraviev", "Sergei Muravyev", True),
        ("Anna Bruni", "Marco Bruni", False),
        ("Rajiv Menon", "Rajiv Mehta", False),
        ("", "Rajiv Menon", False),
    ],
)
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
