"""Score built tables against hand annotations (gold JSON files, one per article).

Gold files are named after the article file's stem and hold `countries`, `dyads`,
`domains`, `people` (name, country), `events` (type, countries, date), `quotes`
(speaker, starts_with) and `boilerplate_must_not_appear`. Set metrics are micro-averaged
over articles; an event matches a gold event when it is in the same article, has the
same type and its countries include the gold countries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import pandas as pd

from core.build.actors import skeleton
from core.text.fold import fold
from core.text.normalize import normalize

FLOORS = {
    "countries_f1": 0.95,
    "dyads_f1": 0.85,
    "domains_f1": 0.85,
    "people_f1": 0.90,
    "people_country_accuracy": 0.90,
    "event_recall": 0.80,
    "event_precision": 0.60,
    "date_accuracy": 0.75,
    "quote_recall": 0.75,
}


@dataclass
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def f1(self) -> float:
        denom = 2 * self.tp + self.fp + self.fn
        return 1.0 if denom == 0 else 2 * self.tp / denom


@dataclass
class Scores:
    """Every metric, plus per-article details for a reader who wants the misses."""

    metrics: dict[str, float] = field(default_factory=dict)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)

    def failures(self) -> dict[str, tuple[float, float]]:
        """Metrics below their floor: name -> (value, floor); leaks must be zero."""
        bad = {k: (self.metrics[k], v) for k, v in FLOORS.items() if self.metrics.get(k, 0) < v}
        if self.metrics.get("boilerplate_leaks", 0) > 0:
            bad["boilerplate_leaks"] = (self.metrics["boilerplate_leaks"], 0)
        return bad


def same_person(a: str, b: str) -> bool:
    """Names of one person across spellings: same surname skeleton, compatible first name."""
    wa, wb = fold(a).split(), fold(b).split()
    if not wa or not wb:
        return False
    if skeleton(wa[-1]) != skeleton(wb[-1]):
        return False
    return len(wa) == 1 or len(wb) == 1 or wa[0][0] == wb[0][0]


def _key(text: str) -> str:
    """Comparison key for quoted text: typography and accents do not count."""
    return fold(normalize(text))


def _pairs(countries: list[str]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in combinations(sorted(set(countries)), 2)}


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in list(value)]


def evaluate(tables: dict[str, pd.DataFrame], gold_dir: Path) -> Scores:
    """Compare the tables with every gold file whose article is in the tables."""
    articles = tables["articles"]
    events = tables["events"]
    mentions = tables["mentions"]
    actors = tables["actors"].set_index("actor_id")
    quotes = tables["quotes"]
    by_stem = {
        Path(f).stem: aid for f, aid in zip(articles["file"], articles["article_id"], strict=True)
    }
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    countries, dyads, domains, people = _Counts(), _Counts(), _Counts(), _Counts()
    matched_people = correct_country = 0
    gold_events = found_events = predicted_events = matched_predicted = 0
    dated = dated_ok = 0
    gold_quotes = found_quotes = leaks = 0
    scores = Scores()
    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        article_id = by_stem.get(path.stem)
        if article_id is None:
            scores.details[path.stem] = {"missing": True}
            continue
        ev = events[events["article_id"] == article_id]
        ev_countries = [_as_list(c) for c in ev["countries"]]
        me = mentions[mentions["article_id"] == article_id]
        named = {a.split(":", 1)[1] for a in me["actor_id"].dropna() if a.startswith("country:")}
        pred_countries = named | {c for cs in ev_countries for c in cs}
        countries.add(pred_countries, set(gold.get("countries", [])))
        pred_dyads = set().union(*(_pairs(cs) for cs in ev_countries)) if ev_countries else set()
        dyads.add(pred_dyads, {tuple(sorted(d)) for d in gold.get("dyads", [])})
        pred_domains = {d for ds in ev["domains"] for d in _as_list(ds)}
        domains.add(pred_domains, set(gold.get("domains", [])))
        person_ids = {a for a in me["actor_id"].dropna() if a.startswith("person:")}
        predicted_people = [
            (actors.at[a, "name"], actors.at[a, "country"]) for a in person_ids if a in actors.index
        ]
        gold_people = gold.get("people", [])
        hit_gold = set()
        hit_pred = set()
        for gi, gp in enumerate(gold_people):
            for pi, (name, country) in enumerate(predicted_people):
                if pi not in hit_pred and same_person(gp["name"], str(name)):
                    hit_gold.add(gi)
                    hit_pred.add(pi)
                    matched_people += 1
                    correct_country += int(country == gp.get("country"))
                    break
        people.tp += len(hit_gold)
        people.fn += len(gold_people) - len(hit_gold)
        people.fp += len(predicted_people) - len(hit_pred)
        matches = [
            [
                i
                for i, (t, cs) in enumerate(zip(ev["type"], ev_countries, strict=True))
                if t == g["type"] and set(g["countries"]) <= set(cs)
            ]
            for g in gold.get("events", [])
        ]
        gold_events += len(matches)
        found_events += sum(1 for m in matches if m)
        predicted_events += len(ev)
        matched_predicted += len({i for m in matches for i in m})
        dates = list(ev["date"])
        for g, m in zip(gold.get("events", []), matches, strict=True):
            if g.get("date") and m:
                dated += 1
                dated_ok += int(any(dates[i] and str(dates[i]).startswith(g["date"]) for i in m))
        q = quotes[quotes["article_id"] == article_id]
        for gq in gold.get("quotes", []):
            gold_quotes += 1
            start = _key(gq["starts_with"])[:20]
            for text, actor in zip(q["text"], q["actor_id"], strict=True):
                speaker = actors.at[actor, "name"] if actor in actors.index else ""
                if _key(text).startswith(start) and same_person(gq["speaker"], str(speaker)):
                    found_quotes += 1
                    break
        text = texts[article_id]
        article_leaks = [b for b in gold.get("boilerplate_must_not_appear", []) if b in text]
        leaks += len(article_leaks)
        scores.details[path.stem] = {
            "countries": sorted(pred_countries),
            "dyads": sorted(pred_dyads),
            "domains": sorted(pred_domains),
            "people": sorted(n for n, _ in predicted_people),
            "events_missed": [
                g for g, m in zip(gold.get("events", []), matches, strict=True) if not m
            ],
            "leaks": article_leaks,
        }
    scores.metrics = {
        "countries_f1": countries.f1(),
        "dyads_f1": dyads.f1(),
        "domains_f1": domains.f1(),
        "people_f1": people.f1(),
        "people_country_accuracy": correct_country / matched_people if matched_people else 1.0,
        "event_recall": found_events / gold_events if gold_events else 1.0,
        "event_precision": matched_predicted / predicted_events if predicted_events else 1.0,
        "date_accuracy": dated_ok / dated if dated else 1.0,
        "quote_recall": found_quotes / gold_quotes if gold_quotes else 1.0,
        "boilerplate_leaks": float(leaks),
    }
    return scores


def format_scores(scores: Scores) -> str:
    """One line per metric with its floor and a PASS/FAIL mark."""
    lines = []
    for name, value in scores.metrics.items():
        floor = FLOORS.get(name)
        if name == "boilerplate_leaks":
            lines.append(
                f"{name:<26} {int(value):>6}   (floor 0)  {'PASS' if value == 0 else 'FAIL'}"
            )
        else:
            mark = "PASS" if floor is None or value >= floor else "FAIL"
            lines.append(f"{name:<26} {value:>6.3f}   (floor {floor:.2f})  {mark}")
    return "\n".join(lines)
