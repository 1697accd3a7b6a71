"""Human labels for the taxonomy's keys ("diplomacy_dialogue" -> "Diplomacy and dialogue").

Domain labels come from data/taxonomy/taxonomy.json through its one reader
(`core.extract.taxonomy.load_taxonomy`); a key the file does not label (event types,
statuses, a domain added later) reads as its words, capitalised.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import numpy as np

from core.config import data_json
from core.extract.taxonomy import TAXONOMY_PATH, load_taxonomy


def humanise(key: str) -> str:
    """'search_and_rescue' -> 'Search and rescue' (the fallback label)."""
    words = str(key).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@cache
def _domain_labels() -> dict[str, str]:
    return dict(load_taxonomy().domain_labels)


@cache
def domain_colors() -> dict[str, str]:
    """Each domain's colour on every chart and on the map (taxonomy.json `color`)."""
    raw = data_json(TAXONOMY_PATH)["domains"]
    return {key: str(entry["color"]) for key, entry in raw.items() if entry.get("color")}


def domain_label(key: str) -> str:
    return _domain_labels().get(key) or humanise(key)


def type_label(key: str) -> str:
    return humanise(key)


def status_label(key: str) -> str:
    return humanise(key)


def domain_list(keys: object) -> str:
    """'Arms procurement, Maritime security' for a list of domain keys (empty for none)."""
    if isinstance(keys, str) or not isinstance(keys, Iterable):
        return ""
    return ", ".join(domain_label(str(k)) for k in keys)


def top_labels(matrix: np.ndarray, labels: list[str], k: int = 3) -> list[str]:
    """'a (3), b (2)' for each row of a count matrix (argsort vectorised; rows are few)."""
    if matrix.size == 0 or not labels:
        return [""] * matrix.shape[0]
    order = np.argsort(-matrix, axis=1, kind="stable")[:, :k]
    return [
        ", ".join(f"{domain_label(labels[i])} ({row[i]})" for i in idx if row[i] > 0)
        for row, idx in zip(matrix, order, strict=True)
    ]
