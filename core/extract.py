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

from core.dates import parse_anchor
from core.events import Event, SentenceFacts, sentence_event
from core.fold import fold
from core.people import DocIndex, PersonMention, find_people, read_context
from core.quotes import Named, attribute, find_quotes
from core.sentences import split_sentences
from core.taxonomy import load_taxonomy

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


def _sentence_spans(doc: Doc) -> list[Span]:
    spans = []
    for s in split_sentences(doc.text):
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


def _main_pair(sentence_countries: list[list[str]]) -> list[str]:
    counts = Counter(c for cs in sentence_countries for c in cs)
    return [c for c, _ in counts.most_common(2)]


def extract(
    doc: Doc,
    article_id: str,
    language: str,
    published: str | None,
    *,
    known: dict[str, tuple[str, str, str]] | None = None,
) -> ArticleRows:
    """Rows for one processed article. `known` maps folded aliases to (name, country, role)."""
    known = known or {}
    tax = load_taxonomy()
    anchor = parse_anchor(published)
    text = doc.text
    sentences = _sentence_spans(doc)
    gaz = sorted(doc.spans["gazetteer"], key=lambda s: s.start) if "gazetteer" in doc.spans else []
    sent_of_token = {}
    for idx, sent in enumerate(sentences):
        for t in range(sent.start, sent.end):
            sent_of_token[t] = idx
    rows = ArticleRows(article_id)

    # People: candidates, then context per mention, then one local person per group.
    known_surnames = {k for k in known if " " not in k}
    known_names = {k for k in known if " " in k}
    index = DocIndex.build(doc, gaz)
    people = find_people(doc, sentences, index, known_surnames, known_names)
    surnames = {_surname_key(p.text) for p in people if len(p.text.split()) > 1}
    if surnames - known_surnames:
        people = find_people(doc, sentences, index, known_surnames | surnames, known_names)
    for p in people:
        sent = sentences[sent_of_token.get(p.tok_start, 0)]
        read_context(doc, sent, p, people, index)
    groups = _group_people(people)
    local: dict[int, LocalPerson] = {}
    for head in sorted(set(groups.values())):
        members = [people[i] for i, h in groups.items() if h == head]
        local[head] = _local_person(f"p{len(local)}", people[head], members, known)
    home = Counter(c for s in gaz if s.label_ in COUNTRY_LABELS for c in s._.countries)
    home_country = home.most_common(1)[0][0] if home else None
    for person in local.values():
        if person.country is None and home_country:
            person.country, person.country_from = home_country, "article"
    key_of = {i: local[h].key for i, h in groups.items()}
    rows.people = [asdict(p) for p in local.values()]

    # Mentions: places/demonyms/institutions, people, organisations.
    for span in gaz:
        countries = tuple(span._.countries)
        actor = (
            f"country:{countries[0]}"
            if len(countries) == 1 and span.label_ != "INSTITUTION"
            else None
        )
        if span.label_ in ("INSTITUTION", "IORG"):
            actor = f"org:{span.kb_id_}"
            rows.orgs.append(
                {
                    "key": actor,
                    "name": span.kb_id_ or span.text,
                    "country": countries[0] if countries else None,
                }
            )
        rows.mentions.append(_mention(sent_of_token, span, span.label_, actor))
        for c in countries if len(countries) > 1 else ():
            rows.mentions.append(_mention(sent_of_token, span, span.label_, f"country:{c}"))
    for i, p in enumerate(people):
        span = doc[p.tok_start : p.tok_end]
        rows.mentions.append(_mention(sent_of_token, span, "PERSON", key_of[i]))
    for ent, country in _org_mentions(doc, gaz):
        key = f"org:{ent.text}"
        rows.orgs.append({"key": key, "name": ent.text, "country": country})
        rows.mentions.append(_mention(sent_of_token, ent, "ORG", key))

    # Quotes, attributed to local people.
    named = [Named(p.start, p.end, key_of[i]) for i, p in enumerate(people)]
    quotes = find_quotes(text)
    for q in quotes:
        idx = next(
            (i for i, s in enumerate(sentences) if s.start_char <= q.start < s.end_char), None
        )
        s_start, s_end = (
            (sentences[idx].start_char, sentences[idx].end_char)
            if idx is not None
            else (q.start, q.end)
        )
        rows.quotes.append(
            {
                "key": attribute(text, q, s_start, s_end, named),
                "text": q.text,
                "start": q.start,
                "end": q.end,
            }
        )

    # Events, sentence by sentence, borrowing countries from recent context.
    person_country = {key_of[i]: local[groups[i]].country for i in range(len(people))}
    facts_list = []
    for idx, sent in enumerate(sentences):
        places = [
            (s.start_char, s.end_char, s.label_, tuple(s._.countries), s.kb_id_ or s.text)
            for s in gaz
            if sent.start <= s.start < sent.end
        ]
        in_sent = [
            (p.start, key_of[i])
            for i, p in enumerate(people)
            if sent.start <= p.tok_start < sent.end
        ]
        facts = SentenceFacts(
            index=idx,
            start=sent.start_char,
            end=sent.end_char,
            text=sent.text,
            places=places,
            person_countries=[
                (s, (person_country[k],)) for s, k in in_sent if person_country.get(k)
            ],
            actor_keys=[k for _, k in in_sent],
            quote_spans=[
                (q.start, q.end) for q in quotes if sent.start_char <= q.start < sent.end_char
            ],
        )
        facts_list.append(facts)
    main_pair = _main_pair([f.countries() for f in facts_list])
    recent: list[str] = []
    for facts in facts_list:
        own = facts.countries()
        context = recent or main_pair
        event = sentence_event(facts, language, tax, anchor, context)
        if event is not None:
            if event.date is None:
                _date_from_anaphora(event, facts.text, language, rows.events)
            rows.events.append(asdict(event))
        if len(own) >= 2:
            recent = own
    return rows


def _date_from_anaphora(
    event: Event, text: str, language: str, earlier: list[dict[str, Any]]
) -> None:
    """ "Durant cette visite, X a été reçu…": the event happened when the one it points
    back to did, so it takes the date of the last dated event with the same countries."""
    cues = load_taxonomy().anaphora.find(text, language)
    if not cues:
        return
    for previous in reversed(earlier):
        if previous["date"] and set(previous["countries"]) == set(event.countries):
            event.date = previous["date"]
            event.date_precision = previous["date_precision"]
            event.date_text = cues[0].text
            return


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
