"""The one accent fold, in two named variants.

`fold` keeps lengths: lowercase and accents stripped one character for one, so cue and date
matching run on the folded text ("Etats", "États" and "ÉTATS" match the same rule) while a
match's offsets still point into the original text. `strip_accents` keeps case and may
change lengths (ligatures spelled out, apostrophes unified): for comparing names and
aliases, and for ASCII file names, never for offsets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_LATIN_END = 0x250  # ASCII, Latin-1 and Latin Extended-A/B: folded up front


_APOSTROPHE_LIKE = "’‘ʼ`´"  # typographic apostrophes: "d’une" folds to "d'une"


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _APOSTROPHE_LIKE:
        return "'"
    lowered = char.lower()
    if len(lowered) != 1:
        lowered = char
    base = unicodedata.normalize("NFD", lowered)[0]
    if base.isascii():
        return base.lower()  # "İ" has no one-character lowercase: its base is "I"
    return base if not base.isalpha() else lowered


class _FoldTable(dict[int, str]):
    """`str.translate`'s map: each character's fold, worked out the first time it is
    seen, so a text is folded by one C call whatever its scripts (French typography's
    "’" and "–" used to send a whole article through a per-character loop)."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < _TABLE_LIMIT:
            self[code] = folded
        return folded


_TABLE_LIMIT = 1 << 16
_TABLE = _FoldTable({code: _fold_char(chr(code)) for code in range(_LATIN_END)})


def fold(text: str) -> str:
    """Lowercase, accent-free copy of `text` with exactly the same length; typographic
    apostrophes become "'" so cue phrases written with either match."""
    if text.isascii():  # the one ASCII apostrophe-like mark is the backtick
        lowered = text.lower()
        return lowered.replace("`", "'") if "`" in lowered else lowered
    return text.translate(_TABLE)


_APOSTROPHES = str.maketrans(dict.fromkeys(_APOSTROPHE_LIKE, "'"))
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def strip_accents(text: str) -> str:
    """Accents stripped, ligatures spelled out, apostrophes unified; case kept."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():  # nothing to decompose (most aliases and tokens)
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


NEVER = "(?!)"
"""The alternation of no phrase: matches nothing (an empty alternation would match
everywhere, so an empty cue list would turn every position into a cue)."""


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of cue phrases as they match folded text: folded, spaces
    collapsed, duplicates dropped, longest first (so "à la veille de" wins over "à la");
    NEVER when no phrase is left."""
    folded = sorted({" ".join(fold(str(p)).split()) for p in phrases} - {""}, key=len, reverse=True)
    return "|".join(re.escape(p) for p in folded) or NEVER


def listed_phrases(raw: object, key: str, source: object) -> str:
    """The alternation of the list `raw[key]` of a cue data file, which must hold at least
    one phrase: a missing or empty list is a ValueError naming the file and the list."""
    words = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(words, list) or not any(str(w).strip() for w in words):
        raise ValueError(f"{source}: '{key}' must be a non-empty list of phrases")
    return phrase_alternation(str(w) for w in words)
