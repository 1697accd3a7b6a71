"""Phrases of folded words found in a text's word stream: the matching engine behind
cue sets (core/extract/taxonomy.py) and role phrases (core/extract/roles.py).

A phrase is a tuple of folded words; `word*` is a prefix wildcard. Matching is one dict
lookup per word, whatever the size of the lexicon, and several lexicons share one pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from core.text.fold import fold

_ATOM = re.compile(r"\w+")


def atoms(text: str) -> list[tuple[str, int, int]]:
    """Words of folded text split at spaces, apostrophes and hyphens, with offsets."""
    return [(m.group(), m.start(), m.end()) for m in _ATOM.finditer(text)]


class Words(NamedTuple):
    """A text's folded copy and its words, made once per article: each sentence's words
    are a slice of them (`sentence_words`), not a new scan."""

    folded: str
    stream: list[tuple[str, int, int]]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> Words:
        folded = fold(text)
        stream = atoms(folded)
        return cls(folded, stream, [s for _, s, _ in stream])

    def sentence_words(self, start: int, end: int) -> tuple[str, list[tuple[str, int, int]]]:
        """The fold and words of `text[start:end]`, offsets relative to it: what
        `fold` and `atoms` give for it (fold keeps lengths, one character for one)."""
        folded = self.folded[start:end]
        lo = bisect_left(self.starts, start)
        hi = bisect_left(self.starts, end, lo)
        straddles = (lo > 0 and self.stream[lo - 1][2] > start) or (
            hi > lo and self.stream[hi - 1][2] > end
        )
        if straddles:  # a word cut by the span's edge: its words are not a slice
            return folded, atoms(folded)
        return folded, [(w, a - start, b - start) for w, a, b in self.stream[lo:hi]]


_SEEN_LIMIT = 200_000  # words whose candidates a matcher remembers (bounded memory)


class AtomMatcher:
    """Finds phrases of folded words in a word stream, with `word*` as a prefix wildcard.

    One dict lookup per word instead of a regex alternation over hundreds of phrases:
    matching stays linear in the text whatever the size of the lexicon.
    """

    def __init__(self, phrases: dict[str, str] | dict[str, list[str]]) -> None:
        self.exact: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.prefix: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._seen: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, values in phrases.items():
            words = tuple(w for w, _, _ in atoms(fold(phrase).replace("*", "_STAR_")))
            words = tuple(w.replace("_STAR_", "*") for w in words)
            if not words:
                continue
            first = words[0]
            for value in [values] if isinstance(values, str) else values:
                if first.endswith("*"):
                    self.prefix.setdefault(first[:-1][:3], []).append((words, value))
                else:
                    self.exact.setdefault(first, []).append((words, value))
        self._joint = JointMatcher((self,))

    def _candidates(self, word: str) -> list[tuple[tuple[str, ...], str]]:
        # Prefix cues are indexed by up to 3 leading letters; each key length is looked up.
        # Words repeat, so each word's candidates are worked out once per matcher.
        found = self._seen.get(word)
        if found is None:
            found = list(self.exact.get(word, ()))
            for n in (1, 2, 3):
                found += [c for c in self.prefix.get(word[:n], ()) if word.startswith(c[0][0][:-1])]
            if len(self._seen) < _SEEN_LIMIT:
                self._seen[word] = found
        return found

    def find_all(self, stream: list[tuple[str, int, int]]) -> list[tuple[int, int, str]]:
        """(first word, word count, value) of every phrase occurrence, overlaps included."""
        return self._joint.find_all(stream)[0]

    def find(self, stream: list[tuple[str, int, int]]) -> list[tuple[int, int, str]]:
        """(start, end, value) of non-overlapping occurrences, leftmost-longest first."""
        return [
            (stream[i][1], stream[i + k - 1][2], value)
            for i, k, value in leftmost_longest(self.find_all(stream))
        ]


_Candidate = tuple[int, tuple[str, ...], int, str]
"""(rank in the word's candidates, the phrase's words, which matcher, value)."""


class _Next(NamedTuple):
    """A first word's candidate phrases, by what the second word must be: one-word
    phrases match at once, others are looked up by the next word ("a" opens hundreds
    of French cues, "a signé", "a reçu"...: only those naming the next word are tried)."""

    single: list[_Candidate]
    by_second: dict[str, list[_Candidate]]
    wild: list[_Candidate]
    """Phrases whose second word is a prefix (`word*`)."""


_NOTHING = _Next([], {}, [])


class JointMatcher:
    """Several matchers' phrases found in one pass over a stream: the sentence rules ask
    eight cue sets about every sentence, and walking its words once, not eight times, is
    most of what cue matching costs."""

    def __init__(self, matchers: tuple[AtomMatcher, ...]) -> None:
        self.matchers = matchers
        self._seen: dict[str, _Next] = {}

    def _candidates(self, word: str) -> _Next:
        # Each matcher's candidates in matcher order; the rank keeps that order among the
        # hits found at one word, so each matcher's hits come out as its own scan gives.
        ranked = [
            (words, n, value)
            for n, matcher in enumerate(self.matchers)
            for words, value in matcher._candidates(word)
        ]
        found = _NOTHING if not ranked else _Next([], {}, [])
        for rank, (words, n, value) in enumerate(ranked):
            candidate = (rank, words, n, value)
            if len(words) == 1:
                found.single.append(candidate)
            elif words[1].endswith("*"):
                found.wild.append(candidate)
            else:
                found.by_second.setdefault(words[1], []).append(candidate)
        if len(self._seen) < _SEEN_LIMIT:
            self._seen[word] = found
        return found

    def find_all(self, stream: list[tuple[str, int, int]]) -> list[list[tuple[int, int, str]]]:
        """Per matcher, (first word, word count, value) of every phrase occurrence,
        overlaps included. The loop is inlined (no call per word or per candidate): it
        is the extractor's hottest."""
        hits: list[list[tuple[int, int, str]]] = [[] for _ in self.matchers]
        n = len(stream)
        seen = self._seen
        for i, (word, _, _) in enumerate(stream):
            found = seen.get(word)
            if found is None:
                found = self._candidates(word)
            if found is _NOTHING:
                continue
            here = list(found.single)
            if i + 1 < n and (found.by_second or found.wild):
                second = stream[i + 1][0]
                for candidate in (*found.by_second.get(second, ()), *found.wild):
                    words = candidate[1]
                    k = len(words)
                    if i + k > n:
                        continue
                    j = 1
                    while j < k:
                        pattern, other = words[j], stream[i + j][0]
                        if pattern[-1] == "*":
                            if not other.startswith(pattern[:-1]):
                                break
                        elif other != pattern:
                            break
                        j += 1
                    if j == k:
                        here.append(candidate)
            if len(here) > 1:
                here.sort()
            for _, words, which, value in here:
                hits[which].append((i, len(words), value))
        return hits


def leftmost_longest(hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    chosen: list[tuple[int, int, str]] = []
    skip_to = 0
    for i, k, value in sorted(hits, key=lambda h: (h[0], -h[1])):
        if i >= skip_to:
            chosen.append((i, k, value))
            skip_to = i + k
    return chosen
