"""Ingest: read inputs, skip duplicates, run NLP (``executors``: here, in worker processes or on a Dask
cluster), append to the store.

The store is appended to at the end of every batch that brings the new rows to ``flush_every``
articles, so a long run publishes snapshots as it goes and the dashboard sees them; a run stopped
half way keeps what it had published, and rerunning the same input completes it without duplicates.
"""

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import pyarrow as pa

from armswatch import executors, views
from armswatch.errors import message
from armswatch.gazetteer import with_user
from armswatch.incidents import COLUMNS as INCIDENT_COLUMNS
from armswatch.incidents import incident_links
from armswatch.process import BatchResult
from armswatch.readers import read_inputs
from armswatch.records import Article, Problem
from armswatch.store import Snapshot, Store

BATCH_SIZE = 32
FLUSH_EVERY = 2000
FLUSH_CHARS = 64_000_000
VIEWS_EVERY = 10  # publishes between two computations of the dashboard's first screens in a long run
MAX_LISTED = 1000  # problems kept for display; every rejected record is in the rejects file


@dataclass
class IngestSummary:
    read: int = 0
    ingested: int = 0
    duplicates: int = 0
    tokens: int = 0
    languages: Counter = field(default_factory=Counter)
    no_pipeline: Counter = field(default_factory=Counter)
    rejected: int = 0
    warned: int = 0
    problems: list[Problem] = field(default_factory=list)  # the first MAX_LISTED, without their records
    rejects_file: Path | None = None
    relinked: int = 0  # stored and new reports whose incident was decided again (the rest kept their links)

    def render(self) -> str:
        langs = ", ".join(f"{lang or '?'} {n}" for lang, n in self.languages.most_common())
        lines = [
            f"read: {self.read}",
            f"ingested: {self.ingested}" + (f" ({langs})" if langs else ""),
            f"skipped as duplicates: {self.duplicates}",
            f"rejected: {self.rejected}",
            f"incidents decided again near the new events: {self.relinked} reports",
        ]
        if self.no_pipeline:
            other = ", ".join(f"{lang} {n}" for lang, n in self.no_pipeline.most_common())
            lines.append(f"stored without entities (no pipeline for the language): {other}")
        lines += [f"  {p.severity} {p}" for p in self.problems]
        if (unlisted := self.rejected + self.warned - len(self.problems)) > 0:
            lines.append(f"  ... and {unlisted} more problems, not listed")
        if self.rejects_file:
            lines.append(f"rejected records written to {self.rejects_file} (fix them there and ingest that file)")
        return "\n".join(lines)


class _Problems:
    """Counts problems, keeps the first ones for display and writes each rejected record, as it
    comes, to a JSON Lines file the analyst can fix and ingest again: memory stays bounded
    however many records are rejected."""

    def __init__(self, summary: IngestSummary, rejects: Path) -> None:
        self.summary, self.path = summary, rejects
        self.file: TextIO | None = None

    def __call__(self, problem: Problem) -> None:
        if problem.severity == "rejected":
            self.summary.rejected += 1
            self._write(problem)
        else:
            self.summary.warned += 1
        if len(self.summary.problems) < MAX_LISTED:
            self.summary.problems.append(replace(problem, record=None))

    def _write(self, problem: Problem) -> None:
        if self.file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.file = self.path.open("w", encoding="utf-8")
            self.summary.rejects_file = self.path
        where = {"_origin": problem.origin, "_line": problem.line, "_reason": problem.reason}
        try:
            row = json.dumps(where | (problem.record or {}), ensure_ascii=False, default=str)
        except RecursionError:  # a record nested too deeply to write back: where and why are enough to find it
            row = json.dumps(where)
        self.file.write(row + "\n")

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


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
             report: Callable[[Problem], None], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        if isinstance(item, Problem):
            report(item)
            continue
        summary.read += 1
        verdict = dedup.check(item)
        if verdict == "duplicate":
            summary.duplicates += 1
        elif verdict == "conflict":
            report(Problem(item.origin, item.origin_line, message("E109", id=item.id),
                           record={"id": item.id, "title": item.title, "text": item.text}))
        else:
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


class _Buffer:
    """Batches of rows waiting to be appended to the store."""

    def __init__(self) -> None:
        self.batches: list[dict[str, pa.Table]] = []
        self.articles = 0
        self.chars = 0

    def add(self, result: BatchResult) -> None:
        self.batches.append(result.tables)
        self.articles += len(result.counted)
        self.chars += result.chars

    def tables(self) -> dict[str, pa.Table]:
        return {table: pa.concat_tables([batch[table] for batch in self.batches]).combine_chunks()
                for table in self.batches[0]}


def _with_incidents(snapshot: Snapshot, tables: dict[str, pa.Table], summary: IngestSummary) -> dict[str, pa.Table]:
    """The new rows, and the incident links of all the events, stored and new (published together).

    The stored links come along: only the incidents near the new events are decided again.
    """
    if tables["events"].num_rows == 0:
        return tables
    columns = ", ".join(f"e.{name}" for name in INCIDENT_COLUMNS)
    # the stored rows and links, not as corrected: the corrections apply on top of the links, so
    # that undoing one (a merge of incidents) gives back what the incident stage decided
    stored = snapshot.connect(corrected=False).sql(f"SELECT {columns}, l.incident_id FROM events e "
                                                   "LEFT JOIN event_incidents l USING (event_id)").to_arrow_table()
    new = tables["events"].select(list(INCIDENT_COLUMNS))
    new = new.append_column("incident_id", pa.nulls(new.num_rows, pa.string()))
    links, relinked = incident_links(pa.concat_tables([stored, new]))
    summary.relinked += relinked
    return {**tables, "event_incidents": links}


def ingest(inputs: Iterable[str], store: Store, *, workers: int = 1, dask: str | None = None,
           published: str | None = None, gazetteer_dir: str | None = None, progress: bool = False,
           flush_every: int = FLUSH_EVERY, on_article: Callable[[int], None] | None = None,
           rejects: Path | None = None) -> IngestSummary:
    """Read every input and append the new articles, mentions, entities and events to the store.

    The NLP runs here, in ``workers`` forked processes, or on the Dask cluster at ``dask``
    (``local:N`` or a scheduler's address): the rows are the same. ``progress`` shows a progress bar
    on standard error; ``on_article(n)`` is called after each batch with the number of articles
    processed so far (the dashboard's progress bar). Rejected records are written to ``rejects``
    (default: ``rejects/<time>.jsonl`` in the store).
    """
    return ingest_items(read_inputs(inputs, published), store, workers=workers, dask=dask, gazetteer_dir=gazetteer_dir,
                        progress=progress, flush_every=flush_every, on_article=on_article, rejects=rejects)


def ingest_items(items: Iterable[Article | Problem], store: Store, *, workers: int = 1, dask: str | None = None,
                 gazetteer_dir: str | None = None, progress: bool = False, flush_every: int = FLUSH_EVERY,
                 on_article: Callable[[int], None] | None = None, rejects: Path | None = None) -> IngestSummary:
    """``ingest``, for articles and problems already read (``read_inputs`` yields them; the watch of
    ``armswatch.watch`` gives the new entries of a feed): the items are taken as they come, under the
    store's write lock. The gazetteer is ``gazetteer_dir`` (the shipped one when None) with the
    store's own lines (the corrections analysts promoted) added."""
    from tqdm import tqdm

    gazetteer_dir = with_user(gazetteer_dir, store.root)
    summary = IngestSummary()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    with store.writer() as writer:
        report = _Problems(summary, rejects or store.root / "rejects" / f"{stamp}.jsonl")
        try:
            batches = _batches(items, _Dedup(store), summary, report, BATCH_SIZE)
            buffer = _Buffer()
            flushes = 0
            now = datetime.now(UTC).replace(microsecond=0)
            results = executors.run(batches, gazetteer_dir, now, workers=workers, dask_address=dask)
            with tqdm(desc="ingest", unit=" articles", disable=not progress, leave=False) as bar:
                for result in results:
                    buffer.add(result)
                    for lang, model, tokens in result.counted:
                        summary.tokens += tokens
                        summary.languages[lang] += 1
                        if not model:
                            summary.no_pipeline[lang] += 1
                    summary.ingested += len(result.counted)
                    bar.update(len(result.counted))
                    if on_article:
                        on_article(summary.ingested)
                    # by count, and by size so that long articles do not pile up in memory
                    if buffer.articles >= flush_every or buffer.chars >= FLUSH_CHARS:
                        writer.append(_with_incidents(writer.snapshot, buffer.tables(), summary))
                        buffer = _Buffer()
                        flushes += 1
                        if flushes % VIEWS_EVERY == 0:  # a long run's snapshots keep fast first screens
                            views.publish(writer)
                if buffer.articles:
                    writer.append(_with_incidents(writer.snapshot, buffer.tables(), summary))
            # small segments merged as they pile up (store.compact): a store of many ingests stays a few files
            writer.compact()
            # the pages on the default filters (unless published with the last rows) and on one filter's values
            views.publish(writer, filtered=True)
        finally:
            report.close()
    return summary
