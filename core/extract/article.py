"""One article in, its rows out: mentions, local actors, events, quotes.

A pure function of the article text, its language and publication date, and the
read-only gazetteer/taxonomy/role data: no corpus state, so it runs in any process and
its output can be cached by article hash. Actor ids that span articles are given later
(core/actors.py).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from core.extract.article_people import LocalPerson, article_people
from core.extract.date_anchor import story_anchors, text_anchor
from core.extract.dates import Anchor, parse_anchor
from core.extract.happenings import article_events
from core.extract.people import PersonMention
from core.extract.phrase_match import Words
from core.extract.quotes import Named, Quote, attribute, find_quotes, is_short
from core.extract.rows import ArticleRows, MentionRow, OrgRow, PersonRow, QuoteRow
from core.extract.sentence_facts import SentenceFacts
from core.nlp.pipeline import pipeline_name
from core.nlp.sentences import split_sentences

__all__ = ["extract", "process"]


def _sentence_spans(doc: Doc, text: str) -> list[Span]:
    spans = []
    for s in split_sentences(text):
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    return spans


def _org_mentions(doc: Doc, gaz: list[Span]) -> list[tuple[Span, str | None]]:
    """NER organisations not already a gazetteer match, with the country their own words
    name ("Service fédéral ... russe", "Moroccan Royal Navy")."""
    owner = {t: s for s in gaz for t in range(s.start, s.end)}
    found = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or len(ent.text) <= 2 or not ent.text[:1].isupper():
            continue
        inside = [owner[t] for t in range(ent.start, ent.end) if t in owner]
        if inside and all(t in owner for t in range(ent.start, ent.end)):
            continue
        countries = list(dict.fromkeys(c for s in inside for c in s._.countries))
        if len(countries) > 1:
            continue  # "Coopération Algérie – USA": a headline the NER misread, not a body
        found.append((ent, countries[0] if countries else None))
    return found


def extract(
    doc: Doc,
    article_id: str,
    language: str,
    published: str | None,
    *,
    known: dict[str, tuple[str, str, str]] | None = None,
) -> ArticleRows:
    """Rows for one processed article. `known` maps folded aliases to (name, country, role)."""
    text = doc.text  # Doc.text joins every token: read it once
    words = Words.of(text)
    sentences = _sentence_spans(doc, text)
    gaz = sorted(doc.spans["gazetteer"], key=lambda s: s.start) if "gazetteer" in doc.spans else []
    sent_of_token = {t: i for i, sent in enumerate(sentences) for t in range(sent.start, sent.end)}
    people, key_of, local = article_people(
        doc, text, sentences, gaz, sent_of_token, known or {}, words.stream
    )
    named = [Named(p.start, p.end, key_of[i]) for i, p in enumerate(people)]
    quotes, speakers = _quotes(text, sentences, named)
    mentions, orgs = _mentions(doc, gaz, people, key_of, sent_of_token)
    person_country = {person.key: person.country for person in local.values()}
    places = _places(gaz)
    facts = [
        _sentence_facts(idx, sent, places, people, key_of, person_country, quotes, text, words)
        for idx, sent in enumerate(sentences)
    ]
    anchor, from_text = parse_anchor(published), None
    if anchor is None and (stated := text_anchor(text)) is not None:
        anchor, from_text = stated, _iso_anchor(stated)
    scans = [(f.folded, f.date_scan) for f in facts]
    events = article_events(facts, language, story_anchors([f.text for f in facts], anchor, scans))
    return ArticleRows(
        article_id,
        pipeline_name(doc),
        published_from_text=from_text,
        mentions=tuple(mentions),
        people=tuple(_person_row(p) for p in local.values()),
        orgs=tuple(orgs),
        events=tuple(events),
        quotes=tuple(
            QuoteRow(key, q.text, q.start, q.end) for q, key in zip(quotes, speakers, strict=True)
        ),
    )


def _person_row(person: LocalPerson) -> PersonRow:
    return PersonRow(
        key=person.key,
        name=person.name,
        forms=tuple(person.forms),
        role=person.role,
        role_text=person.role_text,
        country=person.country,
        country_from=person.country_from,
        n_mentions=person.n_mentions,
    )


def _mentions(
    doc: Doc,
    gaz: list[Span],
    people: list[PersonMention],
    key_of: dict[int, str],
    sent_of_token: dict[int, int],
) -> tuple[list[MentionRow], list[OrgRow]]:
    """Mention rows (places, demonyms, institutions, people, organisations) and org rows."""
    mentions: list[MentionRow] = []
    orgs: list[OrgRow] = []
    for span in gaz:
        countries = tuple(span._.countries)
        single = len(countries) == 1 and span.label_ != "INSTITUTION"
        actor = f"country:{countries[0]}" if single else None
        if span.label_ in ("INSTITUTION", "IORG"):
            actor = f"org:{span.kb_id_}"
            country = countries[0] if countries else None
            orgs.append(OrgRow(actor, span.kb_id_ or span.text, country))
        mentions.append(_mention(sent_of_token, span, span.label_, actor))
        # A compound names each of its countries; an institution names its country too.
        if len(countries) > 1 or (countries and span.label_ == "INSTITUTION"):
            for c in countries:
                mentions.append(_mention(sent_of_token, span, span.label_, f"country:{c}"))
    for i, p in enumerate(people):
        span = doc[p.tok_start : p.tok_end]
        mentions.append(_mention(sent_of_token, span, "PERSON", key_of[i]))
    for ent, country in _org_mentions(doc, gaz):
        key = f"org:{ent.text}"
        orgs.append(OrgRow(key, ent.text, country))
        mentions.append(_mention(sent_of_token, ent, "ORG", key))
    return mentions, orgs


def _quotes(
    text: str, sentences: list[Span], named: list[Named]
) -> tuple[list[Quote], list[str | None]]:
    """Quotations with their speakers, in order; a short one nobody said is a scare quote."""
    quotes: list[Quote] = []
    speakers: list[str | None] = []
    previous: tuple[Quote, str | None] | None = None
    for quote in find_quotes(text):
        sent = next((s for s in sentences if s.start_char <= quote.start < s.end_char), None)
        bounds = (sent.start_char, sent.end_char) if sent is not None else (quote.start, quote.end)
        key = attribute(text, quote, *bounds, named, previous)
        if key is None and is_short(quote):
            continue
        quotes.append(quote)
        speakers.append(key)
        previous = (quote, key)
    return quotes, speakers


class _Places(NamedTuple):
    """The gazetteer matches as sentence facts hold them, with their first tokens (in
    order): each sentence takes its slice instead of testing every match."""

    starts: list[int]
    rows: list[tuple[int, int, str, tuple[str, ...], str]]


def _places(gaz: list[Span]) -> _Places:
    return _Places(
        [s.start for s in gaz],
        [
            (s.start_char, s.end_char, s.label_, tuple(s._.countries), s.kb_id_ or s.text)
            for s in gaz
        ],
    )


def _sentence_facts(
    idx: int,
    sent: Span,
    places: _Places,
    people: list[PersonMention],
    key_of: dict[int, str],
    person_country: dict[str, str | None],
    quotes: list[Quote],
    text: str,
    words: Words,
) -> SentenceFacts:
    """What one sentence names: places, people (with their countries), quotations."""
    lo = bisect_left(places.starts, sent.start)
    hi = bisect_left(places.starts, sent.end, lo)
    in_sent = [
        (p.start, key_of[i]) for i, p in enumerate(people) if sent.start <= p.tok_start < sent.end
    ]
    folded, stream = words.sentence_words(sent.start_char, sent.end_char)
    return SentenceFacts(
        index=idx,
        start=sent.start_char,
        end=sent.end_char,
        text=text[sent.start_char : sent.end_char],  # the span's text (doc.text is `text`)
        folded=folded,
        stream=stream,
        places=places.rows[lo:hi],
        person_countries=[(s, (pc,)) for s, k in in_sent if (pc := person_country.get(k))],
        actor_keys=[k for _, k in in_sent],
        quote_spans=[
            (q.start, q.end) for q in quotes if sent.start_char <= q.start < sent.end_char
        ],
    )


def _iso_anchor(anchor: Anchor) -> str:
    parts = [f"{anchor.year:04d}"] + [f"{p:02d}" for p in (anchor.month, anchor.day) if p]
    return "-".join(parts)


def _mention(
    sent_of_token: dict[int, int], span: Span, label: str, actor: str | None
) -> MentionRow:
    return MentionRow(
        sentence=sent_of_token.get(span.start, -1),
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        label=label,
        key=actor,
    )


def process(
    nlp: Language,
    text: str,
    article_id: str,
    language: str,
    published: str | None,
    known: dict[str, tuple[str, str, str]] | None = None,
) -> ArticleRows:
    """Run the pipeline on one article and extract its rows."""
    return extract(nlp(text), article_id, language, published, known=known)
