"""Where the NLP of an ingest runs: in the ingest's own process, in forked worker processes, or on a
Dask cluster (``cluster``). Each executor takes the batches of new articles and gives back their
``BatchResult`` in the order the batches came, so that the single writer in ``ingest`` publishes the
same rows whichever ran them.
"""

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime

from armswatch.process import BatchResult, process_articles
from armswatch.records import Article

AHEAD = 3  # batches in flight per worker: enough to keep every worker busy, few enough to bound memory


def local(batches: Iterable[list[Article]], gazetteer_dir: str | None, now: datetime) -> Iterator[BatchResult]:
    for batch in batches:
        yield process_articles(batch, gazetteer_dir, now)


def processes(batches: Iterable[list[Article]], gazetteer_dir: str | None, now: datetime,
              workers: int) -> Iterator[BatchResult]:
    # fork: workers start at once and load each model once, on first use
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(pool.submit(process_articles, batch, gazetteer_dir, now))
            if len(pending) >= workers * AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def run(batches: Iterable[list[Article]], gazetteer_dir: str | None, now: datetime, *, workers: int = 1,
        dask_address: str | None = None) -> Iterator[BatchResult]:
    """The batches' results, in order, from the executor the options name."""
    if dask_address:
        from armswatch.cluster import dask_results  # only a cluster run needs dask.distributed installed

        return dask_results(batches, gazetteer_dir, now, dask_address)
    if workers > 1:
        return processes(batches, gazetteer_dir, now, workers)
    return local(batches, gazetteer_dir, now)
