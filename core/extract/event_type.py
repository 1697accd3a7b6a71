"""The type of a sentence's event: which cue wins, and what the sentence only frames.

Strong cues before weak ones, outside quotations before inside; a cue inside an exclusion
of its type ("lors de la visite") does not count; a purpose ("pour discuter") or what a
speaker talks about ("a salué l'accord") counts only as a last resort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.config import DATA_DIR, data_json
from core.extract.phrase_match import atoms
from core.extract.taxonomy import Cue, Taxonomy
from core.text.fold import fold, listed_phrases, phrase_alternation

BACKGROUND_PATH = DATA_DIR / "taxonomy" / "background.json"
NOVELTY_PATH = DATA_DIR / "taxonomy" / "novelty.json"


@lru_cache(maxsize=4)
def _purpose(language: str) -> re.Pattern[str]:
    """Words that make the next event cue a purpose ("pour discuter de"), per language."""
    raw = data_json(BACKGROUND_PATH)
    words = [
        w.split(":", 1)[1] if ":" in w else w
        for w in raw.get("purpose_before", [])
        if ":" not in w or w.startswith(f"{language}:")
    ]
    alternatives = phrase_alternation(words)
    return re.compile(rf"(?:^|\W)(?:{alternatives})\s+$")


def outside(cues: list[Cue], quotes: list[tuple[int, int]]) -> list[Cue]:
    return [c for c in cues if not any(qs <= c.start < qe for qs, qe in quotes)]


def _masked(cue: Cue, masks: list[Cue]) -> bool:
    # A type's exclusion masks that type's cues only: "un accord pour la livraison"
    # hides the agreement, not the delivery.
    return any(
        m.category == cue.category and m.start <= cue.start and cue.end <= m.end for m in masks
    )


def choose_type(
    strong: list[Cue], weak: list[Cue], masks: list[Cue], quotes: list[tuple[int, int]]
) -> Cue | None:
    """The winning type cue: strong before weak, outside quotations before inside, then
    taxonomy order; cues inside a masking phrase ("lors de la visite") do not count."""
    for cues in (strong, weak):
        usable = [c for c in cues if not _masked(c, masks)]
        pool = outside(usable, quotes) or usable
        if pool:
            return pool[0]
    return None


@lru_cache(maxsize=4)
def _indefinite_before(language: str) -> re.Pattern[str] | None:
    """An indefinite article before the event noun introduces a new happening ("une
    récente visite", "a deal"), not a further mention of one already told; "another",
    "une autre" says so outright (group 1). Words: data/taxonomy/novelty.json."""
    words = data_json(NOVELTY_PATH).get(language)
    if words is None:
        return None
    opener = "|".join([r"^", r"\s", *(phrase_alternation([w]) for w in words.get("elided", []))])
    plain = listed_phrases(words, "indefinite", NOVELTY_PATH)
    other = listed_phrases(words, "another", NOVELTY_PATH)
    return re.compile(rf"(?:{opener})(?:{plain}|({other}))(?:\s+\w+)?\s*$")


def _novel(folded: str, cue: Cue, language: str) -> str:
    """ "another" for an explicitly other happening, "a" for a plain indefinite, else ""."""
    pattern = _indefinite_before(language)
    found = pattern.search(folded[max(0, cue.start - 25) : cue.start]) if pattern else None
    if found is None:
        return ""
    return "another" if found.group(1) else "a"


@dataclass
class TypeChoice:
    """The winning type cue of a sentence and what came with it."""

    cue: Cue
    travel_ends: tuple[int, ...]
    domain_cues: list[Cue]
    stream: list[tuple[str, int, int]]
    framing: tuple[tuple[int, int], ...] = ()
    novel: str = ""
    companion: Cue | None = None
    """A second happening the sentence reports (the visit during which a deal is signed)."""


def _framing(text: str, masks: list[Cue], cue: Cue) -> tuple[tuple[int, int], ...]:
    """ "À la veille de la visite de M. X, …": a clause that only dates the event runs
    from its masking phrase to the next comma, when the event's cue is outside it."""
    spans = []
    for m in masks:
        comma = text.find(",", m.end)
        end = comma if comma != -1 else m.end
        if not m.start <= cue.start < end:
            spans.append((m.start, end))
    return tuple(spans)


# The cue sets the sentence rules read (type, masks, domains, what is bought, status,
# pointing back, scope), found in one pass over the sentence's words.
SENTENCE_SETS = (
    "types",
    "weak_types",
    "type_excludes",
    "domains",
    "procurement_platforms",
    "status",
    "anaphora",
    "scope",
)


def type_of(
    text: str,
    quotes: list[tuple[int, int]],
    language: str,
    tax: Taxonomy,
    folded: str | None = None,
    stream: list[tuple[str, int, int]] | None = None,
    cues: dict[str, list[Cue]] | None = None,
) -> TypeChoice | None:
    """The winning cue of a sentence (`quotes` relative to it), or None; `folded`,
    `stream` and `cues` (its SENTENCE_SETS cues) are what the caller has of them."""
    folded = fold(text) if folded is None else folded
    stream = atoms(folded) if stream is None else stream
    if cues is None:
        cues = dict(
            zip(SENTENCE_SETS, tax.scan(SENTENCE_SETS, text, language, stream), strict=True)
        )
    strong, weak, masks = cues["types"], cues["weak_types"], cues["type_excludes"]
    domains, platforms = cues["domains"], cues["procurement_platforms"]
    if not strong and not weak:
        return None
    strong, weak = _demote(strong, weak, folded, language)
    chosen = choose_type(strong, weak, masks, quotes)
    if chosen is None:
        return None
    # Where someone goes or what is sold to: "se rendre en Algérie", "vendu au Pakistan".
    travel = tuple(
        c.end for c in strong + weak if c.category in ("visit", "meeting", "procurement")
    )
    # A bare signing of arms ("signed the submarine deal") is a purchase, not a treaty.
    arms = any(d.category == "arms_procurement" for d in domains)
    if arms and chosen in weak and chosen.category == "agreement":
        chosen = chosen._replace(category="procurement")
    if arms or chosen.category == "procurement":
        # "Greece buys a frigate", "the Royal Thai Navy signed the submarine deal": in an
        # arms deal the vessel and the navy are what is bought and who buys, not
        # maritime security.
        bought = {(c.category, c.start) for c in platforms}
        domains = [d for d in domains if (d.category, d.start) not in bought]
    novel = _novel(folded, chosen, language)
    framing = _framing(text, masks, chosen)
    extra = companion(chosen, strong, weak, masks)
    return TypeChoice(chosen, travel, domains, stream, framing, novel, extra)


# What a visit is the occasion of, and what may happen during one, each its own happening.
_DURING_VISIT = (
    "agreement",
    "procurement",
    "meeting",
    "dialogue",
    "rupture",
    "exercise",
    "statement",
)
_VISIT_YIELDS = ("agreement", "procurement")


@lru_cache(maxsize=1)
def _other_time() -> re.Pattern[str]:
    """Words opening a masking phrase set at another time ("à la veille de", "after")."""
    words = listed_phrases(data_json(BACKGROUND_PATH), "other_time_before", BACKGROUND_PATH)
    return re.compile(rf"(?:{words})\b")


def companion(chosen: Cue, strong: list[Cue], weak: list[Cue], masks: list[Cue]) -> Cue | None:
    """ "The accord was signed while the minister was visiting Riyadh": a sentence whose
    event happens during a visit also reports the visit (even one named in a masking
    phrase: "lors de sa visite"); a visit sentence that names a signing or a sale ("la
    visite a permis la signature d'un plan") also reports that."""
    if chosen.category in _DURING_VISIT:
        visits = [c for c in strong if c.category == "visit"]
        # "À la veille de la visite", "after the visit": that visit is another time.
        visits = [
            c
            for c in visits
            if not any(_masked(c, [m]) for m in masks if _other_time().match(fold(m.text)))
        ]
        return visits[0] if visits else None
    if chosen.category == "visit":
        cues = strong + weak
        usable = [c for c in cues if c.category in _VISIT_YIELDS and not _masked(c, masks)]
        return usable[0] if usable else None
    return None


def _demote(
    strong: list[Cue], weak: list[Cue], folded: str, language: str
) -> tuple[list[Cue], list[Cue]]:
    """Strong cues that are not what the sentence does become the last resort: a purpose
    ("a reçu le ministre pour discuter de …") or what a speaker talks about ("described
    the agreement as", "a salué l'accord": a statement)."""
    purpose = _purpose(language)
    speech = [c.end for c in weak if c.category == "statement"]
    demoted = [
        c
        for c in strong
        if purpose.search(folded[max(0, c.start - 12) : c.start])
        or any(0 <= c.start - end <= 12 for end in speech)
    ]
    if not demoted or len(demoted) == len(strong) + len(weak):
        return strong, weak
    return [c for c in strong if c not in demoted], weak + demoted
