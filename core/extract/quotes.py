"""Direct quotations and who said them.

A quotation is text between « », “ ” or straight double quotes, at least a few words
long (shorter ones are scare quotes: « à moindre coût »). The speaker is, in order:
a person named in the attribution clause after the quote (", a déclaré X"), a person
named before it ("X a répondu : « … »"), then for a pronoun or a role noun ("a-t-il
dit", "a déclaré l'ambassadeur") the last person the article named before the quote.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from core.config import DATA_DIR, data_json
from core.extract.taxonomy import TAXONOMY_PATH
from core.text.fold import fold, listed_phrases

SOURCES_FILE = DATA_DIR / "taxonomy" / "quote_sources.json"
CUES_FILE = DATA_DIR / "taxonomy" / "quote_cues.json"
MIN_WORDS = 4
# Quotes this short ("acteur clé") count only when a speech verb ties them to a name in
# the same sentence; otherwise they are scare quotes.
MIN_WORDS_ATTRIBUTED = 2
# Marks that may open / close a quotation. Outlets mix them ("„…“", "”…”", "“…″").
OPENERS = frozenset('«“”„‟"')
CLOSERS = frozenset('»”“″"')
# Guillemets take a space inside ("« Oui »"); the other marks tell opening from closing
# by the side the space is on.
SPACED = frozenset("«»")
# The characters the quote scan acts on; every other one leaves its state unchanged.
_MARKS = re.compile("[" + re.escape("".join(sorted(OPENERS | CLOSERS | {"\n"}))) + "]")
# How far after a quote's end a name may start and still be the subject of "X said".
_NAME_GAP = 30


def _cue_words(key: str) -> str:
    """A regex alternation of one list of data/taxonomy/quote_cues.json."""
    return listed_phrases(data_json(CUES_FILE), key, CUES_FILE)


@lru_cache(maxsize=1)
def _speech() -> re.Pattern[str]:
    """Speech verbs that tie a quote to its speaker (data/taxonomy/taxonomy.json)."""
    raw = data_json(TAXONOMY_PATH)
    verbs = "|".join(sorted(map(re.escape, raw["speech_verbs"]["verbs"]), key=len, reverse=True))
    return re.compile(rf"\b(?:{_cue_words('auxiliaries')})?\s*(?:-t-)?\s*(?:{verbs})\b")


@lru_cache(maxsize=1)
def _pronoun() -> re.Pattern[str]:
    """A pronoun that stands for the speaker: "« … », a-t-il dit", "…,” she added"."""
    inverted = rf"(?:{_cue_words('inverted_auxiliaries')})-t-(?:{_cue_words('inverted_pronouns')})"
    return re.compile(rf"^\W*{inverted}\b|^\W*,?\s*(?:{_cue_words('pronouns_after')})\b")


@lru_cache(maxsize=1)
def _pronoun_before() -> re.Pattern[str]:
    """A pronoun before the quote that stands for its speaker: "Il a ajouté : « … »"."""
    words = _cue_words("pronouns_before")
    return re.compile(rf"\b(?:{words})\s*,?\s*$|\b(?:{words})\b[^.]{{0,40}}$")


@lru_cache(maxsize=1)
def _sources() -> re.Pattern[str]:
    """Non-person sources of a quote (data/taxonomy/quote_sources.json)."""
    raw = data_json(SOURCES_FILE)["sources"]
    words = "|".join(sorted(map(re.escape, raw), key=len, reverse=True))
    return re.compile(rf"^\W*(?:{words})\b|^\W*\w+\s+(?:{words})\b|^\W*(?:{words})\s+\w+\b")


def said_by_a_document(after_quote: str) -> bool:
    """ "…, indique le communiqué", "…,” the statement said": no person said it."""
    return _sources().search(after_quote[:60]) is not None


class Quote(NamedTuple):
    """A quotation: offsets of the quoted words (without the marks) and the text."""

    start: int
    end: int
    text: str


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text between paired quote marks. A mark opens when the next
    character is not a space and closes when the previous one is not; a line break ends
    an open quote, and so does the end of the text (an excerpt cut mid-quote)."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for mark in _MARKS.finditer(text):
        i, ch = mark.start(), mark.group()
        if ch == "\n" and opened is not None:
            spans.append((opened, i))
            opened = None
            continue
        after = text[i + 1 : i + 2]
        before = text[i - 1 : i] if i else ""
        # A closer after a stray space still closes when a space or a mark follows it.
        loose = not after or after.isspace() or after in ",.;:!?"
        if (
            opened is not None
            and ch in CLOSERS
            and before
            and (ch in SPACED or not before.isspace() or loose)
        ):
            spans.append((opened, i))
            opened = None
        elif opened is None and ch in OPENERS and after and (ch in SPACED or not after.isspace()):
            opened = i + 1
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def find_quotes(text: str, min_words: int = MIN_WORDS_ATTRIBUTED) -> list[Quote]:
    """Every direct quotation of at least `min_words` words, in order."""
    quotes: list[Quote] = []
    for start, end in _quote_spans(text):
        raw = text[start:end]
        inner = raw.strip(" ,«»\u00a0")
        if len(re.findall(r"\w+", inner)) < min_words:
            continue
        begin = start + raw.find(inner)
        quotes.append(Quote(begin, begin + len(inner), inner))
    return quotes


def is_short(quote: Quote) -> bool:
    """Fewer words than a quotation needs to stand without an attribution."""
    return len(re.findall(r"\w+", quote.text)) < MIN_WORDS


class Named(NamedTuple):
    """A person mention the attribution can point at (char offsets, actor key)."""

    start: int
    end: int
    key: str


def attribute(
    text: str,
    quote: Quote,
    sent_start: int,
    sent_end: int,
    people: list[Named],
    previous: tuple[Quote, str | None] | None = None,
) -> str | None:
    """The key of the person who said `quote`, or None when nobody can be named. A short
    quote gets a speaker only from a speech verb next to a name in its sentence."""
    after = text[quote.end : sent_end]
    folded_after = fold(after)
    close = quote.end + 2
    # 1. A person named in the clause right after the quote: « … », a dit X.
    # Or the name right after the quote, then the verb: "…,” X said.
    in_clause = [p for p in people if close - 2 <= p.start <= sent_end]
    if in_clause:
        first = in_clause[0]
        lead, tail = first.start - quote.end, fold(text[first.end : first.end + 25])
        if _speech().search(folded_after[:lead]) or (
            lead <= _NAME_GAP and _speech().match(tail.strip())
        ):
            return first.key
    if said_by_a_document(folded_after):
        return None
    # 2. A person named before the quote in the same sentence with a speech verb between.
    before = [p for p in people if sent_start <= p.start and p.end <= quote.start]
    if before and _speech().search(fold(text[before[-1].end : quote.start])):
        return before[-1].key
    if is_short(quote):
        return None
    # 3. A quote right after another one in the same paragraph, with nobody named
    # between: the same speaker goes on ("“…,” X said. “…”").
    if previous is not None and previous[1] is not None:
        gap = text[previous[0].end : quote.start]
        between = {p.key for p in people if previous[0].end <= p.start < quote.start}
        if "\n" not in gap and between <= {previous[1]}:
            return previous[1]
    # 4. A pronoun or role noun around the quote, or a bare quote: the last person named.
    earlier = [p for p in people if p.end <= quote.start]
    opening = fold(text[sent_start : quote.start])
    pronoun = (_pronoun().search(folded_after) and _speech().search(folded_after[:60])) or (
        _pronoun_before().search(opening.rstrip(' “«"')) and _speech().search(opening[-40:])
    )
    if earlier and (pronoun or _speech().search(folded_after[:60])):
        return earlier[-1].key
    if before:
        return before[-1].key
    return in_clause[0].key if in_clause else None
