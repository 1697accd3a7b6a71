"""People in one article: which capitalised runs are people, and what their context says.

Rules, each on tokens of a spaCy Doc (NER only, no parser):
- a person is a run of title-case tokens that the NER tags PER, or that a role word or an
  honorific introduces ("le général Ahmed X", "M. Dupont");
- a run that is a place, institution or demonym in the gazetteer is never a person;
- the role phrase is what lies between the farthest role word before the name and the
  name (or the apposition after it: "X, ambassadrice sénégalaise à Paris,");
- inside that phrase, a country introduced by "de/du/des" or a demonym gives nationality;
  one introduced by "à/au/aux/en" is the posting, not the nationality.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from core.config import DATA_DIR
from core.extract.doc_index import DocIndex
from core.extract.person_filters import (
    names_a_thing,
    ner_says_not_person,
    non_person_starts,
    word_list,
)
from core.extract.roles import load_roles
from core.text.fold import fold

# Folded word lists of data/people/ (each file says what its words do).
_PEOPLE_DATA = DATA_DIR / "people"
NAME_PARTICLES = word_list(_PEOPLE_DATA / "name_particles.txt")
NOT_NAMES = word_list(_PEOPLE_DATA / "not_names.txt")
POSTING_PREPS = word_list(_PEOPLE_DATA / "posting_prepositions.txt")
_POSTING_ARTICLES = word_list(_PEOPLE_DATA / "posting_articles.txt")
PHRASE_BREAKS = word_list(_PEOPLE_DATA / "phrase_breaks.txt")
_ROLE_FILLERS = word_list(_PEOPLE_DATA / "role_fillers.txt")
_APPOSITION_ARTICLES = word_list(_PEOPLE_DATA / "apposition_articles.txt")
# How far before a name its role phrase may start, in tokens.
WINDOW = 22


@dataclass
class PersonMention:
    """One mention of a person, with what its own context says about them."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    text: str
    role: str | None = None
    role_text: str | None = None
    countries: tuple[str, ...] = ()
    evidence: list[str] = field(default_factory=list)


@lru_cache(maxsize=1 << 16)
def _name_shaped(text: str) -> bool:
    """Capitalised, with a letter, not all caps, no digit. Memoised: asked of every token."""
    if not text[:1].isupper() or not any(c.isalpha() for c in text):
        return False
    # All-caps words are acronyms (ANP, HIMARS), digits are model names (Su-30).
    if len(text) > 1 and not re.search(r"[a-zà-ÿ]", text):
        return False
    return not any(c.isdigit() for c in text)


def _is_name_token(i: int, index: DocIndex, honorifics: frozenset[str]) -> bool:
    if not _name_shaped(index.texts[i]):
        return False
    key = index.keys[i]
    if key in NOT_NAMES or key.rstrip(".") in honorifics:
        return False
    return i not in index.role_tokens and i not in index.blocked


# Marks that glue name parts without a space: "Al-Nahyane", "al-Hashimi", "Abd’ al-…".
JOINERS = frozenset({"-", "‐", "’", "'"})


def _continues(j: int, end: int, index: DocIndex, honorifics: frozenset[str]) -> int:
    """How many tokens from `j` extend the name run before it (0: the run stops)."""
    if j >= end:
        return 0
    # Inside a run an honorific-looking word is part of the name ("Ahmed Cheikh Ould X").
    if _is_name_token(j, index, frozenset()):
        return 1
    if index.texts[j] in JOINERS and not index.spaces[j - 1]:
        rest = (
            0
            if j + 1 >= end or index.texts[j + 1] in JOINERS
            else _continues(j + 1, end, index, honorifics)
        )
        return 1 + rest if rest else 0
    if index.keys[j] in NAME_PARTICLES:
        rest = _continues(j + 1, end, index, honorifics)
        return 1 + rest if rest else 0
    return 0


def _runs(sent: Span, index: DocIndex, honorifics: frozenset[str]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = sent.start
    while i < sent.end:
        if not _is_name_token(i, index, honorifics):
            i += 1
            continue
        j = i + 1
        while step := _continues(j, sent.end, index, honorifics):
            j += step
        # A heading or sentence opener the text also writes in lowercase is a common
        # word ("Coopération militaire Dupont…"), not the first name of the run.
        if i == sent.start and j - i > 1 and index.keys[i] in index.lower_words:
            i += 1
        runs.append((i, j))
        i = j
    return runs


def _introduced(index: DocIndex, honorifics: frozenset[str], start: int, sent_start: int) -> bool:
    """A role or honorific before the run, over fillers, demonyms and portfolio words."""
    i = start
    skipped = 0
    while i > sent_start and skipped <= 6:
        if i in index.role_ends:
            return True
        key = index.keys[i - 1].rstrip(".")
        if key in honorifics:
            return True
        if key in _ROLE_FILLERS or key in NOT_NAMES or (i - 1) in index.blocked:
            skipped += 1
            i -= 1
            continue
        return False
    return False


class NameRuns(NamedTuple):
    """What the person rules read before deciding who is a person; it does not depend
    on the known names, so an article asked twice (with the surnames it taught) is read
    once."""

    runs: list[tuple[Span, tuple[int, int]]]
    things: set[str]
    per_tokens: set[int]
    other_starts: dict[int, int]


def name_runs(doc: Doc, sentences: list[Span], index: DocIndex) -> NameRuns:
    """The capitalised runs of every sentence, and what the NER says of them."""
    honorifics = load_roles().honorifics
    per_tokens = {
        t for ent in doc.ents if ent.label_ in ("PER", "PERSON") for t in range(ent.start, ent.end)
    }
    runs = [(sent, r) for sent in sentences for r in _runs(sent, index, honorifics)]
    # A name seen once as a thing's ("l'exercice Golden Falcon") is that thing everywhere.
    things = {fold(doc[a:b].text) for _, (a, b) in runs if names_a_thing(doc, index.keys, a, b)}
    return NameRuns(runs, things, per_tokens, non_person_starts(doc))


def find_people(
    doc: Doc,
    sentences: list[Span],
    index: DocIndex,
    known_surnames: set[str],
    known_names: frozenset[str] | set[str] = frozenset(),
    read: NameRuns | None = None,
) -> list[PersonMention]:
    """Person mentions in sentence order (context is read later by `read_context`).

    A one-word run is a person when it is a known surname or is introduced by a role,
    honorific or the NER; a longer run when the NER tags it, a role or honorific
    introduces it, or it is a known full name. `read` is `name_runs`' answer, when
    the caller has it."""
    honorifics = load_roles().honorifics
    runs, things, per_tokens, other_starts = read or name_runs(doc, sentences, index)
    found: list[PersonMention] = []
    for sent, (start, end) in runs:
        text = fold(doc[start:end].text)
        known = text in known_names or (end - start == 1 and index.keys[start] in known_surnames)
        if known:
            ok = True
        elif end - start == 1:
            opener = all(doc[t].is_punct for t in range(sent.start, start))
            ok = not opener and (
                _introduced(index, honorifics, start, sent.start)
                or any(t in per_tokens for t in range(start, end))
            )
        else:
            ok = any(t in per_tokens for t in range(start, end)) or _introduced(
                index, honorifics, start, sent.start
            )
        if ok and not known:
            cued = start in index.role_ends or (
                start > 0 and index.keys[start - 1].rstrip(".") in honorifics
            )
            ok = not (text in things and not cued) and not ner_says_not_person(
                start, end, per_tokens, other_starts, cued
            )
        if ok:
            span = doc[start:end]
            found.append(PersonMention(span.start_char, span.end_char, start, end, span.text))
    return found


def _country_of_phrase(index: DocIndex, start: int, end: int) -> tuple[str, ...]:
    """Nationality from a role phrase: "de l'Algérie", "algérien", "de l'armée algérienne";
    a country after "à/au/aux/en" is where the person is posted, not where they are from."""
    seen: dict[str, None] = {}
    i = start
    keys = index.keys
    while i < end:
        span = index.gaz_by_token.get(i)
        if span is None:
            i += 1
            continue
        prev = keys[span.start - 1] if span.start > 0 else ""
        prev2 = keys[span.start - 2] if span.start > 1 else ""
        posting = prev in POSTING_PREPS or (prev in _POSTING_ARTICLES and prev2 in POSTING_PREPS)
        if span.label_ in ("DEMONYM", "INSTITUTION") or not posting:
            for c in span._.countries:
                seen.setdefault(c, None)
        i = span.end
    return tuple(seen)


def _is_verb(token: Token) -> bool:
    """A lowercase verb: the small model tags some capitalised names as verbs."""
    return token.pos_ in ("VERB", "AUX") and token.text[:1].islower()


def read_context(
    doc: Doc, sent: Span, person: PersonMention, others: list[PersonMention], index: DocIndex
) -> None:
    """Fill role, role_text and countries of `person` from the words around it."""
    floor = max(sent.start, person.tok_start - WINDOW)
    for other in others:
        if other is not person and other.tok_end <= person.tok_start:
            floor = max(floor, other.tok_end)
    for i in range(person.tok_start - 1, floor - 1, -1):
        if index.keys[i] in PHRASE_BREAKS or _is_verb(doc[i]):
            floor = i + 1
            break
    # Roles before the name, nearest first; the nationality comes from the nearest
    # role phrase that names one ("le chef du commandement américain, le général X").
    before = sorted((s for s in index.roles if floor <= s < person.tok_start), reverse=True)
    for start in before:
        lead = start
        while lead - 1 >= floor and (lead - 1) in index.blocked:
            lead -= 1  # a demonym or institution just before the role belongs to it
        countries = _country_of_phrase(index, lead, person.tok_start)
        if person.role is None:
            _set_role(doc, person, index.roles[start][1], start, person.tok_start)
        if countries:
            person.countries = countries
            person.role_text = doc[start : person.tok_start].text.strip(" ,")[:120]
            return
    # Apposition after the name: ", ambassadrice sénégalaise à Paris,".
    j = person.tok_end
    if j < sent.end and doc[j].text == ",":
        k = j + 1
        while k < sent.end and index.keys[k] in _APPOSITION_ARTICLES:
            k += 1
        if k in index.roles:
            stop = k
            while stop < sent.end and doc[stop].text not in {",", ";", ":", ")", "."}:
                if _is_verb(doc[stop]):
                    return
                stop += 1
            if person.role is None:
                _set_role(doc, person, index.roles[k][1], k, stop)
            person.countries = _country_of_phrase(index, k, stop)


def _set_role(doc: Doc, person: PersonMention, role_key: str, start: int, end: int) -> None:
    phrase = doc[start:end].text.strip(" ,")
    person.role = role_key
    person.role_text = phrase[:120] or None
    person.evidence.append(phrase)
