"""The gazetteer's data side: aliases folded into atoms and keys, entries by key and
the countries of each knowledge-base id (data/gazetteer/, read once per process)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.nlp.countries import GAZETTEER_DIR, read_csv
from core.text.fold import strip_accents

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

_ATOM_SPLIT = re.compile(r"[^\w.]+|_")
_HYPHENS = "-‐‑–—"
_HYPHEN_SPLIT = re.compile(f"[{_HYPHENS}]")
_COMPOUND_WORD = re.compile(rf"(?<![\w.{_HYPHENS}])[^\W_][\w.]*(?:[{_HYPHENS}][^\W_][\w.]*)+")
_BREAK = "|"


@lru_cache(maxsize=200_000)
def surface_atoms(text: str) -> tuple[str, ...]:
    """Accent-free words of ``text`` with their case (dots kept inside acronyms)."""
    parts = (p.strip(".") for p in _ATOM_SPLIT.split(strip_accents(text)))
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
