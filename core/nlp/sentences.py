"""Rule-based sentence spans over cleaned article text.

Our own splitter rather than the parser's: paragraphs (line breaks) always end a
sentence, titles and honorifics ("M.", "Gén.", "U.S.") never do, and it costs nothing,
so the parser can stay disabled.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from core.config import DATA_DIR, data_json
from core.text.fold import fold

ABBREVIATIONS_FILE = DATA_DIR / "language" / "abbreviations.json"


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Words after which a period does not end a sentence (folded), from the data file."""
    data = data_json(ABBREVIATIONS_FILE)
    return frozenset(fold(w).rstrip(".") for w in data["abbreviations"])


_END = re.compile(r"[.!?…]+(?:\s?[»\"”’)\]])*(?=\s+)")
_NEXT_START = re.compile(r"\s+[«\"“(\[]?\s*[A-ZÀ-ÖØ-Þ0-9]")


_MAX_QUOTED = 600
_ABBREVIATION_WINDOW = 64


class SentenceSpan(NamedTuple):
    start: int
    end: int


def _is_abbreviation(text: str, dot: int) -> bool:
    # Only the last few characters can hold an abbreviation: a window keeps a '$'-anchored
    # search linear on a paragraph that is one huge word.
    word = re.search(r"([\w.'-]+)$", text[max(0, dot - _ABBREVIATION_WINDOW) : dot])
    if not word:
        return False
    token = fold(word.group(1)).rstrip(".")
    return token in abbreviations() or (len(token) == 1 and token.isalpha())


def _inside_quote(body: str, start: int, end: int) -> bool:
    """True when a quotation opened in body[start:end] is still open (and not runaway)."""
    chunk = body[start:end]
    depth = chunk.count("«") - chunk.count("»") + chunk.count("“") - chunk.count("”")
    depth += chunk.count('"') % 2
    return depth > 0 and end - start < _MAX_QUOTED


def split_sentences(text: str) -> list[SentenceSpan]:
    """Sentence spans (start, end) covering the non-blank text, in order."""
    spans: list[SentenceSpan] = []
    for para in re.finditer(r"[^\n]+", text):
        base, body = para.start(), para.group()
        cursor = 0
        for match in _END.finditer(body):
            end = match.end()
            if match.group().startswith(".") and _is_abbreviation(body, match.start()):
                continue
            if not _NEXT_START.match(body, end) or _inside_quote(body, cursor, end):
                continue
            _append(spans, base, body, cursor, end)
            cursor = end
        _append(spans, base, body, cursor, len(body))
    return spans


def _append(spans: list[SentenceSpan], base: int, body: str, start: int, end: int) -> None:
    chunk = body[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    spans.append(SentenceSpan(base + start + lead, base + start + lead + len(stripped)))
