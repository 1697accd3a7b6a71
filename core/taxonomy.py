"""Cue matching for domains, event types and status, compiled from data/taxonomy.

A cue is a phrase of folded words; `acqui*` matches any word starting with `acqui`;
`en:` / `fr:` before a cue limits it to that language (English "met" is not French "met").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from core.config import DATA_DIR
from core.fold import fold

TAXONOMY_PATH = DATA_DIR / "taxonomy" / "taxonomy.json"


class Cue(NamedTuple):
    """A cue that fired: which category, the words as written, and where."""

    category: str
    text: str
    start: int
    end: int


def _word_regex(word: str) -> str:
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"[\w-]*"
    return re.escape(word)


def cue_regex(cue: str) -> str:
    """Regex for one cue: words in sequence, flexible spaces, apostrophes and hyphens."""
    words = re.split(r"[\s]+", cue.strip())
    parts = []
    for word in words:
        pieces = re.split(r"(['-])", word)
        rx = "".join(
            r"['’]\s?" if p == "'" else r"[-\s]?" if p == "-" else _word_regex(p) for p in pieces if p
        )
        parts.append(rx)
    return r"(?<![\w])" + r"\s+".join(parts) + r"(?![\w])"


@dataclass(frozen=True)
class CueSet:
    """One compiled alternation per (category, language)."""

    patterns: dict[str, dict[str, re.Pattern[str] | None]]
    order: tuple[str, ...]

    def find(self, text: str, language: str, folded: str | None = None) -> list[Cue]:
        """Every cue occurrence in `text`, in category order then position."""
        folded = fold(text) if folded is None else folded
        lang = language if language in ("fr", "en") else "any"
        found: list[Cue] = []
        for category in self.order:
            pattern = self.patterns[category].get(lang) or self.patterns[category].get("any")
            if pattern is None:
                continue
            for match in pattern.finditer(folded):
                found.append(Cue(category, text[match.start() : match.end()], *match.span()))
        return found

    def categories(self, text: str, language: str, folded: str | None = None) -> list[str]:
        """The categories with at least one cue, in taxonomy order."""
        seen: dict[str, None] = {}
        for cue in self.find(text, language, folded):
            seen.setdefault(cue.category, None)
        return list(seen)


def _compile(spec: dict[str, list[str]]) -> CueSet:
    patterns: dict[str, dict[str, re.Pattern[str] | None]] = {}
    for category, cues in spec.items():
        by_lang: dict[str, list[str]] = {"fr": [], "en": [], "any": []}
        for cue in cues:
            lang, _, body = cue.partition(":") if cue[:3] in ("en:", "fr:") else ("", "", cue)
            rx = cue_regex(fold(body))
            if lang:
                by_lang[lang].append(rx)
            else:
                for key in by_lang:
                    by_lang[key].append(rx)
        patterns[category] = {
            key: re.compile("|".join(sorted(set(rxs), key=len, reverse=True))) if rxs else None
            for key, rxs in by_lang.items()
        }
    return CueSet(patterns, tuple(spec))


@dataclass(frozen=True)
class Taxonomy:
    """Domains, event types (in priority order), status cues, and the exclusions per type."""

    domains: CueSet
    domain_labels: dict[str, str]
    types: CueSet
    weak_types: CueSet
    type_excludes: CueSet
    status: CueSet
    anaphora: CueSet


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """Read and compile the taxonomy once per process."""
    raw = json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))
    domains = {k: v["cues"] for k, v in raw["domains"].items()}
    types = {k: v.get("cues", []) for k, v in raw["event_types"].items() if not k.startswith("_")}
    weak = {k: v.get("weak", []) for k, v in raw["event_types"].items() if not k.startswith("_")}
    excludes = {
        k: v.get("exclude", []) for k, v in raw["event_types"].items() if not k.startswith("_")
    }
    status = {k: v for k, v in raw["status"].items() if not k.startswith("_")}
    return Taxonomy(
        domains=_compile(domains),
        domain_labels={k: v["label"] for k, v in raw["domains"].items()},
        types=_compile(types),
        weak_types=_compile(weak),
        type_excludes=_compile({k: v for k, v in excludes.items() if v}),
        status=_compile(status),
        anaphora=_compile({"anaphora": raw.get("anaphora", {}).get("cues", [])}),
    )
