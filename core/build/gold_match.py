"""The reference scorer's matching rules (../shared/tools/score.py), written here
without any of the extractor's own name or country matching (see core/build/evaluate.py)."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import pandas as pd


def words(text: Any) -> list[str]:
    """Lowercase words without accents; any other mark separates words."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z ]+", " ", plain).split()


def same_person(a: Any, b: Any) -> bool:
    """Same last word, or two 5+ letter last words with the same first five letters."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    la, lb = wa[-1], wb[-1]
    return la == lb or (len(la) >= 5 and len(lb) >= 5 and la[:5] == lb[:5])


def as_list(value: Any) -> list[Any]:
    """A list cell as stored (array, list, JSON text, separated text, missing)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                return list(json.loads(text))
            except ValueError:
                pass
        return [x for x in re.split(r"[;,|\s]+", text) if x]
    return list(value)


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """(F1, precision, recall); an empty prediction is perfect only if nothing was due."""
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def date_ok(predicted: Any, gold: str | None) -> bool:
    if not gold:
        return True
    if predicted is None or (isinstance(predicted, float) and pd.isna(predicted)):
        return False
    return bool(predicted) and str(predicted)[:10].startswith(gold)
