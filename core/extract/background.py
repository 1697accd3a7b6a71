"""Words that make a named place scenery, a country background, or an event cue a
supposition (data/taxonomy/background.json), as compiled patterns."""

from __future__ import annotations

import re
from functools import lru_cache

from core.config import data_json
from core.extract.event_type import BACKGROUND_PATH
from core.text.fold import listed_phrases, phrase_alternation


@lru_cache(maxsize=1)
def locative() -> re.Pattern[str]:
    """ "en Libye", "au Mali", "dans la région du Sahel", "in Libya": a place as scenery
    (data/taxonomy/background.json)."""
    raw = data_json(BACKGROUND_PATH)
    preps = listed_phrases(raw, "scenery_prepositions", BACKGROUND_PATH)
    articles = raw.get("scenery_articles", [])
    spaced = phrase_alternation(a for a in articles if not a.endswith("'"))
    elided = phrase_alternation(a for a in articles if a.endswith("'"))
    return re.compile(rf"(?:^|\s)(?:{preps})\s+(?:(?:{spaced})\s|{elided})?$")


@lru_cache(maxsize=1)
def ruled() -> re.Pattern[str]:
    """ "the government in Mogadishu", "the authorities in Tripoli": the place after a
    ruling body names that country's rulers, a party, not scenery."""
    raw = data_json(BACKGROUND_PATH)
    rulers = listed_phrases(raw, "governments", BACKGROUND_PATH)
    return re.compile(rf"\b(?:{rulers}){locative().pattern}")


@lru_cache(maxsize=1)
def condition() -> re.Pattern[str]:
    """A sentence opening on a condition, up to its first comma ("If Egyptian soldiers are
    deployed on the border, ..."); opening quotation marks and spaces may come first."""
    words = listed_phrases(data_json(BACKGROUND_PATH), "conditional_openers", BACKGROUND_PATH)
    return re.compile(rf"^[\W_]*(?:{words})\b[^,;:]*")


@lru_cache(maxsize=1)
def background() -> re.Pattern[str]:
    """Phrases after which a named country is background (data/taxonomy/background.json)."""
    raw = data_json(BACKGROUND_PATH)
    alternatives = listed_phrases(raw, "before", BACKGROUND_PATH)
    return re.compile(rf"(?:^|\W)(?:{alternatives})\W+(?:[\w'-]+\W+){{0,3}}$")
