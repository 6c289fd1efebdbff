"""NLP over a batch of articles: language, spaCy pipeline with the domain layer, the store's rows.

Runs in the ingest process, in worker processes or on a cluster's workers: takes plain records and
gives back Arrow tables (``BatchResult``), both of which cross processes and machines as they are.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime

import pyarrow as pa

from armswatch.events.frames import extract_events
from armswatch.gazetteer import Entry, load_gazetteer
from armswatch.langid import SUPPORTED, detect
from armswatch.mentions import doc_mentions, entity_rows
from armswatch.nlp.pipeline import get_pipeline, model_name
from armswatch.records import Article, Event, Mention
from armswatch.schema import ARTICLES, ENTITIES, EVENTS, MENTIONS
from armswatch.textindex import word_table
from armswatch.textnorm import nlp_view

_lookups: dict[str | None, dict[tuple[str, str], Entry]] = {}
# spaCy refuses texts over 1,000,000 characters and its parser's memory grows with the text:
# longer articles are read in pieces of at most this size, cut between paragraphs or sentences
PIECE_CHARS = 100_000
# what one nlp.pipe call parses at once: a batch of ordinary articles fits; memory peaks at about
# 300 MB per 100,000 characters with en_core_web_sm, so long articles go a few pieces at a time
GROUP_CHARS = 250_000


@dataclass(slots=True)
class Processed:
    article: Article
    model: str  # the spaCy model used, or "" when the language has no pipeline
    tokens: int
    mentions: list[Mention]
    events: list[Event]


@dataclass(slots=True)
class BatchResult:
    """One batch's rows for the store (articles, mentions, entities, events, the text index) and, per
    article, what the ingest summary counts: (language, model or "" when it has no pipeline, tokens)."""

    tables: dict[str, pa.Table]
    counted: list[tuple[str, str, int]]
    chars: int


def process_articles(articles: list[Article], gazetteer_dir: str | None, ingested_at: datetime) -> BatchResult:
    """The batch's rows, stamped ``ingested_at``."""
    return batch_tables(process_batch(articles, gazetteer_dir), ingested_at)


def process_records(records: list[dict], gazetteer_dir: str | None, ingested_at: datetime) -> BatchResult:
    """The same from plain records (``dataclasses.asdict`` of each Article): what a cluster's workers
    receive, so that they need no more of this package's types than its functions."""
    return process_articles([Article(**record) for record in records], gazetteer_dir, ingested_at)


def batch_tables(results: list[Processed], ingested_at: datetime) -> BatchResult:
    articles, mentions, entities, events = [], [], [], []
    for result in results:
        a = result.article
        articles.append({
            "id": a.id, "title": a.title, "published": date.fromisoformat(a.published) if a.published else None,
            "source": a.source, "url": a.url, "lang": a.lang, "text": a.text, "published_from": a.published_from,
            "lang_from": a.lang_from, "model": result.model, "origin": a.origin, "origin_line": a.origin_line,
            "extra": a.extra, "text_key": a.text_key, "ingested_at": ingested_at,
        })
        mentions += [(m.article_id, m.entity, m.entity_type, m.text, m.start, m.end, m.sentence, m.origin,
                      m.country, m.weapon_type, m.latitude, m.longitude) for m in result.mentions]
        entities += entity_rows(result.mentions)
        events += [{k: v for k, v in asdict(e).items() if k in EVENTS.names} for e in result.events]
    tables = {
        "articles": pa.Table.from_pylist(articles, ARTICLES),
        "mentions": _columns(mentions, MENTIONS),
        "entities": _columns(entities, ENTITIES),
        "events": pa.Table.from_pylist(events, EVENTS),
        "article_words": word_table([(r.article.id, r.article.title, r.article.text) for r in results]),
    }
    counted = [(r.article.lang, r.model, r.tokens) for r in results]
    return BatchResult(tables, counted, sum(len(r.article.text) for r in results))


def _columns(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    if not rows:
        return schema.empty_table()
    return pa.Table.from_arrays([pa.array(c) for c in zip(*rows, strict=True)], schema=schema)


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
        for i in indices:
            results[i] = Processed(articles[i], name, 0, [], [])
        pieces = [(i, offset, piece) for i in indices for offset, piece in split_text(articles[i].text)]
        for group in _groups(pieces):
            docs = nlp.pipe(nlp_view(piece) for _, _, piece in group)
            for (i, offset, piece), doc in zip(group, docs, strict=True):
                article, result = articles[i], results[i]
                result.tokens += len(doc)
                result.mentions += doc_mentions(doc, article.id, piece, lookup, offset)
                result.events += extract_events(doc, article.id, piece, article.published, lang, lookup,
                                                article.source, offset)
    return [r for r in results if r is not None]


def _groups(pieces: list[tuple[int, int, str]], chars: int = GROUP_CHARS) -> Iterator[list[tuple[int, int, str]]]:
    """The pieces in runs of at most ``chars`` characters (or one longer piece): a batch of long
    articles is parsed a few pieces at a time, a batch of ordinary ones all at once."""
    group: list[tuple[int, int, str]] = []
    size = 0
    for piece in pieces:
        if group and size + len(piece[2]) > chars:
            yield group
            group, size = [], 0
        group.append(piece)
        size += len(piece[2])
    if group:
        yield group


def split_text(text: str, size: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) covering the text: one piece when it is short enough, else pieces of at most
    ``size`` characters cut after a paragraph, else a sentence, else a word."""
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((at + len(sep) for sep in ("\n", ". ", " ") if (at := window.rfind(sep, size // 2)) > 0), size)
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces
