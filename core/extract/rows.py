"""The rows one article's extraction hands to the build: one immutable type per kind.

NamedTuples rather than dicts because the build holds the rows of every article at once
(a tuple of fields is a fraction of a dict's size) and because mypy then checks every
consumer's field names. Sequences are tuples, so a row cannot change once made. The one
place these become something else is the row cache (core/build/cache.py, Arrow).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class MentionRow(NamedTuple):
    """A span naming an actor: place, demonym, institution, person or organisation."""

    sentence: int  # index of the sentence it is in, -1 when in none
    start: int
    end: int
    text: str
    label: str
    key: str | None  # "country:XX", "org:<name>", a local person key "p<n>", or None


class PersonRow(NamedTuple):
    """A person as one article knows them; merged across articles in core/build/actors.py."""

    key: str  # "p<n>", unique within the article
    name: str
    forms: tuple[str, ...]
    role: str | None
    role_text: str | None
    country: str | None
    country_from: str  # context, known, counterpart, article or none
    n_mentions: int


class OrgRow(NamedTuple):
    """An organisation the article names (gazetteer institution or NER organisation)."""

    key: str  # "org:<name>"
    name: str
    country: str | None


class EventMention(NamedTuple):
    """One sentence that reports an event (the rows of `event_mentions`)."""

    sentence: int
    start: int
    end: int
    excerpt: str
    cues: tuple[str, ...]


class EventRow(NamedTuple):
    """One happening of the article, before corpus-level ids and clustering."""

    sentence: int
    start: int
    end: int
    excerpt: str
    type: str
    countries: tuple[str, ...]
    actor_country: str | None
    target_country: str | None
    actor_keys: tuple[str, ...]
    domains: tuple[str, ...]
    location: str | None
    status: str
    date: str | None
    date_precision: str | None
    date_text: str | None
    confidence: float
    cues: tuple[str, ...]
    n_mentions: int
    tone: float | None
    mentions: tuple[EventMention, ...]


class QuoteRow(NamedTuple):
    """A quotation and the local key of its speaker (None: nobody the article names)."""

    key: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """Everything extracted from one article."""

    article_id: str
    pipeline: str = "blank"  # which spaCy pipeline processed it (core.nlp.pipeline)
    published_from_text: str | None = None  # the page's date line, when the manifest has none
    mentions: tuple[MentionRow, ...] = ()
    people: tuple[PersonRow, ...] = ()
    orgs: tuple[OrgRow, ...] = ()
    events: tuple[EventRow, ...] = ()
    quotes: tuple[QuoteRow, ...] = ()
    inputs: tuple[str | None, ...] = ()
    """What besides the text decided these rows (the build's language and date), set by
    the build so a cached row read under other metadata is processed again."""
