"""What one sentence says, as the event rules read it: its places, people, quotations,
and (made once) its fold, words, cues, date expressions and countries."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.extract.background import background, locative, ruled
from core.extract.dates import DateScan, date_scan
from core.extract.event_type import SENTENCE_SETS
from core.extract.phrase_match import atoms
from core.extract.taxonomy import Cue, Taxonomy
from core.text.fold import fold


@dataclass
class SentenceFacts:
    """What one sentence says, in char offsets relative to the article text."""

    index: int
    start: int
    end: int
    text: str
    places: list[tuple[int, int, str, tuple[str, ...], str]]
    """(start, end, label, countries, canonical) for each gazetteer match."""
    person_countries: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    actor_keys: list[str] = field(default_factory=list)
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    folded: str = field(default="", repr=False, compare=False)
    """The folded text, and below its words: every rule of the sentence reads them, so
    they are made once (given together by the article, else made here)."""
    stream: list[tuple[str, int, int]] = field(default_factory=list, repr=False, compare=False)
    _own: list[str] | None = field(default=None, init=False, repr=False, compare=False)
    _dates: DateScan | None = field(default=None, init=False, repr=False, compare=False)
    _cues: tuple[Taxonomy, str, dict[str, list[Cue]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if len(self.folded) != len(self.text):
            self.folded = fold(self.text)
            self.stream = atoms(self.folded)

    def cues(self, tax: Taxonomy, language: str) -> dict[str, list[Cue]]:
        """The sentence's cues of every set the sentence rules read (SENTENCE_SETS),
        found in one pass and kept: type, status, pointing back and scope all ask."""
        if self._cues is None or self._cues[0] is not tax or self._cues[1] != language:
            found = tax.scan(SENTENCE_SETS, self.text, language, self.stream)
            self._cues = (tax, language, dict(zip(SENTENCE_SETS, found, strict=True)))
        return self._cues[2]

    @property
    def date_scan(self) -> DateScan:
        """The sentence's date expressions, found once (story anchors, then its event)."""
        if self._dates is None:
            self._dates = date_scan(self.folded)
        return self._dates

    def countries(
        self, travel_ends: tuple[int, ...] = (), framing: tuple[tuple[int, int], ...] = ()
    ) -> list[str]:
        """Countries taking part: named by places, demonyms, institutions or people.

        A place only mentioned as where something is ("les crises au Mali et en Libye")
        is scenery, not a party, unless it is where someone travels ("se rendre en
        Algérie", whose cue ends just before it: `travel_ends`, relative offsets). A
        country after a background phrase ("not the United States", "backed by Russia")
        or inside a `framing` clause (relative spans) takes no part either."""
        if not travel_ends and not framing:  # asked for every sentence, more than once
            if self._own is None:
                self._own = self._countries((), ())
            return list(self._own)
        return self._countries(travel_ends, framing)

    def _countries(
        self, travel_ends: tuple[int, ...], framing: tuple[tuple[int, int], ...]
    ) -> list[str]:
        seen: dict[str, None] = {}
        folded = self.folded
        items = []
        for s, _, label, cs, _ in self.places:
            rel = s - self.start
            if label == "REGION" or self._background(folded, rel, framing):
                continue
            window = folded[max(0, rel - 30) : rel]
            scenery = (
                label in ("COUNTRY", "CITY")
                and locative().search(window) is not None
                and ruled().search(window) is None
            )
            if scenery and not any(0 <= rel - end <= 30 for end in travel_ends):
                continue
            items.append((s, cs))
        items += [
            (s, cs)
            for s, cs in self.person_countries
            if not self._background(folded, s - self.start, framing)
        ]
        for _, countries in sorted(items, key=lambda x: x[0]):
            for c in countries:
                seen.setdefault(c, None)
        return list(seen)

    @staticmethod
    def _background(folded: str, rel: int, framing: tuple[tuple[int, int], ...]) -> bool:
        if any(s <= rel < e for s, e in framing):
            return True
        return bool(background().search(folded[max(0, rel - 60) : rel]))
