"""Sentences into happenings: one event per real-world happening of an article.

An article tells one memorandum in its headline, its lead and a quote; each sentence is a
mention, not an event. A sentence's event joins an earlier one of the same article when
both are the same happening: same type, same participants, compatible dates, or a phrase
that points back to it ("cette visite", "the deal"). Pure and per article.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache

from core.config import data_json
from core.extract.dates import Anchor
from core.extract.events import Event, sentence_event
from core.extract.rows import EventMention, EventRow
from core.extract.sentence_facts import SentenceFacts
from core.extract.taxonomy import TAXONOMY_PATH, load_taxonomy
from core.extract.tone import tone_of
from core.text.fold import fold

_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


def event_key(article_id: str, sentence_text: str) -> str:
    """Stable id of an event: its article and the text of its first mention sentence.

    Rebuilding an unchanged article gives the same key, whatever the order of the
    corpus, so corrections keyed on (article id, sentence text hash) keep applying."""
    digest = hashlib.sha1(f"{article_id}\n{' '.join(sentence_text.split())}".encode())
    return digest.hexdigest()[:16]


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Dates agree at their common precision ("2024" with "2024-03-12"); none is no clash."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)


def _same_people(a: Event, b: Event) -> bool:
    # Two named, disjoint casts are two happenings (a minister's visit, then a general's).
    return not (a.actor_keys and b.actor_keys and not set(a.actor_keys) & set(b.actor_keys))


def _statuses_compatible(a: str, b: str) -> bool:
    return {a, b} != {"planned", "historical"}


def _joins(group: Event, event: Event, pointed: set[str]) -> bool:
    """Whether `event` is a further mention of `group`'s happening."""
    if group.type != event.type:
        return False
    if not dates_compatible(group.date, event.date):
        return False
    if not _statuses_compatible(group.status, event.status):
        return False
    own, theirs = set(event.countries), set(group.countries)
    if event.type in pointed:
        return own <= theirs or theirs <= own
    # One side may name fewer of the countries (a headline, a pronoun), never others.
    if not (own <= theirs or theirs <= own) or _new_to(group, event):
        return False
    return _same_people(group, event)


def _new_to(group: Event, event: Event) -> bool:
    # "Signs a deal" in the headline, "signed a deal" in the lead: a plain indefinite
    # ("a deal") may retell an undated happening; after a dated one ("the 2019 deal"),
    # "signed a deal three weeks earlier" is another. "Another", "une autre" never join.
    if event.novel == "a":
        return group.date is not None
    return bool(event.novel)


def _informative(event: Event) -> tuple[float, int, int, int]:
    """Which mention best stands for the event: confident, precisely dated, rich, early."""
    rank = _PRECISION_RANK.get(event.date_precision or "", 0)
    return (event.confidence, rank, len(event.countries), -event.sentence)


def _merge(members: list[Event]) -> Event:
    """One event from its mentions; the most informative sentence gives the excerpt."""
    best = max(members, key=_informative)
    dated = max(
        (e for e in members if dates_compatible(best.date, e.date)),
        key=lambda e: _PRECISION_RANK.get(e.date_precision or "", 0),
    )
    merged = best.copy(mentions=[], n_mentions=len(members))
    merged.countries = list(dict.fromkeys(c for e in [best, *members] for c in e.countries))
    # The most precise date that agrees with the excerpt's ("2024" then "du 16 au 30 mai").
    if dated.date is not None and dates_compatible(merged.date, dated.date):
        merged.date, merged.date_precision = dated.date, dated.date_precision
        merged.date_text = dated.date_text
    if merged.actor_country is None:
        directed = next((e for e in members if e.actor_country), None)
        if directed is not None:
            merged.actor_country = directed.actor_country
            merged.target_country = directed.target_country
    merged.location = merged.location or next((e.location for e in members if e.location), None)
    for attr in ("actor_keys", "domains", "cues"):
        setattr(merged, attr, list(dict.fromkeys(x for e in members for x in getattr(e, attr))))
    merged.mentions = [
        EventMention(e.sentence, e.start, e.end, e.excerpt, tuple(e.cues)) for e in members
    ]
    # The tone follows the type, its winning cue (the first) and the status.
    merged.tone = tone_of(merged.type, merged.status, merged.cues[0] if merged.cues else "")
    return merged


def merge_mentions(events: list[Event], pointed: list[set[str]]) -> list[Event]:
    """Group sentence events (in text order) into happenings; `pointed[i]` holds the
    event types that sentence i's pointing-back phrases name."""
    groups: list[tuple[Event, list[Event]]] = []
    for event, kinds in zip(events, pointed, strict=True):
        latest_first = range(len(groups) - 1, -1, -1)
        at = next((i for i in latest_first if _joins(groups[i][0], event, kinds)), None)
        if at is None:
            groups.append((_merge([event]), [event]))
        else:
            members = [*groups[at][1], event]
            groups[at] = (_merge(members), members)
    return [merged for merged, _ in groups]


def article_events(
    facts: list[SentenceFacts], language: str, anchors: list[Anchor | None]
) -> list[EventRow]:
    """The article's happenings as rows; `anchors` gives each sentence the date its
    relative expressions resolve against (core.extract.date_anchor.story_anchors). A
    sentence naming fewer than two countries borrows from the last sentence that named
    two, else from the article's main pair, the article's most-named country first."""
    tax = load_taxonomy()
    counts = Counter(c for f in facts for c in f.countries())
    main_pair = [c for c, _ in counts.most_common(2)]
    events: list[Event] = []
    pointed: list[set[str]] = []
    recent: list[str] = []
    for sentence, anchor in zip(facts, anchors, strict=True):
        own = sentence.countries()
        event = sentence_event(sentence, language, tax, anchor, recent or main_pair)
        if event is not None:
            cues = sentence.cues(tax, language)["anaphora"]
            kinds = {c.category for c in cues}
            if event.date is None and cues:
                _date_from_anaphora(event, kinds, cues[0].text, events)
            for stop in [event, *_stopover_visits(event), *_companion_events(event)]:
                events.append(stop)
                pointed.append(kinds)
        elif events and (more := _elaboration(events[-1], sentence, own, language)):
            events.append(more)
            pointed.append({more.type})
        if len(own) >= 2:
            recent = sorted(own, key=lambda c: -counts[c])
    return [event_row(e) for e in merge_mentions(events, pointed)]


# How many sentences after an event's own one still elaborate it.
_ELABORATION_REACH = 1


def _elaboration(
    last: Event, sentence: SentenceFacts, own: list[str], language: str
) -> Event | None:
    """ "Le partenariat englobera une coopération dans la formation": a sentence that
    reports no event of its own, right after one, naming no other country, tells more
    about that happening; its domains are the happening's, and it is one more mention
    (never the excerpt: it is the least confident)."""
    if sentence.index - last.sentence > _ELABORATION_REACH:
        return None
    if not set(own) <= set(last.countries):
        return None
    tax = load_taxonomy()
    # Only a sentence that speaks of the cooperation's scope ("le partenariat englobera",
    # "in the fields of"), not one that merely uses a domain's word ("the Economy
    # Minister", "17 milliards d'euros").
    if not sentence.cues(tax, language)["scope"]:
        return None
    found = sentence.cues(tax, language)["domains"]
    if not found:
        return None
    return last.copy(
        companion=None,
        stopovers=[],
        novel="",
        mentions=[],
        sentence=sentence.index,
        start=sentence.start,
        end=sentence.end,
        excerpt=sentence.text,
        domains=list(dict.fromkeys(c.category for c in found)),
        cues=list(dict.fromkeys(c.text for c in found)),
        confidence=0.0,
    )


def event_row(event: Event) -> EventRow:
    """The row of a merged event: its table fields, frozen (the working fields that only
    guide merging -- novelty, stopovers, a companion happening -- stay behind)."""
    return EventRow(
        sentence=event.sentence,
        start=event.start,
        end=event.end,
        excerpt=event.excerpt,
        type=event.type,
        countries=tuple(event.countries),
        actor_country=event.actor_country,
        target_country=event.target_country,
        actor_keys=tuple(event.actor_keys),
        domains=tuple(event.domains),
        location=event.location,
        status=event.status,
        date=event.date,
        date_precision=event.date_precision,
        date_text=event.date_text,
        confidence=event.confidence,
        cues=tuple(event.cues),
        n_mentions=event.n_mentions,
        tone=event.tone,
        mentions=tuple(event.mentions),
    )


def _stopover_visits(event: Event) -> list[Event]:
    """ "Après une escale à Dakar, la ministre sera reçue à Bamako": the stopover is a
    visit of its own, from the same visitor, told by the same sentence."""
    return [
        event.copy(
            countries=[event.actor_country, stop], target_country=stop, location=None, stopovers=[]
        )
        for stop in event.stopovers
        if event.actor_country
    ]


def _companion_events(event: Event) -> list[Event]:
    """ "L'accord a été signé lors de la visite du ministre": the visit is a happening of
    its own, told by the same sentence (it joins the visit other sentences tell)."""
    if event.companion is None:
        return []
    kind, cue, actor, target = event.companion
    changes = {"type": kind, "cues": [cue], "companion": None, "novel": ""}
    return [event.copy(**changes, actor_country=actor, target_country=target, stopovers=[])]


@lru_cache(maxsize=1)
def _day_offsets() -> dict[str, int]:
    """Words of a pointing-back phrase that shift its date by days ("la veille de")."""
    raw = data_json(TAXONOMY_PATH)
    offsets = raw.get("anaphora", {}).get("_offsets", {})
    return {" ".join(fold(k).split()): int(v) for k, v in offsets.items()}


def _date_from_anaphora(event: Event, kinds: set[str], phrase: str, earlier: list[Event]) -> None:
    """ "Durant cette visite, X a été reçu…": the event happened when the one it points
    back to did, so it takes the date of the last dated event of the type the phrase
    names ("cette visite": a visit) with the same countries. "À la veille de la visite"
    is the day before an event that may have other parties (one shared)."""
    folded = fold(phrase)
    shift = next((v for k, v in _day_offsets().items() if k in folded), None)
    candidates = list(reversed(earlier))
    if shift is not None:
        # "The eve of" is a day: an event dated to the day is the one it counts from.
        candidates.sort(key=lambda e: e.date_precision != "day")
    for previous in candidates:
        own, theirs = set(event.countries), set(previous.countries)
        same = own & theirs if shift is not None else own == theirs
        if previous.date and same and previous.type in kinds:
            event.date, event.date_precision = previous.date, previous.date_precision
            if shift and previous.date_precision == "day":
                day = date.fromisoformat(previous.date) + timedelta(days=shift)
                event.date = day.isoformat()
            event.date_text = phrase
            return
