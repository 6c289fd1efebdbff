"""Ingest: read inputs, skip duplicates, run NLP (optionally in worker processes), append to the store.

The store is appended to every ``flush_every`` articles, so a long run publishes snapshots as
it goes and the dashboard sees them; a run stopped half way keeps what it had published, and
rerunning the same input completes it without duplicates.
"""

import json
import multiprocessing
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa

from armswatch.errors import message
from armswatch.mentions import entity_rows
from armswatch.process import Processed, process_batch
from armswatch.readers import read_inputs
from armswatch.records import Article, Problem
from armswatch.schema import ARTICLES, ENTITIES, EVENTS, MENTIONS
from armswatch.store import Store

BATCH_SIZE = 32
FLUSH_EVERY = 2000


@dataclass
class IngestSummary:
    read: int = 0
    ingested: int = 0
    duplicates: int = 0
    tokens: int = 0
    languages: Counter = field(default_factory=Counter)
    no_pipeline: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    rejects_file: Path | None = None

    @property
    def rejected(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "rejected"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def render(self) -> str:
        langs = ", ".join(f"{lang or '?'} {n}" for lang, n in self.languages.most_common())
        lines = [
            f"read: {self.read}",
            f"ingested: {self.ingested}" + (f" ({langs})" if langs else ""),
            f"skipped as duplicates: {self.duplicates}",
            f"rejected: {len(self.rejected)}",
        ]
        if self.no_pipeline:
            other = ", ".join(f"{lang} {n}" for lang, n in self.no_pipeline.most_common())
            lines.append(f"stored without entities (no pipeline for the language): {other}")
        lines += [f"  rejected {p}" for p in self.rejected]
        lines += [f"  warning {p}" for p in self.warnings]
        if self.rejects_file:
            lines.append(f"rejected records written to {self.rejects_file} (fix them there and ingest that file)")
        return "\n".join(lines)


def write_rejects(problems: list[Problem], path: Path) -> Path:
    """The rejected records as JSON Lines, each with where and why it was rejected, ready to fix and re-ingest."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for problem in problems:
            where = {"_origin": problem.origin, "_line": problem.line, "_reason": problem.reason}
            row = where | (problem.record or {})
            f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    return path


class _Dedup:
    """Which articles are new, given the store and what this run has already taken."""

    def __init__(self, store: Store) -> None:
        con = store.snapshot().connect()
        self.ids = dict(con.execute("SELECT id, text_key FROM articles").fetchall())
        self.keys = set(self.ids.values())

    def check(self, article: Article) -> str:
        """``new``, ``duplicate`` or ``conflict`` (same id, different text)."""
        known = self.ids.get(article.id)
        if known is not None:
            return "duplicate" if known == article.text_key else "conflict"
        if article.text_key in self.keys:
            return "duplicate"
        self.ids[article.id] = article.text_key
        self.keys.add(article.text_key)
        return "new"


def _batches(items: Iterable[Article | Problem], dedup: _Dedup, summary: IngestSummary,
             size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        if isinstance(item, Problem):
            summary.problems.append(item)
            continue
        summary.read += 1
        verdict = dedup.check(item)
        if verdict == "duplicate":
            summary.duplicates += 1
        elif verdict == "conflict":
            summary.problems.append(Problem(item.origin, item.origin_line, message("E109", id=item.id),
                                            record={"id": item.id, "title": item.title, "text": item.text}))
        else:
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


class _Buffer:
    """Rows waiting to be appended to the store."""

    def __init__(self) -> None:
        self.articles: list[dict] = []
        self.mentions: list[tuple] = []
        self.entities: list[tuple] = []
        self.events: list[dict] = []

    def add(self, result: Processed, now: datetime) -> None:
        a = result.article
        self.articles.append({
            "id": a.id, "title": a.title, "published": date.fromisoformat(a.published) if a.published else None,
            "source": a.source, "url": a.url, "lang": a.lang, "text": a.text, "published_from": a.published_from,
            "lang_from": a.lang_from, "model": result.model, "origin": a.origin, "origin_line": a.origin_line,
            "extra": a.extra, "text_key": a.text_key, "ingested_at": now,
        })
        self.mentions += [(m.article_id, m.entity, m.entity_type, m.text, m.start, m.end, m.sentence, m.origin,
                           m.country, m.weapon_type, m.latitude, m.longitude) for m in result.mentions]
        self.entities += entity_rows(result.mentions)
        self.events += [{k: v for k, v in asdict(e).items() if k in EVENTS.names} for e in result.events]

    def tables(self) -> dict[str, pa.Table]:
        tables = {
            "articles": pa.Table.from_pylist(self.articles, ARTICLES),
            "mentions": pa.Table.from_arrays([pa.array(c) for c in zip(*self.mentions, strict=True)],
                                             schema=MENTIONS) if self.mentions else MENTIONS.empty_table(),
            "entities": pa.Table.from_arrays([pa.array(c) for c in zip(*self.entities, strict=True)],
                                             schema=ENTITIES) if self.entities else ENTITIES.empty_table(),
            "events": pa.Table.from_pylist(self.events, EVENTS),
        }
        return tables


def _results(batches: Iterator[list[Article]], workers: int, gazetteer_dir: str | None) -> Iterator[Processed]:
    if workers <= 1:
        for batch in batches:
            yield from process_batch(batch, gazetteer_dir)
        return
    # fork: workers start at once and load each model once, on first use
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(pool.submit(process_batch, batch, gazetteer_dir))
            if len(pending) >= workers * 3:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def ingest(inputs: Iterable[str], store: Store, *, workers: int = 1, published: str | None = None,
           gazetteer_dir: str | None = None, progress: bool = False, flush_every: int = FLUSH_EVERY,
           on_article: Callable[[int], None] | None = None, rejects: Path | None = None) -> IngestSummary:
    """Read every input and append the new articles, mentions, entities and events to the store.

    ``progress`` shows a progress bar on standard error; ``on_article(n)`` is called after each
    article with the number processed so far (the dashboard's progress bar). Rejected records
    are written to ``rejects`` (default: ``rejects/<time>.jsonl`` in the store).
    """
    from tqdm import tqdm

    summary = IngestSummary()
    with store.writer() as writer:
        batches = _batches(read_inputs(inputs, published), _Dedup(store), summary, BATCH_SIZE)
        buffer = _Buffer()
        now = datetime.now(UTC).replace(microsecond=0)
        with tqdm(desc="ingest", unit=" articles", disable=not progress, leave=False) as bar:
            for result in _results(batches, workers, gazetteer_dir):
                buffer.add(result, now)
                summary.ingested += 1
                summary.tokens += result.tokens
                summary.languages[result.article.lang] += 1
                if not result.model:
                    summary.no_pipeline[result.article.lang] += 1
                bar.update()
                if on_article:
                    on_article(summary.ingested)
                if len(buffer.articles) >= flush_every:
                    writer.append(buffer.tables())
                    buffer = _Buffer()
            if buffer.articles:
                writer.append(buffer.tables())
    if summary.rejected:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        summary.rejects_file = write_rejects(summary.rejected, rejects or store.root / "rejects" / f"{stamp}.jsonl")
    return summary
