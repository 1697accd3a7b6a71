"""The quality floor: the bundled seed corpus (data/articles) plus the development set
read from ../shared/devset, built from scratch into a temporary folder and scored against
their gold files (../shared/gold for the seeds, ../shared/devset/gold for the devset).

The pins are the scores measured when they were last raised (see README, "Quality"): a
change that lowers one fails here. The same build is scored by the reference scorer
(../shared/tools/score.py) to check that `python -m core evaluate` agrees with it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.build.evaluate import Scores, evaluate
from core.build.pipeline import build
from core.build.store import read_tables

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "articles"
SHARED = REPO.parent / "shared"
SEED_GOLD = SHARED / "gold"
DEVSET = SHARED / "devset"
SCORER = SHARED / "tools" / "score.py"

# Seeds + devset together, as last measured (reference scorer, same numbers).
PINNED = {
    "countries_f1": 0.95,
    "dyads_f1": 0.89,
    "domains_f1": 0.85,
    "people_f1": 0.965,
    "person_country_acc": 0.93,
    "event_recall": 0.90,
    "event_precision": 0.80,
    "event_date_acc": 0.79,
    "events_1to1_f1": 0.78,
    "quote_recall": 0.99,
}


def _need(path: Path) -> None:
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"annotation folder missing under CI: {path}")
        pytest.skip(
            f"{path} not found: the quality test reads the seeds' gold and the devset there"
        )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(tables dir, gold dir) for seeds + devset."""
    _need(SEED_GOLD)
    _need(DEVSET)
    root = tmp_path_factory.mktemp("quality")
    corpus, gold, out = root / "in", root / "gold", root / "out"
    corpus.mkdir()
    gold.mkdir()
    for folder in (SEEDS, DEVSET / "articles"):
        for f in folder.iterdir():
            if f.suffix in (".txt", ".html", ".htm"):
                shutil.copy(f, corpus / f.name)
    seed_rows = (SEEDS / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]
    manifest = (DEVSET / "manifest.csv").read_text(encoding="utf-8").rstrip("\n")
    (corpus / "manifest.csv").write_text("\n".join([manifest, *seed_rows]) + "\n", encoding="utf-8")
    for f in [*SEED_GOLD.glob("*.json"), *(DEVSET / "gold").glob("*.json")]:
        shutil.copy(f, gold / f.name)
    report = build(corpus, out)
    assert report.errors == [], report.errors
    return out, gold


@pytest.fixture(scope="module")
def scores(built: tuple[Path, Path]) -> Scores:
    return evaluate(read_tables(built[0]), built[1])


def test_every_gold_file_has_its_article(scores: Scores) -> None:
    assert scores.metrics["missing_articles"] == 0


def test_no_site_furniture_survives(scores: Scores) -> None:
    leaks = {stem: d["leaks"] for stem, d in scores.details.items() if d["leaks"]}
    assert leaks == {}


@pytest.mark.parametrize("metric", sorted(PINNED))
def test_score_does_not_fall_below_its_pin(scores: Scores, metric: str) -> None:
    assert scores.metrics[metric] >= PINNED[metric], (metric, scores.metrics[metric])


def test_one_row_per_happening(scores: Scores) -> None:
    """Events are happenings, not sentences: about one predicted event per gold event."""
    assert 0.9 <= scores.metrics["events_per_gold"] <= 1.2, scores.metrics["events_per_gold"]


def test_evaluate_agrees_with_the_reference_scorer(
    built: tuple[Path, Path], scores: Scores
) -> None:
    if not SCORER.is_file():
        pytest.skip(f"reference scorer not found at {SCORER}")
    run = subprocess.run(
        [sys.executable, str(SCORER), str(built[0]), str(built[1]), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    reference = json.loads(run.stdout)
    ours = scores.metrics
    assert set(reference) <= set(ours)
    differ = {k: (ours[k], v) for k, v in reference.items() if abs(ours[k] - float(v)) > 1e-9}
    assert differ == {}
