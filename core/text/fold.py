"""Offset-preserving text folding: lowercase and strip accents one character for one.

Cue and date matching run on the folded text so "Etats", "États" and "ÉTATS" match the
same rule, while a match's offsets still point into the original text.
"""

from __future__ import annotations

import re
import unicodedata
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
