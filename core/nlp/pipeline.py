"""The spaCy pipelines, built once per process.

French uses fr_core_news_sm with its NER and part-of-speech tagger (role phrases stop at a
verb): sentences come from our own splitter and the extractor reads no lemmas or parse,
so parser, attribute_ruler and lemmatizer are excluded (about 1.7x faster than the full pipe).
English uses en_core_web_sm the same way when it is installed, otherwise a blank English
pipeline: the gazetteer and the rules still find countries, people and events.
Loading goes through `core.nlp.regex_cache`: spaCy's French data compiles a 1.4 MB regex on
import, 5 s that a cached compile turns into milliseconds after the first process.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import core.nlp.gazetteer  # noqa: F401  (registers the entente_gazetteer factory)
from core import config
from core.nlp.regex_cache import big_patterns_cached

MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm"}
UNUSED = ["parser", "attribute_ruler", "lemmatizer", "senter"]


@lru_cache(maxsize=4)
def load_pipeline(language: str) -> Language:
    """The pipeline for a language code; unsupported languages get French rules on a blank model."""
    name = MODELS.get(language)
    nlp: Language | None = None
    with big_patterns_cached(config.cache_dir() / "regex"):
        if name:
            try:
                nlp = spacy.load(name, exclude=UNUSED)
            except OSError:
                nlp = None
        if nlp is None:
            nlp = spacy.blank(language if language in ("fr", "en") else "xx")
    nlp.add_pipe("entente_gazetteer", last=True)
    return nlp
