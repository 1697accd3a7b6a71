"""Offset-preserving text folding: lowercase and strip accents one character for one.

Cue and date matching run on the folded text so "Etats", "États" and "ÉTATS" match the
same rule, while a match's offsets still point into the original text.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:
        lowered = char
    base = unicodedata.normalize("NFD", lowered)[0]
    return base if base.isascii() or not base.isalpha() else lowered


def fold(text: str) -> str:
    """Lowercase, accent-free copy of `text` with exactly the same length."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)
