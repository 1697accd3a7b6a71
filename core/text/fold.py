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

_LATIN_END = 0x250  # ASCII, Latin-1 and Latin Extended-A/B: one translate table
_BEYOND = re.compile(f"[^\\x00-\\u{_LATIN_END - 1:04x}]")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:
        lowered = char
    base = unicodedata.normalize("NFD", lowered)[0]
    return base if base.isascii() or not base.isalpha() else lowered


_TABLE = {code: _fold_char(chr(code)) for code in range(_LATIN_END)}


def fold(text: str) -> str:
    """Lowercase, accent-free copy of `text` with exactly the same length."""
    if text.isascii():
        return text.lower()
    folded = text.translate(_TABLE)
    if _BEYOND.search(folded) is None:
        return folded
    return "".join(_fold_char(c) for c in folded)


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def strip_accents(text: str) -> str:
    """Accents stripped, ligatures spelled out, apostrophes unified; case kept."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():  # nothing to decompose (most aliases and tokens)
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of cue phrases as they match folded text: folded, spaces
    collapsed, duplicates dropped, longest first (so "à la veille de" wins over "à la")."""
    folded = sorted({" ".join(fold(str(p)).split()) for p in phrases} - {""}, key=len, reverse=True)
    return "|".join(re.escape(p) for p in folded)
