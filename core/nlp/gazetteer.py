"""The gazetteer: every country's names, capitals, demonyms, combining forms and
institutions mapped to ISO 3166-1 alpha-2, plus a spaCy component that marks them.

The data lives in data/gazetteer/ (built by scripts/build_gazetteer.py); this module
only reads it. Matching works on *atoms*: text folded to lowercase without accents
and split on spaces, hyphens and apostrophes, so "États-Unis", "Etats Unis" and
"etats-unis" are the same key whatever the tokenizer did with the hyphen. Case is
then checked per alias (``mode``) so that "US", "FAR" or "UN" only count as written.

Usage::

    import core.nlp.gazetteer  # registers the factory
    nlp.add_pipe("entente_gazetteer", last=True)
    for span in doc.spans["gazetteer"]:
        span.label_, span.kb_id_, span._.countries
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from core.nlp.gazetteer_data import (  # noqa: F401  (re-exported for callers)
    _BREAK,
    _COMPOUND_WORD,
    _HYPHENS,
    COMPOUND_SEP,
    GAZETTEER_DIR,
    LABELS,
    PERSON_LABELS,
    SPANS_KEY,
    Gazetteer,
    atoms,
    load_gazetteer,
    surface_atoms,
)
from core.nlp.tokens import token_texts


def _span_countries(span: Span) -> tuple[str, ...]:
    return load_gazetteer().countries_of_kb(span.kb_id_) if span.kb_id_ else ()


if not Span.has_extension("countries"):
    Span.set_extension("countries", getter=_span_countries)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    n_atoms: int
    label: str
    kb_id: str

    @property
    def rank(self) -> tuple[int, int, int]:
        return (-(self.end - self.start), -self.n_atoms, self.start)


class GazetteerComponent:
    """Marks gazetteer mentions in ``doc.spans[spans_key]`` (longest match wins,
    no overlaps). Runs after NER so that names inside a person's name ("George
    Washington") are left alone."""

    def __init__(self, nlp: Language, name: str, spans_key: str = SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        self.gaz = load_gazetteer()
        self._vocab = Vocab()
        self._matcher = PhraseMatcher(self._vocab)
        for key in self.gaz.by_key:
            words = key.split(" ")
            self._matcher.add(key, [Doc(self._vocab, words=words)])
        self._token_atoms: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def _atoms_of(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        cached = self._token_atoms.get(text)
        if cached is None:
            surface = surface_atoms(text)
            cached = (tuple(a.lower() for a in surface), surface)
            if len(self._token_atoms) < 500_000:
                self._token_atoms[text] = cached
        return cached

    def _atom_stream(self, texts: list[str]) -> tuple[list[str], list[str], list[int]]:
        """Lowercase atoms, cased atoms and the token of each atom (`texts`: the token
        texts); punctuation and line breaks become a barrier atom so no match crosses
        them."""
        low: list[str] = []
        cased: list[str] = []
        owner: list[int] = []
        for i, word in enumerate(texts):
            lower, surface = self._atoms_of(word)
            if not lower:
                if word.strip() and word.strip() in _HYPHENS + "'’":
                    continue
                lower = surface = (_BREAK,)
            low.extend(lower)
            cased.extend(surface)
            owner.extend([i] * len(lower))
        return low, cased, owner

    def _plain(self, texts: list[str]) -> list[_Candidate]:
        low, cased, owner = self._atom_stream(texts)
        if not low:
            return []
        strings = self._vocab.strings
        out = []
        for match_id, s, e in self._matcher(Doc(self._vocab, words=low)):
            surface = tuple(cased[s:e])
            entry = next(
                (
                    x
                    for x in self.gaz.by_key[strings[match_id]]
                    if x.label != "PREFIX" and x.accepts(surface, strict=True)
                ),
                None,
            )
            if entry is not None:
                out.append(_Candidate(owner[s], owner[e - 1] + 1, e - s, entry.label, entry.kb_id))
        return out

    def _compounds(self, doc: Doc, text: str) -> list[_Candidate]:
        out = []
        for m in _COMPOUND_WORD.finditer(text):
            word = m.group().rstrip(".")
            parts = self.gaz.parse_compound(word)
            if not parts or len(parts) < 2:
                continue
            span = doc.char_span(m.start(), m.start() + len(word), alignment_mode="expand")
            if span is None:
                continue
            kb_id = COMPOUND_SEP.join(p.kb_id for p in parts)
            out.append(_Candidate(span.start, span.end, 1_000, parts[-1].label, kb_id))
        return out

    def __call__(self, doc: Doc) -> Doc:
        persons = [(e.start, e.end) for e in doc.ents if e.label_ in PERSON_LABELS]
        taken = bytearray(len(doc))
        spans = []
        text = doc.text  # joins every token: read once
        found = self._compounds(doc, text) + self._plain(token_texts(doc, text)[0])
        for cand in sorted(found, key=lambda c: c.rank):
            if any(taken[cand.start : cand.end]) or _inside_person(cand, persons):
                continue
            taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
            spans.append(Span(doc, cand.start, cand.end, label=cand.label, kb_id=cand.kb_id))
        doc.spans[self.spans_key] = sorted(spans, key=lambda s: s.start)
        return doc


def _inside_person(cand: _Candidate, persons: list[tuple[int, int]]) -> bool:
    """True when the match is part of a longer person's name ("George Washington")."""
    return any(
        s <= cand.start and cand.end <= e and (e - s) > (cand.end - cand.start) for s, e in persons
    )


@Language.factory("entente_gazetteer", default_config={"spans_key": SPANS_KEY})
def make_gazetteer_component(nlp: Language, name: str, spans_key: str) -> GazetteerComponent:
    """spaCy factory: ``nlp.add_pipe("entente_gazetteer", last=True)``."""
    return GazetteerComponent(nlp, name, spans_key)
