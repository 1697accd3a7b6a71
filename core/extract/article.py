"""One article in, its rows out: mentions, local actors, events, quotes.

A pure function of the article text, its language and publication date, and the
read-only gazetteer/taxonomy/role data: no corpus state, so it runs in any process and
its output can be cached by article hash. Actor ids that span articles are given later
(core/actors.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from core.extract.dates import parse_anchor
from core.extract.events import SentenceFacts
from core.extract.happenings import article_events
from core.extract.people import DocIndex, PersonMention, find_people, read_context
from core.extract.quotes import Named, Quote, attribute, find_quotes
from core.nlp.sentences import split_sentences
from core.text.fold import fold

COUNTRY_LABELS = frozenset({"COUNTRY", "CITY", "DEMONYM", "INSTITUTION"})


@dataclass
class LocalPerson:
    """A person as one article knows them; merged across articles in core/actors.py."""

    key: str
    name: str
    forms: list[str]
    role: str | None
    role_text: str | None
    country: str | None
    country_from: str
    n_mentions: int


@dataclass
class ArticleRows:
    """Everything extracted from one article (JSON-serialisable via `to_dict`)."""

    article_id: str
    mentions: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    orgs: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _surname_key(name: str) -> str:
    return fold(name.split()[-1]) if name.split() else ""


def _group_people(mentions: list[PersonMention]) -> dict[int, int]:
    """Map each mention to the index of the longest mention of the same person."""
    groups: dict[int, int] = {}
    full = sorted(range(len(mentions)), key=lambda i: -len(mentions[i].text.split()))
    heads: list[int] = []
    for i in full:
        words = [fold(w) for w in mentions[i].text.split()]
        target = None
        for h in heads:
            head_words = [fold(w) for w in mentions[h].text.split()]
            if words[-1] == head_words[-1] and all(w in head_words for w in words):
                target = h
                break
        if target is None:
            heads.append(i)
            target = i
        groups[i] = target
    return groups


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
    sentences = _sentence_spans(doc, text)
    gaz = sorted(doc.spans["gazetteer"], key=lambda s: s.start) if "gazetteer" in doc.spans else []
    sent_of_token = {t: i for i, sent in enumerate(sentences) for t in range(sent.start, sent.end)}
    people, key_of, local = _people(doc, text, sentences, gaz, sent_of_token, known or {})
    quotes = find_quotes(text)
    named = [Named(p.start, p.end, key_of[i]) for i, p in enumerate(people)]
    rows = ArticleRows(article_id, people=[asdict(p) for p in local.values()])
    rows.mentions, rows.orgs = _mentions(doc, gaz, people, key_of, sent_of_token)
    rows.quotes = [
        {
            "key": _speaker(text, q, sentences, named),
            "text": q.text,
            "start": q.start,
            "end": q.end,
        }
        for q in quotes
    ]
    person_country = {person.key: person.country for person in local.values()}
    facts = [
        _sentence_facts(idx, sent, gaz, people, key_of, person_country, quotes)
        for idx, sent in enumerate(sentences)
    ]
    rows.events = article_events(facts, language, parse_anchor(published))
    return rows


def _people(
    doc: Doc,
    text: str,
    sentences: list[Span],
    gaz: list[Span],
    sent_of_token: dict[int, int],
    known: dict[str, tuple[str, str, str]],
) -> tuple[list[PersonMention], dict[int, str], dict[int, LocalPerson]]:
    """Person mentions, their local key, and one LocalPerson per group of mentions."""
    known_surnames = {k for k in known if " " not in k}
    known_names = {k for k in known if " " in k}
    index = DocIndex.build(doc, gaz, text)
    people = find_people(doc, sentences, index, known_surnames, known_names)
    # A surname seen in a full name makes its bare mentions people too ("… Dupont a dit").
    surnames = {_surname_key(p.text) for p in people if len(p.text.split()) > 1}
    if surnames - known_surnames:
        people = find_people(doc, sentences, index, known_surnames | surnames, known_names)
    for p in people:
        read_context(doc, sentences[sent_of_token.get(p.tok_start, 0)], p, people, index)
    groups = _group_people(people)
    local: dict[int, LocalPerson] = {}
    for head in sorted(set(groups.values())):
        members = [people[i] for i, h in groups.items() if h == head]
        local[head] = _local_person(f"p{len(local)}", people[head], members, known)
    # Nobody said where they are from: the article's most-named country is the best guess.
    home = Counter(c for s in gaz if s.label_ in COUNTRY_LABELS for c in s._.countries)
    home_country = home.most_common(1)[0][0] if home else None
    for person in local.values():
        if person.country is None and home_country:
            person.country, person.country_from = home_country, "article"
    return people, {i: local[h].key for i, h in groups.items()}, local


def _mentions(
    doc: Doc,
    gaz: list[Span],
    people: list[PersonMention],
    key_of: dict[int, str],
    sent_of_token: dict[int, int],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Mention rows (places, demonyms, institutions, people, organisations) and org rows."""
    mentions: list[dict[str, Any]] = []
    orgs: list[dict[str, Any]] = []
    for span in gaz:
        countries = tuple(span._.countries)
        single = len(countries) == 1 and span.label_ != "INSTITUTION"
        actor = f"country:{countries[0]}" if single else None
        if span.label_ in ("INSTITUTION", "IORG"):
            actor = f"org:{span.kb_id_}"
            country = countries[0] if countries else None
            orgs.append({"key": actor, "name": span.kb_id_ or span.text, "country": country})
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
        orgs.append({"key": key, "name": ent.text, "country": country})
        mentions.append(_mention(sent_of_token, ent, "ORG", key))
    return mentions, orgs


def _speaker(text: str, quote: Quote, sentences: list[Span], named: list[Named]) -> str | None:
    sent = next((s for s in sentences if s.start_char <= quote.start < s.end_char), None)
    bounds = (sent.start_char, sent.end_char) if sent is not None else (quote.start, quote.end)
    return attribute(text, quote, *bounds, named)


def _sentence_facts(
    idx: int,
    sent: Span,
    gaz: list[Span],
    people: list[PersonMention],
    key_of: dict[int, str],
    person_country: dict[str, str | None],
    quotes: list[Quote],
) -> SentenceFacts:
    """What one sentence names: places, people (with their countries), quotations."""
    places = [
        (s.start_char, s.end_char, s.label_, tuple(s._.countries), s.kb_id_ or s.text)
        for s in gaz
        if sent.start <= s.start < sent.end
    ]
    in_sent = [
        (p.start, key_of[i]) for i, p in enumerate(people) if sent.start <= p.tok_start < sent.end
    ]
    return SentenceFacts(
        index=idx,
        start=sent.start_char,
        end=sent.end_char,
        text=sent.text,
        places=places,
        person_countries=[(s, (pc,)) for s, k in in_sent if (pc := person_country.get(k))],
        actor_keys=[k for _, k in in_sent],
        quote_spans=[
            (q.start, q.end) for q in quotes if sent.start_char <= q.start < sent.end_char
        ],
    )


def _mention(
    sent_of_token: dict[int, int], span: Span, label: str, actor: str | None
) -> dict[str, Any]:
    return {
        "sentence": sent_of_token.get(span.start, -1),
        "start": span.start_char,
        "end": span.end_char,
        "text": span.text,
        "label": label,
        "key": actor,
    }


def _local_person(
    key: str,
    head: PersonMention,
    members: list[PersonMention],
    known: dict[str, tuple[str, str, str]],
) -> LocalPerson:
    role = next((m.role for m in members if m.role), None)
    role_text = next((m.role_text for m in members if m.role_text), None)
    votes = Counter(c for m in members for c in m.countries[:1])
    country = votes.most_common(1)[0][0] if votes else None
    source = "context" if country else "none"
    hit = known.get(fold(head.text)) or known.get(_surname_key(head.text))
    name = head.text
    if hit:
        kb_name, kb_country, kb_role = hit
        if len(head.text.split()) == 1 or fold(kb_name).endswith(_surname_key(head.text)):
            name = kb_name if len(head.text.split()) == 1 else head.text
        if country is None:
            country, source = kb_country, "known"
        role = role or kb_role
    return LocalPerson(
        key=key,
        name=name,
        forms=sorted({m.text for m in members}),
        role=role,
        role_text=role_text,
        country=country,
        country_from=source,
        n_mentions=len(members),
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
