"""NLP over a batch of articles: language, spaCy pipeline with the domain layer, mention rows.

Runs in the ingest process or in worker processes; takes and returns plain picklable records.
"""

from collections import defaultdict
from dataclasses import dataclass

from armswatch.events.frames import extract_events
from armswatch.gazetteer import Entry, load_gazetteer
from armswatch.langid import SUPPORTED, detect
from armswatch.mentions import doc_mentions
from armswatch.nlp.pipeline import get_pipeline, model_name
from armswatch.records import Article, Event, Mention
from armswatch.textnorm import nlp_view

_lookups: dict[str | None, dict[tuple[str, str], Entry]] = {}


@dataclass(slots=True)
class Processed:
    article: Article
    model: str  # the spaCy model used, or "" when the language has no pipeline
    tokens: int
    mentions: list[Mention]
    events: list[Event]


def _lookup(gazetteer_dir: str | None) -> dict[tuple[str, str], Entry]:
    if gazetteer_dir not in _lookups:
        from pathlib import Path

        _lookups[gazetteer_dir] = load_gazetteer(Path(gazetteer_dir) if gazetteer_dir else None).lookup()
    return _lookups[gazetteer_dir]


def process_batch(articles: list[Article], gazetteer_dir: str | None = None) -> list[Processed]:
    """Entities of every article in a supported language; others are returned untouched."""
    by_lang: dict[str, list[int]] = defaultdict(list)
    results: list[Processed | None] = [None] * len(articles)
    for i, article in enumerate(articles):
        if not article.lang:
            article.lang, article.lang_from = detect(article.text), "detected"
        if article.lang in SUPPORTED:
            by_lang[article.lang].append(i)
        else:
            results[i] = Processed(article, "", 0, [], [])
    lookup = _lookup(gazetteer_dir)
    for lang, indices in by_lang.items():
        nlp = get_pipeline(lang, gazetteer_dir)
        name = model_name(lang)
        docs = nlp.pipe(nlp_view(articles[i].text) for i in indices)
        for i, doc in zip(indices, docs, strict=True):
            article = articles[i]
            mentions = doc_mentions(doc, article.id, article.text, lookup)
            events = extract_events(doc, article.id, article.text, article.published, lang, lookup, article.source)
            results[i] = Processed(article, name, len(doc), mentions, events)
    return [r for r in results if r is not None]
