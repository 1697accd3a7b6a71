"""Direct quotations and who said them.

A quotation is text between « », “ ” or straight double quotes, at least a few words
long (shorter ones are scare quotes: « à moindre coût »). The speaker is, in order:
a person named in the attribution clause after the quote (", a déclaré X"), a person
named before it ("X a répondu : « … »"), then for a pronoun or a role noun ("a-t-il
dit", "a déclaré l'ambassadeur") the last person the article named before the quote.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import NamedTuple

from core.extract.taxonomy import TAXONOMY_PATH
from core.text.fold import fold

MIN_WORDS = 4
_QUOTE = re.compile(r"«\s*(?P<a>[^«»]+?)\s*»|“(?P<b>[^“”]+?)”|\"(?P<c>[^\"\n]+?)\"")


@lru_cache(maxsize=1)
def _speech() -> re.Pattern[str]:
    """Speech verbs that tie a quote to its speaker (data/taxonomy/taxonomy.json)."""
    raw = json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))
    verbs = "|".join(sorted(map(re.escape, raw["speech_verbs"]["verbs"]), key=len, reverse=True))
    return re.compile(rf"\b(?:a|ont|avait|aurait)?\s*(?:-t-)?\s*(?:{verbs})\b")


_PRONOUN_AFTER = re.compile(
    r"^\W*(?:a|avait|ont)-t-(?:il|elle|ils|elles)\b|^\W*,?\s*(?:he|she) (?:said|added)"
)


class Quote(NamedTuple):
    """A quotation: offsets of the quoted words (without the marks) and the text."""

    start: int
    end: int
    text: str


def find_quotes(text: str) -> list[Quote]:
    """Every direct quotation of at least MIN_WORDS words, in order."""
    quotes: list[Quote] = []
    for match in _QUOTE.finditer(text):
        group = next(g for g in ("a", "b", "c") if match.group(g) is not None)
        inner = match.group(group).strip(" ,")
        if len(re.findall(r"\w+", inner)) < MIN_WORDS:
            continue
        start = match.start(group) + match.group(group).find(inner)
        quotes.append(Quote(start, start + len(inner), inner))
    return quotes


class Named(NamedTuple):
    """A person mention the attribution can point at (char offsets, actor key)."""

    start: int
    end: int
    key: str


def attribute(
    text: str, quote: Quote, sent_start: int, sent_end: int, people: list[Named]
) -> str | None:
    """The key of the person who said `quote`, or None when nobody can be named."""
    after = text[quote.end : sent_end]
    folded_after = fold(after)
    close = quote.end + 2
    # 1. A person named in the clause right after the quote: « … », a dit X.
    in_clause = [p for p in people if close - 2 <= p.start <= sent_end]
    if in_clause and _speech().search(folded_after[: in_clause[0].start - quote.end]):
        return in_clause[0].key
    # 2. A person named before the quote in the same sentence with a speech verb between.
    before = [p for p in people if sent_start <= p.start and p.end <= quote.start]
    if before and _speech().search(fold(text[before[-1].end : quote.start])):
        return before[-1].key
    # 3. A pronoun or role noun after the quote, or a bare quote: the last person named.
    earlier = [p for p in people if p.end <= quote.start]
    if earlier and (_PRONOUN_AFTER.search(folded_after) or _speech().search(folded_after[:60])):
        return earlier[-1].key
    if before:
        return before[-1].key
    return in_clause[0].key if in_clause else None
