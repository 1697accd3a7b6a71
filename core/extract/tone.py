"""Cooperation-conflict tone of an event on the PLOVER scale, from data/taxonomy/tone.json.

Type gives the base score, a cue of the event's own words may override it (a severed
relation is worse than a suspension), the status adjusts it (an intention is worth less
than an act; a refusal is a small conflict).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from core.config import DATA_DIR, data_json
from core.text.fold import fold

TONE_PATH = DATA_DIR / "taxonomy" / "tone.json"


@lru_cache(maxsize=1)
def load_tone() -> dict[str, Any]:
    """The tone map, checked once per process (a broken file names itself)."""
    raw = data_json(TONE_PATH)
    for section in ("types", "cues"):
        for key, value in raw[section].items():
            if not isinstance(value, int | float) or not -10 <= value <= 10:
                raise ValueError(f"{TONE_PATH}: {section}.{key} must be a number in -10..10")
    return dict(raw)


def _cue_score(cues: dict[str, float], word: str) -> float | None:
    folded = " ".join(fold(word).split())
    for cue, score in cues.items():
        if folded == cue or (cue.endswith("*") and folded.startswith(cue[:-1])):
            return float(score)
    return None


@lru_cache(maxsize=1 << 12)
def tone_of(kind: str, status: str, type_cue: str) -> float:
    """Score of an event of type `kind`, told with `type_cue`, at `status` (memoised:
    every merge of a happening's mentions asks it again)."""
    raw = load_tone()
    score = _cue_score(raw["cues"], type_cue)
    if score is None:
        score = float(raw["types"].get(kind, 0.0))
    rule = raw["status"].get(status, {})
    if "cap" in rule:
        score = min(score, float(rule["cap"]))
    score *= float(rule.get("factor", 1.0))
    return round(max(-10.0, min(10.0, score)), 1)
