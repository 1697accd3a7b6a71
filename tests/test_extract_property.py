"""Property test: any text through cleaning, extraction and table assembly.

Arbitrary Unicode (and text salted with the words the rules look for) must never raise,
and the rows must always make valid contract tables with offsets inside the text.
"""

from __future__ import annotations

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

import core.nlp.gazetteer  # noqa: F401  (registers the component)
from core.build.assemble import assemble
from core.build.schema import to_arrow
from core.extract.article import extract
from core.ingest.article import IngestError, article_from_bytes

_WORDS = [
    "Algérie",
    "États-Unis",
    "Russie",
    "Maroc",
    "France",
    "Inde",
    "Chine",
    "Pékin",
    "Moscou",
    "russe",
    "américaine",
    "algéro-marocaine",
    "le ministre",
    "de la Défense",
    "général",
    "M.",
    "a déclaré",
    "«",
    "»",
    '"',
    "“",
    "”",
    "visite",
    "accord",
    "signé",
    "le 3 mars 2024",
    "jeudi",
    "en mai",
    "depuis 2006",
    "acquis",
    "auprès de la",
    "Jean Dupont",
    "Ali Ben Salah",
    ".",
    ",",
    "\n",
    "\n\n",
    " ",
    "(",
    ")",
    ":",
    ";",
    "-",
    "'",
    "’",
    "Sahel",
    "OTAN",
    "ANP",
]
_salted = st.lists(st.sampled_from(_WORDS) | st.text(max_size=12), max_size=60).map(" ".join)


def _pipeline() -> Language:
    nlp = spacy.blank("fr")
    nlp.add_pipe("entente_gazetteer", last=True)
    return nlp


_NLP = _pipeline()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=st.text(max_size=400) | _salted,
    published=st.sampled_from([None, "2024", "2024-03", "2024-03-15"]),
)
def test_any_text_gives_valid_tables(raw: str, published: str | None) -> None:
    try:
        article = article_from_bytes(raw.encode("utf-8"), file="x.txt")
    except IngestError:
        return
    rows = extract(_NLP(article.text), article.article_id, "fr", published)
    n = len(article.text)
    for row in (*rows.mentions, *rows.events, *rows.quotes):
        assert 0 <= row.start <= row.end <= n
    for event in rows.events:
        assert len(event.countries) >= 2
        assert event.date is None or event.date[:4].isdigit()
    frames = assemble([article], {article.article_id: rows})
    for name, frame in frames.items():
        assert to_arrow(name, frame).num_rows == len(frame)
