"""Events from sentences: type, countries, direction, status, date, confidence.

One sentence gives at most one event. It needs a type cue from the taxonomy and two
countries; a sentence that names fewer borrows them from the sentence before it that
named two ("Ces pourparlers portent sur…"), and failing that from the article's main pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from core.extract.background import condition
from core.extract.dates import Anchor, DateMention, find_dates
from core.extract.direction import direction, stopovers
from core.extract.event_type import TypeChoice, outside, type_of
from core.extract.rows import EventMention
from core.extract.sentence_facts import SentenceFacts
from core.extract.taxonomy import Taxonomy


@dataclass
class Event:
    """An event row before corpus-level ids and clustering."""

    sentence: int
    start: int
    end: int
    excerpt: str
    type: str
    countries: list[str]
    actor_country: str | None
    target_country: str | None
    actor_keys: list[str]
    domains: list[str]
    location: str | None
    status: str
    date: str | None
    date_precision: str | None
    date_text: str | None
    confidence: float
    cues: list[str]
    novel: str = ""
    """ "a" when the event noun comes with an indefinite article (a new happening, not a
    re-mention), "another" when the text says it is another one."""
    n_mentions: int = 1
    mentions: list[EventMention] = field(default_factory=list)
    tone: float | None = None
    stopovers: list[str] = field(default_factory=list)
    """Countries the visitor stops in on the way: each is a visit of its own."""
    companion: tuple[str, str, str | None, str | None] | None = None
    """(type, cue, actor, target) of a second happening the sentence reports."""

    def copy(self, **changes: object) -> Event:
        """A copy with `changes`, its lists its own (what `asdict` gave, without its
        recursive deep copy: merging copies every mention of every happening)."""
        lists = ("countries", "actor_keys", "domains", "cues", "mentions", "stopovers")
        fresh = {name: list(getattr(self, name)) for name in lists if name not in changes}
        return replace(self, **fresh, **changes)  # type: ignore[arg-type]


def choose_status(found: set[str], date: str | None, anchor: Anchor | None) -> str:
    """negated > planned > historical > reported, from the status cues outside quotations;
    an event dated years before publication is historical."""
    if "negated" in found:
        return "negated"
    if "planned" in found:
        return "planned"
    if "historical" in found:
        return "historical"
    if date and anchor and int(date[:4]) < anchor.year - 1:
        return "historical"
    return "reported"


def _distance(date: DateMention, cue: tuple[int, int]) -> int:
    """Characters between a date and the cue; one before the cue counts double, as in
    French and English a verb's time adverbial more often follows it ("signed on
    Tuesday", "a signé le 3 mars") than precedes it."""
    return max(2 * (cue[0] - date.end), date.start - cue[1], 0)


def pick_date(dates: list[DateMention], cue: tuple[int, int] | None = None) -> DateMention | None:
    """The date nearest the event's cue (a time adverbial sits by the verb it dates: "the
    mission, to begin next year, was announced earlier this month"), the first one without
    a cue, refined by another that agrees with it and is more precise ("Sea Breeze 2025
    aura lieu du 3 au 9 juin": 3 June 2025)."""
    if not dates:
        return None
    first = dates[0] if cue is None else min(dates, key=lambda d: _distance(d, cue))
    rank = {"year": 1, "month": 2, "day": 3}
    finer = [
        d
        for d in dates
        if d is not first
        and d.value.startswith(first.value)
        and rank.get(d.precision, 0) > rank.get(first.precision, 0)
    ]
    return max(finer, key=lambda d: rank.get(d.precision, 0)) if finer else first


def _rel_quotes(facts: SentenceFacts) -> list[tuple[int, int]]:
    return [(s - facts.start, e - facts.start) for s, e in facts.quote_spans]


def _participants(
    facts: SentenceFacts, choice: TypeChoice, context: list[str]
) -> tuple[list[str], int]:
    """The sentence's own countries, topped up from the context to two, and how many of
    them are its own."""
    countries = list(facts.countries(choice.travel_ends, choice.framing))
    own = len(countries)
    for c in context:
        if len(countries) >= 2:
            break
        if c not in countries:
            countries.append(c)
    return countries, own


def _no_happening(facts: SentenceFacts, choice: TypeChoice, own: int) -> bool:
    """A cue that reports no happening: one inside the sentence's opening condition ("If
    Egyptian soldiers are deployed on the border, ..."), or a statement whose sentence
    names no one, country or person ("no further details were given in the statement")."""
    supposed = condition().match(facts.folded)
    if supposed and choice.cue.end <= supposed.end():
        return True
    return choice.cue.category == "statement" and not own and not facts.actor_keys


def _status_and_date(
    facts: SentenceFacts, choice: TypeChoice, language: str, tax: Taxonomy, anchor: Anchor | None
) -> tuple[str, DateMention | None]:
    """The event's status and the date that dates it."""
    chosen = choice.cue
    status_cues = facts.cues(tax, language)["status"]
    # A rupture's own cue ("annulation") says what happened, not that it did not happen.
    if chosen.category == "rupture":
        status_cues = [c for c in status_cues if c.end <= chosen.start or c.start >= chosen.end]
    found = {c.category for c in outside(status_cues, _rel_quotes(facts))}
    future = choose_status(found, None, anchor) == "planned"
    dates = find_dates(facts.text, anchor, future=future, folded=facts.folded, scan=facts.date_scan)
    date = pick_date(dates, (chosen.start, chosen.end))
    return choose_status(found, date.value if date else None, anchor), date


def sentence_event(
    facts: SentenceFacts,
    language: str,
    tax: Taxonomy,
    anchor: Anchor | None,
    context_countries: list[str],
) -> Event | None:
    """The event a sentence reports, or None when it reports none."""
    cues = facts.cues(tax, language)
    choice = type_of(
        facts.text, _rel_quotes(facts), language, tax, facts.folded, facts.stream, cues
    )
    if choice is None:
        return None
    chosen = choice.cue
    countries, own = _participants(facts, choice, context_countries)
    if len(countries) < 2 or _no_happening(facts, choice, own):
        return None
    borrowed = own < len(countries)
    rel_quotes = _rel_quotes(facts)
    status, date = _status_and_date(facts, choice, language, tax, anchor)
    folded = facts.folded
    actor_country, target_country, location = direction(
        facts.places, facts.start, folded, chosen.category, countries
    )
    stops: list[str] = []
    if chosen.category == "visit" and actor_country and target_country:
        found = stopovers(facts.places, facts.start, folded)
        stops = [c for c in countries if c in found and c not in (actor_country, target_country)]
        countries = [c for c in countries if c not in stops]
    second = _companion(facts, folded, choice, countries)
    confidence = 0.45 + (0.2 if not borrowed else 0.0) + (0.1 if date else 0.0)
    confidence += 0.1 if facts.actor_keys else 0.0
    confidence += 0.1 if outside([chosen], rel_quotes) else 0.0
    cue_words = [chosen.text] + [c.text for c in choice.domain_cues]
    return Event(
        sentence=facts.index,
        start=facts.start,
        end=facts.end,
        excerpt=facts.text,
        type=chosen.category,
        countries=countries,
        actor_country=actor_country,
        target_country=target_country,
        actor_keys=list(dict.fromkeys(facts.actor_keys)),
        domains=list(dict.fromkeys(c.category for c in choice.domain_cues)),
        location=location,
        status=status,
        date=date.value if date else None,
        date_precision=date.precision if date else None,
        date_text=date.text if date else None,
        confidence=round(min(confidence, 0.95), 2),
        cues=list(dict.fromkeys(cue_words)),
        novel=choice.novel,
        stopovers=stops,
        companion=second,
    )


def _companion(
    facts: SentenceFacts, folded: str, choice: TypeChoice, countries: list[str]
) -> tuple[str, str, str | None, str | None] | None:
    """The second happening of the sentence, with its own direction; not one whose
    framing clause names its own parties ("à la veille de la visite du ministre chinois":
    another happening, whose parties the sentence does not give)."""
    cue = choice.companion
    if cue is None:
        return None
    for s, e in choice.framing:
        if s <= cue.start < e and any(s <= p[0] - facts.start < e for p in facts.places):
            return None
    kind = cue.category
    actor, target, _ = direction(facts.places, facts.start, folded, kind, countries)
    return kind, cue.text, actor, target
