"""The role lexicon (data/roles.json): role phrases and honorifics for the person rules."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from core.config import DATA_DIR, data_json
from core.extract.phrase_match import AtomMatcher, atoms
from core.text.fold import fold

# Role categories whose holders report the news rather than act in it (bylines).
NOT_ACTOR_CATEGORIES = frozenset({"media"})


@dataclass(frozen=True)
class RoleLexicon:
    """Role phrases (matched on folded text, so tokenisation of "sous-secrétaire" or
    "chef d'état-major" does not matter) and honorifics, from data/roles.json."""

    matcher: AtomMatcher
    honorifics: frozenset[str]
    not_actors: frozenset[str] = frozenset()
    serving_verbs: frozenset[str] = frozenset()

    def spans(
        self, doc: Doc, text: str, stream: list[tuple[str, int, int]] | None = None
    ) -> dict[int, tuple[int, str]]:
        """Role matches in a doc (`text` is doc.text, `stream` its folded words when the
        caller has them): start token -> (end token, role)."""
        found: dict[int, tuple[int, str]] = {}
        for start, end, key in self.matcher.find(atoms(fold(text)) if stream is None else stream):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                found[span.start] = (span.end, key)
        return found


def _role_words(entry: dict) -> list[str]:
    words: list[str] = []
    for key in ("fr", "en_cues", "en", "forms", "cues"):
        value = entry.get(key)
        if isinstance(value, str):
            words.append(value)
        elif isinstance(value, list):
            words.extend(v for v in value if isinstance(v, str))
    return words


@lru_cache(maxsize=1)
def load_roles() -> RoleLexicon:
    """Read and compile the role lexicon once."""
    raw = data_json(DATA_DIR / "roles.json")
    entries = raw.get("roles", []) if isinstance(raw, dict) else raw
    roles: dict[str, str] = {}
    not_actors: set[str] = set()
    for entry in entries:
        name = entry.get("en") if isinstance(entry.get("en"), str) else entry.get("key", "")
        if entry.get("category") in NOT_ACTOR_CATEGORIES:
            not_actors.add(name or entry.get("key", ""))
        for word in _role_words(entry):
            if word.strip():
                roles.setdefault(word, name or entry.get("key", ""))
    honor = raw.get("honorifics", []) if isinstance(raw, dict) else []
    forms = [h.get("form", "") if isinstance(h, dict) else str(h) for h in honor]
    honorifics = frozenset(fold(h).rstrip(".") for h in forms if h) | {
        "m",
        "mme",
        "mr",
        "mrs",
        "ms",
        "dr",
    }
    serving = raw.get("serving_verbs", []) if isinstance(raw, dict) else []
    return RoleLexicon(
        AtomMatcher(roles), honorifics, frozenset(not_actors), frozenset(fold(v) for v in serving)
    )
