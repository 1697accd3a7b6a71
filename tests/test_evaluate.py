"""Scoring built tables against gold files (core/evaluate.py), on hand-made tables whose
expected metrics are counted by hand below."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from core.build.evaluate import FLOORS, evaluate, format_scores
from core.build.gold_match import same_person
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
        {
            "actor_id": "person:rajeev-menon",
            "name": "Rajeev Menon",
            "kind": "person",
            "country": "IN",
        },
        {
            "actor_id": "person:paris-match",
            "name": "Paris Match",
            "kind": "person",
            "country": "FR",
        },
        {"actor_id": "country:FR", "name": "France", "kind": "country", "country": "FR"},
        {"actor_id": "country:PK", "name": "Pakistan", "kind": "country", "country": "PK"},
    ]
    mentions = [
        {"article_id": "a1", "actor_id": "country:FR"},
        {"article_id": "a1", "actor_id": "country:PK"},
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
    for name, data in (("x1", GOLD_X1), ("x2", GOLD_X2)):
        (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def test_metrics_counted_by_hand(gold: Path) -> None:
    m = evaluate(_tables(), gold).metrics
    # countries of events: x1 {FR, IN, US} vs {FR, IN, PK}: tp2 fp1 fn1; x2 tp2 -> p=r=0.8.
    assert m["countries_f1"] == pytest.approx(0.8)
    # mentioned: x1 adds the linked country actor PK -> tp3 fp1; x2 tp2 -> p=r=5/6... p 5/6 r 1.
    assert m["countries_mentioned_f1"] == pytest.approx(2 * (5 / 6) * 1 / (5 / 6 + 1))
    # dyads: x1 {FR-IN, FR-US, IN-US} vs {FR-IN}: tp1 fp2; x2 tp1 -> p 0.5, r 1.
    assert m["dyads_f1"] == pytest.approx(2 / 3)
    # domains: x1 {diplomacy, arms} vs {arms, training}: tp1 fp1 fn1; x2 tp1 -> 2/3.
    assert m["domains_f1"] == pytest.approx(2 / 3)
    # people: Rajeev Menon ~ Rajiv Menon (same surname), Paris Match fp, Luc Garnier fn.
    assert m["people_f1"] == pytest.approx(0.5)
    assert m["person_country_acc"] == pytest.approx(1.0)
    # events: visit and agreement found, exercise missed; procurement found -> 3/4.
    assert m["event_recall"] == pytest.approx(0.75)
    # predicted: visit, agreement, both procurements match; statement does not -> 4/5.
    assert m["event_precision"] == pytest.approx(0.8)
    # one-to-one: tp3 (visit, agreement, one procurement), fp2, fn1 -> p 0.6 r 0.75.
    assert m["events_1to1_f1"] == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    # dated gold events: visit ok, agreement wrong month, procurement ok -> 2/3.
    assert m["event_date_acc"] == pytest.approx(2 / 3)
    # quotes: "Nous allons" said by Menon, not Garnier (miss); "L'Inde est prête" hit.
    assert m["quote_recall"] == pytest.approx(0.5)
    assert m["boilerplate_leaks"] == 1
    assert m["n_events_pred"] == 5


def test_failures_and_details(gold: Path) -> None:
    scores = evaluate(_tables(), gold)
    assert set(scores.failures()) == {
        "countries_f1",
        "dyads_f1",
        "domains_f1",
        "people_f1",
        "event_recall",
        "quote_recall",
        "boilerplate_leaks",
    }
    assert scores.failures()["countries_f1"] == (pytest.approx(0.8), FLOORS["countries_f1"])
    assert scores.details["x1"]["leaks"] == ["Cookies acceptés"]
    assert scores.details["x1"]["events_missed"] == [GOLD_X1["events"][2]]
    assert scores.details["x1"]["countries"] == ["FR", "IN", "US"]


def test_a_gold_file_without_its_article_counts_as_missed(gold: Path) -> None:
    (gold / "x3.json").write_text(json.dumps(GOLD_X2), encoding="utf-8")
    scores = evaluate(_tables(), gold)
    assert scores.details["x3"]["missing"] is True
    assert scores.metrics["missing_articles"] == 1
    # x3's procurement is a gold event nobody found: recall 3/5.
    assert scores.metrics["event_recall"] == pytest.approx(3 / 5)


def test_perfect_tables_pass_every_floor(tmp_path: Path) -> None:
    (tmp_path / "x2.json").write_text(json.dumps(GOLD_X2), encoding="utf-8")
    tables = _tables()
    tables["events"] = tables["events"][tables["events"]["article_id"] == "a2"].head(1)
    tables["mentions"] = tables["mentions"][tables["mentions"]["article_id"] == "a2"]
    scores = evaluate(tables, tmp_path)
    assert scores.failures() == {}
    # No gold person here, so the reference scorer's country accuracy is 0 by definition.
    skip = ("n_", "boiler", "missing", "events_per", "person_country")
    rates = {k: v for k, v in scores.metrics.items() if not k.startswith(skip)}
    assert all(v == 1.0 for v in rates.values()), rates
    assert scores.metrics["boilerplate_leaks"] == 0


def test_format_scores_names_every_metric(gold: Path) -> None:
    scores = evaluate(_tables(), gold)
    text = format_scores(scores)
    for name in scores.metrics:
        assert name in text or name.endswith(("_p", "_r"))
    assert "FAIL" in text


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Sergueï Mouraviev", "Sergei Mouraviev", True),
        ("Kowalczyk", "Anna Kowalczik", True),  # 5-letter prefix, both 5+ letters
        ("Anna Bruni", "Marco Bruni", True),  # the reference scorer reads surnames only
        ("Rajiv Menon", "Rajiv Mehta", False),
        ("Li", "Lin", False),
        ("", "Rajiv Menon", False),
    ],
)
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
