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

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from core.nlp.countries import GAZETTEER_DIR, read_csv

SPANS_KEY = "gazetteer"
LABELS = ("COUNTRY", "CITY", "DEMONYM", "INSTITUTION", "IORG", "REGION")
# When one key has several readings, the first that passes the case check wins.
PRIORITY = {
    "COUNTRY": 0,
    "IORG": 1,
    "INSTITUTION": 2,
    "REGION": 3,
    "CITY": 4,
    "DEMONYM": 5,
    "PREFIX": 6,
}
PERSON_LABELS = {"PER", "PERSON"}
COMPOUND_SEP = "+"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_ATOM_SPLIT = re.compile(r"[^\w.]+|_")
_HYPHENS = "-‐‑–—"
_HYPHEN_SPLIT = re.compile(f"[{_HYPHENS}]")
_COMPOUND_WORD = re.compile(rf"(?<![\w.{_HYPHENS}])[^\W_][\w.]*(?:[{_HYPHENS}][^\W_][\w.]*)+")
_BREAK = "|"


def fold(text: str) -> str:
    """Strip accents and normalise apostrophes/ligatures, keeping case."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():  # nothing to decompose (most aliases and tokens)
        return text
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def surface_atoms(text: str) -> tuple[str, ...]:
    """Accent-free words of ``text`` with their case (dots kept inside acronyms)."""
    parts = (p.strip(".") for p in _ATOM_SPLIT.split(fold(text)))
    return tuple(p for p in parts if p)


def atoms(text: str) -> tuple[str, ...]:
    """The case-insensitive matching words of ``text``."""
    return tuple(a.lower() for a in surface_atoms(text))


def key_of(text: str) -> str:
    """The lookup key of ``text`` ("l’Algérie" -> "l algerie")."""
    return " ".join(atoms(text))


def _has_upper(parts: Iterable[str]) -> bool:
    return any(ch.isupper() for part in parts for ch in part)


@dataclass(frozen=True)
class Entry:
    """One alias of the gazetteer and what it stands for."""

    alias: str
    label: str
    kb_id: str
    countries: tuple[str, ...]
    mode: str
    surface: tuple[str, ...]

    def accepts(self, surface: tuple[str, ...], strict: bool) -> bool:
        """Whether text written as ``surface`` may be read as this alias.

        ``strict`` (running text) also requires a capital for the names of places
        and institutions (a lowercase country name such as "la france" still
        counts); lookups of a single name (``country_of``) only enforce acronyms
        and the capitalised-only list, because callers pass names out of context."""
        if self.mode == "exact":
            return surface == self.surface
        if self.mode == "cap" or (strict and self.mode == "name" and self.label != "COUNTRY"):
            return _has_upper(surface) or not _has_upper(self.surface)
        return True


class Gazetteer:
    """Read-only lookups over the alias table (country names, codes and capitals by code
    are in `core.nlp.countries`)."""

    def __init__(self, aliases: list[dict[str, str]]) -> None:
        by_key: dict[str, list[Entry]] = {}
        kb: dict[str, tuple[str, ...]] = {}
        for row in aliases:
            codes = tuple(row["countries"].split())
            entry = Entry(
                row["alias"],
                row["label"],
                row["kb_id"],
                codes,
                row["mode"],
                surface_atoms(row["alias"]),
            )
            key = key_of(row["alias"])
            if key:
                by_key.setdefault(key, []).append(entry)
            if entry.label != "PREFIX":
                kb.setdefault(entry.kb_id, codes)
        for entries in by_key.values():
            entries.sort(key=lambda e: (PRIORITY[e.label], e.mode == "exact", e.alias))
        self.by_key = by_key
        self._kb_countries = kb
        self._compound_cache: dict[str, tuple[Entry, ...] | None] = {}

    # -- lookups -----------------------------------------------------------------
    def lookup(self, text: str, strict: bool = False) -> Entry | None:
        """The best reading of ``text`` as a whole alias, if any."""
        entries = self.by_key.get(key_of(text))
        if not entries:
            return None
        surface = surface_atoms(text)
        return next((e for e in entries if e.accepts(surface, strict)), None)

    def country_of(self, text: str) -> str | None:
        """ISO2 of a country name, capital, demonym, combining form or institution
        ("Etats-Unis", "Alger", "algériennes", "sino", "Pentagone"); None for an
        organisation, a region or anything unknown."""
        entry = self.lookup(text)
        if entry is not None:
            return entry.countries[0] if len(entry.countries) == 1 else None
        codes = self.countries_in(text)
        return codes[0] if len(codes) == 1 else None

    def kind_of(self, text: str) -> str | None:
        """The label of ``text`` (COUNTRY, CITY, DEMONYM, INSTITUTION, IORG, REGION or
        PREFIX for a combining form such as "franco"); compounds take the label of
        their last part."""
        entry = self.lookup(text)
        if entry is not None:
            return entry.label
        parts = self.parse_compound(text)
        return parts[-1].label if parts else None

    def countries_in(self, word: str) -> tuple[str, ...]:
        """All countries of a hyphenated compound, in order ("algéro-américaines" ->
        ("DZ", "US")); () when a part is not in the gazetteer ("latino-américain"
        is a region, "anti-américain" is not a compound)."""
        entry = self.lookup(word)
        if entry is not None and entry.label != "PREFIX":
            return entry.countries
        parts = self.parse_compound(word)
        return _unique(c for part in parts for c in part.countries) if parts else ()

    def parse_compound(self, word: str) -> tuple[Entry, ...] | None:
        """Read ``word`` as hyphen-joined gazetteer parts, longest part first; None
        unless every part is known and the last one is not a combining form."""
        if word in self._compound_cache:
            return self._compound_cache[word]
        segments = [s for s in _HYPHEN_SPLIT.split(word) if s]
        parts: list[Entry] = []
        i = 0
        while i < len(segments):
            for j in range(len(segments), i, -1):
                entry = self.lookup("-".join(segments[i:j]), strict=True)
                if entry is not None:
                    parts.append(entry)
                    i = j
                    break
            else:
                parts = []
                break
        result = tuple(parts) if parts and parts[-1].label != "PREFIX" else None
        self._compound_cache[word] = result
        return result

    def countries_of_kb(self, kb_id: str) -> tuple[str, ...]:
        """Countries a span's kb_id stands for (compound ids are joined by '+')."""
        if kb_id in self._kb_countries:
            return self._kb_countries[kb_id]
        return _unique(
            c for part in kb_id.split(COMPOUND_SEP) for c in self._kb_countries.get(part, ())
        )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


@lru_cache(maxsize=4)
def load_gazetteer(directory: Path = GAZETTEER_DIR) -> Gazetteer:
    """The gazetteer, read once per process."""
    return Gazetteer(read_csv(directory / "aliases.csv"))


# -- spaCy component ---------------------------------------------------------------
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

    def _atom_stream(self, doc: Doc) -> tuple[list[str], list[str], list[int]]:
        """Lowercase atoms, cased atoms and the token of each atom; punctuation and
        line breaks become a barrier atom so no match crosses them."""
        low: list[str] = []
        cased: list[str] = []
        owner: list[int] = []
        for tok in doc:
            lower, surface = self._atoms_of(tok.text)
            if not lower:
                if tok.text.strip() and tok.text.strip() in _HYPHENS + "'’":
                    continue
                lower = surface = (_BREAK,)
            low.extend(lower)
            cased.extend(surface)
            owner.extend([tok.i] * len(lower))
        return low, cased, owner

    def _plain(self, doc: Doc) -> list[_Candidate]:
        low, cased, owner = self._atom_stream(doc)
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

    def _compounds(self, doc: Doc) -> list[_Candidate]:
        out = []
        for m in _COMPOUND_WORD.finditer(doc.text):
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
        for cand in sorted(self._compounds(doc) + self._plain(doc), key=lambda c: c.rank):
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
