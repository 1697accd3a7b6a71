"""Token texts of a Doc without a spaCy `Token` object per token.

Rules read every token's text several times per article; `for t in doc` makes a Python
object per token each time. The doc's arrays give each token's offset and length in
one call, so the texts are slices of the text the doc was made from.
"""

from __future__ import annotations

from spacy.attrs import IDX, LENGTH, SPACY
from spacy.tokens import Doc


def token_texts(doc: Doc, text: str) -> tuple[list[str], list[bool]]:
    """Each token's text and whether a space follows it (`text` is `doc.text`)."""
    if not len(doc):
        return [], []
    rows = doc.to_array([IDX, LENGTH, SPACY]).tolist()
    return [text[i : i + n] for i, n, _ in rows], [bool(space) for _, _, space in rows]
