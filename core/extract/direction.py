"""Direction of an event: who acts on whom (actor_country -> target_country) and where.

A visit or a meeting abroad goes from the visitor to the host, not to a stopover; a
procurement, an aid or a training goes from the supplier to the buyer. The cue words
are data (data/taxonomy/direction.json).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from core.config import DATA_DIR, data_json
from core.text.fold import listed_phrases

Place = tuple[int, int, str, tuple[str, ...], str]
"""(start, end, label, countries, canonical) of a gazetteer match, as in SentenceFacts."""
DIRECTION_PATH = DATA_DIR / "taxonomy" / "direction.json"


class DirectionCues(NamedTuple):
    """The compiled cue lists of data/taxonomy/direction.json."""

    at_before: re.Pattern[str]
    stopover_before: re.Pattern[str]
    host_before: re.Pattern[str]
    supplier_before: re.Pattern[str]
    giver: re.Pattern[str]
    buyer: re.Pattern[str]
    host_kinds: frozenset[str]
    supply_kinds: frozenset[str]


def _alternation(raw: dict[str, object], key: str) -> str:
    return listed_phrases(raw, key, DIRECTION_PATH)


@lru_cache(maxsize=1)
def load_direction() -> DirectionCues:
    """Compile the direction cues once per process."""
    raw = data_json(DIRECTION_PATH)
    kinds = raw.get("kinds", {})

    def before(key: str, tail: str = "") -> re.Pattern[str]:
        return re.compile(rf"(?:^|[\s'])(?:{_alternation(raw, key)})\s+{tail}$")

    return DirectionCues(
        at_before=before("at_before"),
        stopover_before=before("stopover_before"),
        # "reçu par le président algérien": a title may stand before the demonym.
        host_before=before(
            "host_before", rf"(?:(?:{_alternation(raw, 'title_articles')})\s*)?(?:[\w-]+\s+){{0,2}}"
        ),
        supplier_before=re.compile(rf"(?:{_alternation(raw, 'supplier_before')})\s*$"),
        giver=re.compile(rf"\b(?:{_alternation(raw, 'giver_words')})"),
        buyer=re.compile(rf"\b(?:{_alternation(raw, 'buyer_words')})"),
        host_kinds=frozenset(kinds.get("host", [])),
        supply_kinds=frozenset(kinds.get("supply", [])),
    )


def _host(places: list[Place], offset: int, folded: str) -> tuple[str | None, str | None, set[str]]:
    """(location, host country, stopover countries) of a sentence."""
    cues = load_direction()
    location = host = None
    stopovers: set[str] = set()
    for start, _end, label, cs, canonical in places:
        rel = start - offset
        before = folded[max(0, rel - 40) : rel]
        if label in ("CITY", "COUNTRY") and cues.stopover_before.search(before):
            stopovers.update(cs)  # "après une escale à Dakar": not where it happens
            continue
        if label in ("CITY", "COUNTRY") and location is None and cues.at_before.search(before):
            location = canonical
            host = host or (cs[0] if cs else None)
        if label == "DEMONYM" and cues.host_before.search(before):
            host = cs[0] if cs else host
    return location, host, stopovers


def stopovers(places: list[Place], offset: int, folded: str) -> set[str]:
    """Countries a sentence names as a stopover ("après une escale à Dakar")."""
    return _host(places, offset, folded)[2]


def direction(
    places: list[Place], offset: int, folded: str, kind: str, countries: list[str]
) -> tuple[str | None, str | None, str | None]:
    """(actor_country, target_country, location) where a sentence (folded, starting at
    `offset` in the article) shows a direction."""
    cues = load_direction()
    location, host, stopovers = _host(places, offset, folded)
    if len(countries) < 2:
        return None, None, location
    if kind in cues.host_kinds and host in countries:
        visitor = next((c for c in countries if c != host and c not in stopovers), None)
        return (visitor, host, location) if visitor else (None, None, location)
    if kind not in cues.supply_kinds:
        return None, None, location
    for start, _end, _label, cs, _ in places:
        rel = start - offset
        if (
            cs
            and cs[0] in countries
            and cues.supplier_before.search(folded[max(0, rel - 40) : rel])
        ):
            buyer = next((c for c in countries if c != cs[0]), None)
            return cs[0], buyer, location
    if kind != "procurement" and not cues.giver.search(folded):
        return None, None, location
    if cues.buyer.search(folded) and not cues.giver.search(folded):
        return countries[1], countries[0], location  # "le Maroc a acquis … américains"
    if cues.giver.search(folded):
        return countries[0], countries[1], location
    return None, None, location
