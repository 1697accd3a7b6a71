"""Score built tables against hand annotations (gold JSON files, one per article).

The definitions are those of the reference scorer (../shared/tools/score.py), metric by
metric and under the same names, so `python -m core evaluate` prints its numbers. The
matching is written here on purpose and imports nothing from the extractor (no actor
merging, no name skeletons): an evaluation that shared the system's name matching could
not see that matching's errors.
- countries: the countries of the article's events; countries_mentioned adds every
  country actor its mentions link to. dyads: unordered pairs within one event.
- people: a predicted person matches a gold one when their surnames (last words) agree,
  or share a 5-letter prefix when both have 5+ letters; one prediction per gold person.
- events: a prediction matches a gold event with the same type (`rupture` counts as
  `other`) whose countries include the gold countries; events_1to1 lets each gold event
  take one prediction only. A dated gold event counts for date accuracy whether or not it
  is found. quotes: same speaker and the same first three words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import pandas as pd

from core.build.gold_match import as_list, date_ok, f1, same_person, words

# The targets on seeds + devset (names as the reference scorer prints them).
FLOORS = {
    "countries_f1": 0.93,
    "dyads_f1": 0.80,
    "domains_f1": 0.80,
    "people_f1": 0.85,
    "person_country_acc": 0.90,
    "event_recall": 0.80,
    "event_precision": 0.75,
    "event_date_acc": 0.65,
    "quote_recall": 0.85,
}
SET_METRICS = ("countries", "countries_mentioned", "dyads", "domains", "people", "events_1to1")
TYPE_AS = {"rupture": "other"}
QUOTE_LEAD = "«“\"' \u00a0"


@dataclass
class Tally:
    """Running counts over all gold files."""

    sets: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0] for k in SET_METRICS})
    n: dict[str, int] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def add_set(self, name: str, predicted: set, gold: set) -> None:
        counts = self.sets[name]
        counts[0] += len(predicted & gold)
        counts[1] += len(predicted - gold)
        counts[2] += len(gold - predicted)

    def bump(self, key: str, by: int = 1) -> None:
        self.n[key] = self.n.get(key, 0) + by

    def ratio(self, hit: str, total: str, empty: float) -> float:
        return self.n.get(hit, 0) / self.n[total] if self.n.get(total) else empty


@dataclass
class Scores:
    """Every metric, plus per-article details for a reader who wants the misses."""

    metrics: dict[str, float] = field(default_factory=dict)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)
    unmeasured: frozenset[str] = frozenset()  # ratios with nothing to count (no people)

    def failures(self) -> dict[str, tuple[float, float]]:
        """Metrics below their floor: name -> (value, floor); leaks must be zero."""
        bad = {
            k: (self.metrics[k], v)
            for k, v in FLOORS.items()
            if k not in self.unmeasured and self.metrics.get(k, 0) < v
        }
        if self.metrics.get("boilerplate_leaks", 0) > 0:
            bad["boilerplate_leaks"] = (self.metrics["boilerplate_leaks"], 0)
        return bad


@dataclass(frozen=True)
class ArticleView:
    """One article's rows in the built tables."""

    events: pd.DataFrame
    linked: pd.DataFrame
    quotes: pd.DataFrame
    text: str


def _score_places(view: ArticleView, gold: dict[str, Any], tally: Tally) -> dict[str, Any]:
    event_lists = [set(as_list(c)) for c in view.events["countries"]]
    acting = set().union(*event_lists) if event_lists else set()
    gold_countries = set(gold["countries"])
    tally.add_set("countries", acting, gold_countries)
    linked = view.linked
    mentioned = (
        set(linked[linked["kind"] == "country"]["country"].dropna()) if len(linked) else set()
    )
    tally.add_set("countries_mentioned", mentioned | acting, gold_countries)
    dyads = {pair for cs in event_lists for pair in combinations(sorted(cs), 2)}
    tally.add_set("dyads", dyads, {tuple(sorted(d)) for d in gold["dyads"]})
    domains = {d for ds in view.events["domains"] for d in as_list(ds)}
    tally.add_set("domains", domains, set(gold["domains"]))
    return {"countries": sorted(acting), "dyads": sorted(dyads), "domains": sorted(domains)}


def _score_people(view: ArticleView, gold: dict[str, Any], tally: Tally) -> list[str]:
    linked = view.linked
    people = linked[linked["kind"] == "person"] if len(linked) else linked
    predicted = list(zip(people["name"], people["country"], strict=True)) if len(people) else []
    used: set[int] = set()
    counts = tally.sets["people"]
    for person in gold["people"]:
        hit = next(
            (
                i
                for i, (n, _) in enumerate(predicted)
                if i not in used and same_person(n, person["name"])
            ),
            None,
        )
        if hit is None:
            counts[2] += 1
            continue
        used.add(hit)
        counts[0] += 1
        tally.bump("people_matched")
        tally.bump("people_country_ok", int(predicted[hit][1] == person["country"]))
    counts[1] += len(predicted) - len(used)
    return [str(n) for n, _ in predicted]


def _matches(pred: tuple[str, set, Any], event: dict[str, Any]) -> bool:
    return pred[0] == event["type"] and set(event["countries"]) <= pred[1]


def _score_events(view: ArticleView, gold: dict[str, Any], tally: Tally) -> list[dict]:
    preds = [
        (TYPE_AS.get(str(t), str(t)), set(as_list(cs)), d)
        for t, cs, d in zip(
            view.events["type"], view.events["countries"], view.events["date"], strict=True
        )
    ]
    missed = []
    for event in gold["events"]:
        tally.bump("events_gold")
        candidates = [p for p in preds if _matches(p, event)]
        if candidates:
            tally.bump("events_found")
        else:
            missed.append(event)
        if event.get("date"):
            tally.bump("dated")
            tally.bump("dated_ok", int(any(date_ok(p[2], event["date"]) for p in candidates)))
    free = list(range(len(preds)))
    counts = tally.sets["events_1to1"]
    for event in gold["events"]:
        hit = next((i for i in free if _matches(preds[i], event)), None)
        if hit is None:
            counts[2] += 1
        else:
            free.remove(hit)
            counts[0] += 1
    counts[1] += len(free)
    tally.bump("events_predicted", len(preds))
    tally.bump(
        "events_predicted_ok", sum(any(_matches(p, e) for e in gold["events"]) for p in preds)
    )
    return missed


def _score_text(
    view: ArticleView, gold: dict[str, Any], names: dict[str, str], tally: Tally, stem: str
) -> list[str]:
    for quote in gold.get("quotes", []):
        tally.bump("quotes_gold")
        for text, actor in zip(view.quotes["text"], view.quotes["actor_id"], strict=True):
            said = same_person(names.get(actor, ""), quote["speaker"])
            if said and words(str(text).lstrip(QUOTE_LEAD))[:3] == words(quote["starts_with"])[:3]:
                tally.bump("quotes_found")
                break
    leaks = [
        s for s in gold.get("boilerplate_must_not_appear", []) if s.lower() in view.text.lower()
    ]
    tally.leaks.extend(f"{stem}:{s}" for s in leaks)
    return leaks


def _view(
    tables: dict[str, pd.DataFrame], article_id: str | None, actors: pd.DataFrame
) -> ArticleView:
    def rows(name: str) -> pd.DataFrame:
        table = tables[name]
        return (
            table[table["article_id"] == article_id] if article_id is not None else table.iloc[0:0]
        )

    mentions = rows("mentions")
    ids = [a for a in mentions["actor_id"].dropna().unique() if a in actors.index]
    quotes = (
        tables["quotes"]
        if "quotes" in tables
        else pd.DataFrame(columns=["article_id", "text", "actor_id"])
    )
    quotes = (
        quotes[quotes["article_id"] == article_id] if article_id is not None else quotes.iloc[0:0]
    )
    articles = tables["articles"]
    text = articles.loc[articles["article_id"] == article_id, "text"]
    return ArticleView(
        rows("events"), actors.reindex(ids), quotes, str(text.iloc[0]) if len(text) else ""
    )


def _metrics(tally: Tally) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for name, (tp, fp, fn) in tally.sets.items():
        metrics[f"{name}_f1"], metrics[f"{name}_p"], metrics[f"{name}_r"] = f1(tp, fp, fn)
    metrics["person_country_acc"] = tally.ratio("people_country_ok", "people_matched", 0.0)
    metrics["event_recall"] = tally.ratio("events_found", "events_gold", 1.0)
    metrics["event_precision"] = tally.ratio("events_predicted_ok", "events_predicted", 0.0)
    metrics["event_date_acc"] = tally.ratio("dated_ok", "dated", 1.0)
    metrics["quote_recall"] = tally.ratio("quotes_found", "quotes_gold", 1.0)
    metrics["boilerplate_leaks"] = float(len(tally.leaks))
    metrics["missing_articles"] = float(len(tally.missing))
    metrics["n_events_pred"] = float(tally.n.get("events_predicted", 0))
    metrics["n_events_gold"] = float(tally.n.get("events_gold", 0))
    gold_events = tally.n.get("events_gold", 0)
    metrics["events_per_gold"] = metrics["n_events_pred"] / gold_events if gold_events else 0.0
    return metrics


def evaluate(tables: dict[str, pd.DataFrame], gold_dir: Path) -> Scores:
    """Compare the tables with every gold file in `gold_dir` (a gold file without its
    article counts every gold item as missed)."""
    articles = tables["articles"]
    by_stem = {
        Path(str(f)).stem: a for f, a in zip(articles["file"], articles["article_id"], strict=True)
    }
    actors = tables["actors"].drop_duplicates("actor_id").set_index("actor_id")
    names = {str(k): str(v) for k, v in actors["name"].items()}
    tally, scores = Tally(), Scores()
    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        article_id = by_stem.get(path.stem)
        if article_id is None:
            tally.missing.append(path.stem)
        view = _view(tables, article_id, actors)
        detail = _score_places(view, gold, tally)
        detail["people"] = _score_people(view, gold, tally)
        detail["events_missed"] = _score_events(view, gold, tally)
        detail["leaks"] = _score_text(view, gold, names, tally, path.stem)
        detail["missing"] = article_id is None
        scores.details[path.stem] = detail
    scores.metrics = _metrics(tally)
    scores.unmeasured = frozenset(
        {"person_country_acc"} if not tally.n.get("people_matched") else ()
    )
    return scores


def format_scores(scores: Scores) -> str:
    """One line per headline metric with its floor and a PASS/FAIL mark."""
    lines = []
    for name, value in scores.metrics.items():
        if name.endswith(("_p", "_r")):
            continue
        floor = FLOORS.get(name)
        if name in ("n_events_pred", "n_events_gold"):
            lines.append(f"{name:<26} {int(value):>6}")
        elif name in ("boilerplate_leaks", "missing_articles"):
            mark = "PASS" if value == 0 else "FAIL"
            lines.append(f"{name:<26} {int(value):>6}   (floor 0)     {mark}")
        elif floor is None:
            lines.append(f"{name:<26} {value:>6.3f}")
        else:
            mark = "PASS" if value >= floor else "FAIL"
            lines.append(f"{name:<26} {value:>6.3f}   (floor {floor:.2f})  {mark}")
    return "\n".join(lines)
