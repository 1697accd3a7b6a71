"""Capitalised runs that look like names but are not people: things named after a noun
("l'exercice Golden Falcon"), named exercises with a year ("Silver Eagle 2024"), and runs
the NER reads as an organisation, product or place with no person cue next to them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from core.config import DATA_DIR
from core.text.fold import fold

THING_NOUNS_FILE = DATA_DIR / "people" / "thing_nouns.txt"
ORG_HEADS_FILE = DATA_DIR / "people" / "org_heads.txt"
# NER labels (English and French models) that are not a person.
NON_PERSON_LABELS = frozenset(
    {"ORG", "PRODUCT", "EVENT", "FAC", "WORK_OF_ART", "LAW", "NORP", "GPE", "LOC", "MISC"}
)
# How many words before a run a thing noun may stand ("missiles antinavires X").
THING_WINDOW = 2


def word_list(path: Path) -> frozenset[str]:
    """A one-word-per-line data file, folded (lines starting with # are comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w.strip()) for w in lines if w.strip() and not w.startswith("#"))


@cache
def thing_nouns() -> frozenset[str]:
    return word_list(THING_NOUNS_FILE)


@cache
def org_heads() -> frozenset[str]:
    return word_list(ORG_HEADS_FILE)


def non_person_starts(doc: Doc) -> dict[int, int]:
    """Start token -> end token of each entity the NER calls a non-person."""
    return {e.start: e.end for e in doc.ents if e.label_ in NON_PERSON_LABELS}


def names_a_thing(doc: Doc, keys: list[str], start: int, end: int) -> bool:
    """A run right after a thing noun, before an organisation's head word, or followed by
    a number or a model name ("Sea Breeze 2025", "Northrop Grumman B-21")."""
    nouns = thing_nouns()
    before = keys[max(0, start - THING_WINDOW) : start]
    if any(k in nouns for k in before):
        return True
    if keys[end - 1] in org_heads():
        return True  # "Sahel Atlas Industries": the head word is in the run
    if end >= len(doc):
        return False
    nxt = doc[end]
    return nxt.like_num or any(c.isdigit() for c in nxt.text) or keys[end] in org_heads()


def ner_says_not_person(
    start: int, end: int, per_tokens: set[int], other_starts: dict[int, int], cued: bool
) -> bool:
    """The NER opens a non-person entity on the run's first word and it covers the run,
    and no honorific or role stands right before it ("PDG de Thales Alenia" is a company).
    An entity that starts earlier ("the Foreign Office Jane Doe") swallowed a name."""
    if cued or any(t in per_tokens for t in range(start, end)):
        return False
    return other_starts.get(start, -1) >= end
