"""Per-article token lookups the person rules share: folded keys, token texts and
spaces, role phrases, gazetteer tokens (one pass over the doc, reused by every rule)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from core.extract.roles import load_roles
from core.nlp.tokens import token_texts
from core.text.fold import fold


def _keys(texts: list[str]) -> list[str]:
    folded: dict[str, str] = {}  # words repeat: each is folded once
    for word in texts:
        if word not in folded:
            folded[word] = fold(word).replace("’", "'")
    return [folded[word] for word in texts]


@dataclass(frozen=True)
class DocIndex:
    """Per-doc lookups shared by the person rules (computed once per article)."""

    keys: list[str]
    texts: list[str]
    spaces: list[bool]
    """Whether a space follows each token."""
    roles: dict[int, tuple[int, str]]
    role_tokens: frozenset[int]
    role_ends: dict[int, int]
    blocked: frozenset[int]
    gaz_by_token: dict[int, Span]
    lower_words: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        doc: Doc,
        gaz_spans: list[Span],
        text: str,
        stream: list[tuple[str, int, int]] | None = None,
    ) -> DocIndex:
        """`stream`: the folded words of `text`, when the caller has them."""
        roles = load_roles().spans(doc, text, stream)
        covered = {t for start, (end, _) in roles.items() for t in range(start, end)}
        blocked = {t for s in gaz_spans for t in range(s.start, s.end)}
        texts, spaces = token_texts(doc, text)
        return cls(
            keys=_keys(texts),
            texts=texts,
            spaces=spaces,
            roles=roles,
            role_tokens=frozenset(covered),
            role_ends={end: start for start, (end, _) in roles.items()},
            blocked=frozenset(blocked),
            gaz_by_token={s.start: s for s in gaz_spans},
            # spaCy's is_lower and is_alpha are these string tests
            lower_words=frozenset(fold(t) for t in set(texts) if t.islower() and t.isalpha()),
        )
