"""The people of one article: mentions found, grouped into local persons, each with the
country its context gives (else the knowledge base, else the article's counterpart rule).
Merged across articles later (core/build/actors.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from core.extract.doc_index import DocIndex
from core.extract.people import PersonMention, find_people, name_runs, read_context
from core.extract.roles import load_roles
from core.text.fold import fold

COUNTRY_LABELS = frozenset({"COUNTRY", "CITY", "DEMONYM", "INSTITUTION"})


@dataclass
class LocalPerson:
    """A person as one article knows them; merged across articles in core/build/actors.py."""

    key: str
    name: str
    forms: list[str]
    role: str | None
    role_text: str | None
    country: str | None
    country_from: str
    n_mentions: int


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


def article_people(
    doc: Doc,
    text: str,
    sentences: list[Span],
    gaz: list[Span],
    sent_of_token: dict[int, int],
    known: dict[str, tuple[str, str, str]],
    stream: list[tuple[str, int, int]] | None = None,
) -> tuple[list[PersonMention], dict[int, str], dict[int, LocalPerson]]:
    """Person mentions, their local key, and one LocalPerson per group of mentions
    (`stream`: the text's folded words, when the caller has them)."""
    known_surnames = {k for k in known if " " not in k}
    known_names = {k for k in known if " " in k}
    index = DocIndex.build(doc, gaz, text, stream)
    read = name_runs(doc, sentences, index)
    people = find_people(doc, sentences, index, known_surnames, known_names, read)
    # A surname seen in a full name makes its bare mentions people too ("… Dupont a dit").
    surnames = {_surname_key(p.text) for p in people if len(p.text.split()) > 1}
    # So do its multi-word endings ("Anna Maria Lind" -> "Maria Lind … said").
    endings = {
        " ".join(words[i:])
        for p in people
        if len(words := fold(p.text).split()) > 2
        for i in range(1, len(words) - 1)
    }
    if surnames - known_surnames or endings - known_names:
        people = find_people(
            doc, sentences, index, known_surnames | surnames, known_names | endings, read
        )
    for p in people:
        read_context(doc, sentences[sent_of_token.get(p.tok_start, 0)], p, people, index)
        if not p.countries:
            p.countries = _served_country(index, p)
    # Bylines and correspondents report the news; they are not actors in it.
    not_actors = load_roles().not_actors
    people = [p for p in people if p.role not in not_actors]
    groups = _group_people(people)
    local: dict[int, LocalPerson] = {}
    for head in sorted(set(groups.values())):
        members = [people[i] for i, h in groups.items() if h == head]
        local[head] = _local_person(f"p{len(local)}", people[head], members, known)
    key_of = {i: local[h].key for i, h in groups.items()}
    home = Counter(c for s in gaz if s.label_ in COUNTRY_LABELS for c in s._.countries)
    pair = [c for c, _ in home.most_common(2)]
    _counterparts(people, key_of, sent_of_token, local, pair)
    # Nobody said where they are from: the article's most-named country is the best guess.
    for person in local.values():
        if person.country is None and pair:
            person.country, person.country_from = pair[0], "article"
    return people, key_of, local


def _served_country(index: DocIndex, person: PersonMention) -> tuple[str, ...]:
    """ "X represents Germany in Thailand": the country right after a serving verb."""
    verbs = load_roles().serving_verbs
    j = person.tok_end
    if j >= len(index.keys) or index.keys[j] not in verbs:
        return ()
    for k in (j + 1, j + 2):  # "représente la France"
        span = index.gaz_by_token.get(k)
        if span is not None and span.label_ == "COUNTRY":
            return tuple(span._.countries)
    return ()


def _counterparts(
    people: list[PersonMention],
    key_of: dict[int, str],
    sent_of_token: dict[int, int],
    local: dict[int, LocalPerson],
    pair: list[str],
) -> None:
    """In a report on two countries, an official named with no country beside one whose
    country is one of the two serves the other ("X, Y and the Danish minister Z")."""
    if len(pair) < 2:
        return
    by_key = {p.key: p for p in local.values()}
    sentences: dict[int, set[str]] = {}
    for i, mention in enumerate(people):
        sentences.setdefault(sent_of_token.get(mention.tok_start, -1), set()).add(key_of[i])
    for keys in sentences.values():
        known = {by_key[k].country for k in keys if by_key[k].country_from == "context"}
        known &= set(pair)
        if len(known) != 1:
            continue
        other = pair[1] if pair[0] in known else pair[0]
        for k in keys:
            if by_key[k].country is None:
                by_key[k].country, by_key[k].country_from = other, "counterpart"


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
