"""People in one article: which capitalised runs are people, and what their context says.

Rules, each on tokens of a spaCy Doc (NER only, no parser):
- a person is a run of title-case tokens that the NER tags PER, or that a role word or an
  honorific introduces ("le général Saïd X", "M. Esper");
- a run that is a place, institution or demonym in the gazetteer is never a person;
- the role phrase is what lies between the farthest role word before the name and the
  name (or the apposition after it: "X, ambassadeur algérien à Washington,");
- inside that phrase, a country introduced by "de/du/des" or a demonym gives nationality;
  one introduced by "à/au/aux/en" is the posting, not the nationality.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from core.config import DATA_DIR
from core.fold import fold

# Lowercase words that may sit inside a name run ("Abd el", "de Gaulle", "van der").
NAME_PARTICLES = frozenset({"de", "du", "el", "al", "ben", "bin", "van", "von", "der", "da", "di", "le", "la"})
# Title-case words that start sentences or titles but are never part of a name.
NOT_NAMES = frozenset(
    fold(w)
    for w in (
        "Le La Les L Un Une Des Dans Selon Pour Par Avec Sans Sur Sous Lors Après Avant Depuis "
        "Durant Pendant Si Mais Et Ou Donc Or Ni Car Ce Cet Cette Ces Son Sa Ses Leur Leurs Il Elle "
        "Ils Elles On Nous Vous Je Tu Au Aux En À A Alors Ainsi Aussi Cependant Toutefois Enfin "
        "The A An In On At For With By From Of To And But Or If As After Before During Since "
        "He She They We It This That These Those His Her Their Its Mr Mrs Ms "
        "Image Photo Vidéo Video Lire Voir Partager Source Sources"
    ).split()
)
# Prepositions that make a following country the nationality (of) or the posting (in/to).
NATIONALITY_PREPS = frozenset({"de", "du", "des", "d'", "d’", "of"})
POSTING_PREPS = frozenset({"à", "a", "au", "aux", "en", "in", "to", "auprès", "aupres", "at"})
# Words that close a role phrase looking backwards: a clause break.
PHRASE_BREAKS = frozenset({";", ":", "«", "»", '"', "“", "”", "(", ")", "et", "and", "avec", "with", "par", "by"})


@dataclass(frozen=True)
class RoleLexicon:
    """Role words (folded, possibly multiword) and honorifics, from data/roles.json."""

    roles: dict[tuple[str, ...], str]
    max_len: int
    honorifics: frozenset[str]

    def role_at(self, tokens: list[str], i: int) -> tuple[str, int] | None:
        """The longest role starting at folded token i: (role key, length)."""
        for n in range(min(self.max_len, len(tokens) - i), 0, -1):
            key = self.roles.get(tuple(tokens[i : i + n]))
            if key:
                return key, n
        return None


def _role_words(entry: dict) -> list[str]:
    words: list[str] = []
    for key in ("fr", "en_cues", "en", "forms", "cues"):
        value = entry.get(key)
        if isinstance(value, str):
            words.append(value)
        elif isinstance(value, list):
            words.extend(v for v in value if isinstance(v, str))
    return words


def _split_role(text: str) -> tuple[str, ...]:
    return tuple(t for t in re.split(r"\s+|(?<=['’])", fold(text).replace("’", "'")) if t)


@lru_cache(maxsize=1)
def load_roles() -> RoleLexicon:
    """Read the role lexicon once."""
    raw = json.loads((DATA_DIR / "roles.json").read_text(encoding="utf-8"))
    entries = raw.get("roles", []) if isinstance(raw, dict) else raw
    roles: dict[tuple[str, ...], str] = {}
    for entry in entries:
        name = entry.get("en") if isinstance(entry.get("en"), str) else entry.get("key", "")
        for word in _role_words(entry):
            roles.setdefault(_split_role(word), name or entry.get("key", ""))
    honor = raw.get("honorifics", []) if isinstance(raw, dict) else []
    honorifics = frozenset(fold(h).rstrip(".") for h in honor) | {"m", "mme", "mr", "mrs", "ms", "dr"}
    return RoleLexicon(roles, max((len(k) for k in roles), default=1), honorifics)


def token_keys(doc: Doc) -> list[str]:
    """Folded token texts with elisions split the way roles.json writes them ("d'", "l'")."""
    return [fold(t.text).replace("’", "'") for t in doc]


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


def _is_name_token(token: Token, lex: RoleLexicon, keys: list[str]) -> bool:
    text = token.text
    if not text[:1].isupper() or not any(c.isalpha() for c in text):
        return False
    if text.isupper() and len(text) > 1 and not re.search(r"[a-z]", text):
        return False
    if any(c.isdigit() for c in text):
        return False
    key = keys[token.i]
    if key in NOT_NAMES or key.rstrip(".") in lex.honorifics:
        return False
    return lex.role_at(keys, token.i) is None


def _blocked_tokens(doc: Doc, gaz_spans: list[Span]) -> set[int]:
    blocked: set[int] = set()
    for span in gaz_spans:
        blocked.update(range(span.start, span.end))
    return blocked


def _runs(doc: Doc, sent: Span, lex: RoleLexicon, keys: list[str], blocked: set[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        if i in blocked or not _is_name_token(tok, lex, keys):
            i += 1
            continue
        j = i + 1
        while j < sent.end:
            nxt = doc[j]
            if j not in blocked and _is_name_token(nxt, lex, keys):
                j += 1
            elif (
                keys[j] in NAME_PARTICLES
                and j + 1 < sent.end
                and j + 1 not in blocked
                and _is_name_token(doc[j + 1], lex, keys)
            ):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _introduced(doc: Doc, keys: list[str], lex: RoleLexicon, start: int, sent_start: int) -> bool:
    """A role word or honorific right before the run (skipping an article or comma)."""
    i = start - 1
    skipped = 0
    while i >= sent_start and skipped <= 2:
        key = keys[i].rstrip(".")
        if key in lex.honorifics:
            return True
        for n in range(1, min(lex.max_len, i - sent_start + 1) + 1):
            if lex.roles.get(tuple(keys[i - n + 1 : i + 1])):
                return True
        if key in {",", "le", "la", "l'", "the"}:
            skipped += 1
            i -= 1
            continue
        return False
    return False


def find_people(doc: Doc, sentences: list[Span], gaz_spans: list[Span], known_surnames: set[str]) -> list[PersonMention]:
    """Person mentions in sentence order, with role and nationality read from context."""
    lex = load_roles()
    keys = token_keys(doc)
    blocked = _blocked_tokens(doc, gaz_spans)
    per_tokens = {t for ent in doc.ents if ent.label_ in ("PER", "PERSON") for t in range(ent.start, ent.end)}
    found: list[PersonMention] = []
    for sent in sentences:
        for start, end in _runs(doc, sent, lex, keys, blocked):
            tagged = any(t in per_tokens for t in range(start, end))
            introduced = _introduced(doc, keys, lex, start, sent.start)
            surname = keys[end - 1]
            at_sentence_start = start == sent.start
            if end - start == 1:
                ok = (introduced and not at_sentence_start) or surname in known_surnames or (
                    tagged and not at_sentence_start
                )
            else:
                ok = tagged or introduced
            if not ok:
                continue
            span = doc[start:end]
            found.append(PersonMention(span.start_char, span.end_char, start, end, span.text))
    return found


def _country_of_phrase(doc: Doc, keys: list[str], start: int, end: int, gaz_by_token: dict[int, Span]) -> tuple[str, ...]:
    """Nationality from a role phrase: "de l'Algérie", "algérien", "de l'armée algérienne"."""
    seen: dict[str, None] = {}
    i = start
    while i < end:
        span = gaz_by_token.get(i)
        if span is None:
            i += 1
            continue
        countries = tuple(getattr(span._, "countries", ()) or ())
        prev = keys[span.start - 1] if span.start > 0 else ""
        prev2 = keys[span.start - 2] if span.start > 1 else ""
        posting = prev in POSTING_PREPS or (prev in {"l'", "la", "le", "les"} and prev2 in POSTING_PREPS)
        if span.label_ in ("DEMONYM", "INSTITUTION") or not posting:
            for c in countries:
                seen.setdefault(c, None)
        i = span.end
    return tuple(seen)


def read_context(
    doc: Doc, sent: Span, person: PersonMention, others: list[PersonMention], gaz_by_token: dict[int, Span]
) -> None:
    """Fill role, role_text and countries of `person` from the words around it."""
    lex = load_roles()
    keys = token_keys(doc)
    floor = sent.start
    for other in others:
        if other.tok_end <= person.tok_start and other is not person:
            floor = max(floor, other.tok_end)
    # Before the name: back to a clause break, the previous person, or 14 tokens.
    i = person.tok_start - 1
    first_role: int | None = None
    role_key: str | None = None
    while i >= max(floor, person.tok_start - 14):
        if keys[i] in PHRASE_BREAKS:
            break
        for n in range(min(lex.max_len, i - floor + 1), 0, -1):
            hit = lex.roles.get(tuple(keys[i - n + 1 : i + 1]))
            if hit:
                first_role = i - n + 1
                role_key = role_key or hit
                break
        i -= 1
    if first_role is not None:
        _set_role(doc, keys, person, role_key, first_role, person.tok_start, gaz_by_token)
        if person.countries:
            return
    # Apposition after the name: ", ambassadeur algérien à Washington,".
    j = person.tok_end
    if j < sent.end and doc[j].text == ",":
        k = j + 1
        while k < sent.end and keys[k] in {"le", "la", "l'", "the", "a", "an", "un", "une"}:
            k += 1
        hit = lex.role_at(keys, k) if k < sent.end else None
        if hit:
            stop = k
            while stop < sent.end and doc[stop].text not in {",", ";", ":", ")", "."}:
                stop += 1
            if not person.role:
                _set_role(doc, keys, person, hit[0], k, stop, gaz_by_token)
            else:
                person.countries = _country_of_phrase(doc, keys, k, stop, gaz_by_token)


def _set_role(
    doc: Doc, keys: list[str], person: PersonMention, role_key: str | None, start: int, end: int,
    gaz_by_token: dict[int, Span],
) -> None:
    phrase = doc[start:end].text.strip(" ,")
    person.role = role_key
    person.role_text = phrase[:120] or None
    person.countries = _country_of_phrase(doc, keys, start, end, gaz_by_token)
    person.evidence.append(phrase)
