"""Keys that name a correction's target and survive a change of the extractor.

An event is named by its article and the text of its sentence, a quote by its article and
its words, an actor by its id (with its name as a fallback when ids are renumbered). The
text normalisation here is frozen on purpose: it must not follow changes to the
pipeline's own normaliser, or every stored key would stop matching.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable

import pandas as pd

# Typographic apostrophes and quotes fold to their ASCII forms.
_PUNCT = (
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("«", '"'),
    ("»", '"'),
)


def norm_text(text: str) -> str:
    """NFKC, ASCII apostrophes and quotes, one space between words, casefolded."""
    text = unicodedata.normalize("NFKC", str(text))
    for char, plain in _PUNCT:
        if char in text:
            text = text.replace(char, plain)
    return " ".join(text.split()).casefold()


def text_key(article_id: str, text: str) -> str:
    """`<article_id>:<16 hex of sha256 of the normalised text>`."""
    digest = hashlib.sha256(norm_text(text).encode("utf-8")).hexdigest()[:16]
    return f"{article_id}:{digest}"


def event_key(article_id: str, sentence_text: str) -> str:
    """An event's stable key: its article and the text of (one of) its sentence(s)."""
    return text_key(article_id, sentence_text)


def quote_key(article_id: str, quote_text: str) -> str:
    """A quote's stable key: its article and its words."""
    return text_key(article_id, quote_text)


def _keys(article_ids: Iterable[str], texts: Iterable[str]) -> list[str]:
    return [text_key(str(a), str(t or "")) for a, t in zip(article_ids, texts, strict=True)]


def event_index(frames: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Event key -> row position in `events`.

    Each event is found by its own excerpt first; when the tables carry `event_mentions`
    (one row per sentence of a happening), every sentence of the event names it too, so a
    correction still finds its event when the extractor picks another sentence as excerpt.
    """
    events = frames["events"]
    index: dict[str, int] = {}
    mentions = frames.get("event_mentions")
    if mentions is not None and {"event_id", "article_id", "excerpt"} <= set(mentions.columns):
        pos: dict[str, int] = {}
        for row, event_id in enumerate(events["event_id"].astype(str)):
            pos.setdefault(event_id, row)
        keys = _keys(mentions["article_id"], mentions["excerpt"])
        for key, event_id in zip(keys, mentions["event_id"].astype(str), strict=True):
            if event_id in pos:
                index.setdefault(key, pos[event_id])
    own = _keys(events["article_id"], events["excerpt"])
    for row, key in enumerate(own):
        index[key] = row
    return index


def event_keys(events: pd.DataFrame) -> list[str]:
    """The key of each event row (from its excerpt)."""
    return _keys(events["article_id"], events["excerpt"])


def quote_keys(quotes: pd.DataFrame) -> list[str]:
    """The key of each quote row."""
    return _keys(quotes["article_id"], quotes["text"])
