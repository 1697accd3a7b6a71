"""The quality floor: the bundled corpus, built from scratch, scored against the gold
annotations kept beside the repository (../shared/gold)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.build.evaluate import FLOORS, evaluate, format_scores
from core.build.pipeline import build
from core.build.store import read_tables

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "data" / "articles"
GOLD = REPO.parent / "shared" / "gold"


def test_quality_floor(tmp_path: Path) -> None:
    if not GOLD.is_dir() or not any(GOLD.glob("*.json")):
        if os.environ.get("CI"):
            pytest.fail(f"gold annotations missing under CI: {GOLD}")
        pytest.skip(f"gold annotations not found at {GOLD} (set CI to make this a failure)")
    out = tmp_path / "processed"
    report = build(ARTICLES, out)
    assert report.errors == [], report.errors
    assert report.processed > 0
    scores = evaluate(read_tables(out), GOLD)
    print()
    print(format_scores(scores))
    assert set(FLOORS) <= set(scores.metrics)
    missing = [stem for stem, detail in scores.details.items() if detail.get("missing")]
    assert missing == [], f"gold files without a built article: {missing}"
    assert scores.failures() == {}, format_scores(scores)
