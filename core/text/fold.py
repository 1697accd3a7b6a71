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
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

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


_BMP = 0x10000  # code points below it are folded through one lookup array
_JOIN = "\x00"  # folds to itself


@lru_cache(maxsize=1)
def _code_table() -> np.ndarray:
    """Every BMP code point's fold, as code points (`_fold_char` keeps lengths)."""
    return np.array([ord(_fold_char.__wrapped__(chr(c))) for c in range(_BMP)], np.uint32)


def fold_all(texts: Sequence[str]) -> list[str]:
    """`fold` of many texts at once, the same per character: joined, looked up in a
    code-point array and split again. `str.translate` costs ~35 ns per character,
    seconds per million excerpts when the dashboard's database is made."""
    if not texts:
        return []
    joined = _JOIN.join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), np.uint32)
    out = _code_table()[np.minimum(codes, _BMP - 1)]
    for i in np.flatnonzero(codes >= _BMP - 1):  # astral characters (emoji): one by one
        out[i] = ord(_fold_char(chr(codes[i])))
    parts = out.tobytes().decode("utf-32-le", "surrogatepass").split(_JOIN)
    if len(parts) != len(texts):  # a text held the separator itself
        return [fold(t) for t in texts]
    return parts


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
