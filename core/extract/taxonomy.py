"""Cue matching for domains, event types and status, compiled from data/taxonomy.

A cue is a phrase of folded words (matched by core/extract/phrase_match.py); `acqui*`
matches any word starting with `acqui`; `en:` / `fr:` before a cue limits it to that
language (English "met" is not French "met").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from core.config import DATA_DIR, data_json
from core.extract.phrase_match import AtomMatcher, JointMatcher, atoms, leftmost_longest
from core.text.fold import fold

TAXONOMY_PATH = DATA_DIR / "taxonomy" / "taxonomy.json"


class Cue(NamedTuple):
    """A cue that fired: which category, the words as written, and where."""

    category: str
    text: str
    start: int
    end: int


def cue_regex(cue: str) -> str:
    """Regex for one cue (used where a pattern string is needed, e.g. in tests)."""
    parts = []
    for word in re.split(r"\s+", cue.strip()):
        pieces = re.split(r"(['-])", word)
        parts.append(
            "".join(
                r"['’]\s?"
                if p == "'"
                else r"[-\s]?"
                if p == "-"
                else (re.escape(p[:-1]) + r"[\w-]*" if p.endswith("*") else re.escape(p))
                for p in pieces
                if p
            )
        )
    return r"(?<![\w])" + r"\s+".join(parts) + r"(?![\w])"


@dataclass(frozen=True)
class CueSet:
    """Cues by category, one matcher per language (`en:`/`fr:` cues only in theirs).

    Within a category, occurrences do not overlap (leftmost-longest), so "protocole
    d'accord" is one agreement cue, not two; across categories they may."""

    matchers: dict[str, AtomMatcher]
    order: tuple[str, ...]

    def find(
        self,
        text: str,
        language: str,
        folded: str | None = None,
        stream: list[tuple[str, int, int]] | None = None,
    ) -> list[Cue]:
        """Every cue occurrence in `text`, in category order then position."""
        if stream is None:
            stream = atoms(fold(text) if folded is None else folded)
        lang = language if language in ("fr", "en") else "any"
        return self.cues(text, stream, self.matchers[lang].find_all(stream))

    def cues(
        self, text: str, stream: list[tuple[str, int, int]], hits: list[tuple[int, int, str]]
    ) -> list[Cue]:
        """The cues of this set's `hits` in `stream` (from `find_all` or a joint scan)."""
        if not hits:
            return []
        by_category: dict[str, list[tuple[int, int, str]]] = {}
        for hit in hits:
            by_category.setdefault(hit[2], []).append(hit)
        cues = []
        for category in self.order:
            if category not in by_category:
                continue
            for i, k, _ in leftmost_longest(by_category[category]):
                start, end = stream[i][1], stream[i + k - 1][2]
                cues.append(Cue(category, text[start:end], start, end))
        return cues

    def categories(
        self,
        text: str,
        language: str,
        folded: str | None = None,
        stream: list[tuple[str, int, int]] | None = None,
    ) -> list[str]:
        """The categories with at least one cue, in taxonomy order."""
        return list(dict.fromkeys(c.category for c in self.find(text, language, folded, stream)))


def _compile(spec: dict[str, list[str]]) -> CueSet:
    by_lang: dict[str, dict[str, list[str]]] = {"fr": {}, "en": {}, "any": {}}
    for category, cues in spec.items():
        for cue in cues:
            lang, body = (cue[:2], cue[3:]) if cue[:3] in ("en:", "fr:") else ("", cue)
            for key in (lang,) if lang else by_lang:
                values = by_lang[key].setdefault(body, [])
                if category not in values:
                    values.append(category)
    return CueSet({k: AtomMatcher(v) for k, v in by_lang.items()}, tuple(spec))


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
    procurement_platforms: CueSet
    """Domain cues that name what is bought or who buys it: no domain in a procurement."""
    scope: CueSet
    """Words that speak of a cooperation's scope: a sentence with one elaborates an event."""
    _joints: dict[tuple[tuple[str, ...], str], JointMatcher] = field(
        default_factory=dict, compare=False, repr=False
    )

    def scan(
        self, names: tuple[str, ...], text: str, language: str, stream: list[tuple[str, int, int]]
    ) -> list[list[Cue]]:
        """The cues of several cue sets (by field name) in `text`, in one pass over its
        words: the same lists as each set's `find`."""
        lang = language if language in ("fr", "en") else "any"
        sets = [getattr(self, name) for name in names]
        joint = self._joints.get((names, lang))
        if joint is None:
            joint = self._joints[(names, lang)] = JointMatcher(
                tuple(cue_set.matchers[lang] for cue_set in sets)
            )
        hits = joint.find_all(stream)
        return [cue_set.cues(text, stream, h) for cue_set, h in zip(sets, hits, strict=True)]


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """Read and compile the taxonomy once per process."""
    raw = data_json(TAXONOMY_PATH)
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
        anaphora=_compile(
            {k: v for k, v in raw.get("anaphora", {}).items() if not k.startswith("_")}
        ),
        scope=_compile({"scope": raw["scope"]["cues"]}),
        procurement_platforms=_compile(
            {
                k: v["not_in_procurement"]
                for k, v in raw["domains"].items()
                if "not_in_procurement" in v
            }
        ),
    )
