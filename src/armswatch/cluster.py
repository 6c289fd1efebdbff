"""Ingest's NLP on a Dask cluster (``dask.distributed``): ``--dask local:N`` or a scheduler's address.

A worker plugin loads the language pipelines once per worker (also on a worker that replaces a dead
one); batches travel as plain records and come back as Arrow tables. The scheduler holds each batch
until its result is received: a worker that dies mid-batch costs that batch a retry on another
worker, and the single writer appends every result exactly once, in the order of the batches.
"""

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import datetime

from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from armswatch.errors import ArmswatchError
from armswatch.executors import AHEAD
from armswatch.process import BatchResult, process_records
from armswatch.records import Article

LOCAL_PREFIX = "local:"
CONNECT_TIMEOUT = "30s"  # a scheduler that is starting may take a few seconds to answer


class Pipelines(WorkerPlugin):
    """Loads every language pipeline when a worker starts, so that no batch waits for a model."""

    name = "armswatch-pipelines"

    def __init__(self, gazetteer_dir: str | None) -> None:
        self.gazetteer_dir = gazetteer_dir

    def setup(self, worker: object) -> None:
        from armswatch.langid import SUPPORTED
        from armswatch.nlp.pipeline import get_pipeline

        for lang in sorted(SUPPORTED):
            get_pipeline(lang, self.gazetteer_dir)


def parse_address(address: str) -> tuple[int, str]:
    """``local:N`` → (N, ""); a scheduler's address (``tcp://host:8786``) → (0, address)."""
    if address.startswith(LOCAL_PREFIX):
        count = address.removeprefix(LOCAL_PREFIX)
        if not count.isdigit() or int(count) < 1:
            raise ArmswatchError("E308", address=address)
        return int(count), ""
    if "://" not in address and ":" not in address:
        raise ArmswatchError("E308", address=address)
    return 0, address


def dask_results(batches: Iterable[list[Article]], gazetteer_dir: str | None, now: datetime,
                 address: str) -> Iterator[BatchResult]:
    """On a ``LocalCluster`` of N worker processes (``local:N``) or the scheduler at ``address``."""
    workers, scheduler = parse_address(address)
    cluster = None
    if workers:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    try:
        with Client(cluster or scheduler, timeout=CONNECT_TIMEOUT) as client:
            client.register_plugin(Pipelines(gazetteer_dir))
            slots = max(1, sum(client.nthreads().values()))
            pending: deque = deque()
            for batch in batches:
                pending.append(client.submit(process_records, [asdict(a) for a in batch], gazetteer_dir, now,
                                             pure=False))
                if len(pending) >= slots * AHEAD:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    except OSError as exc:  # no scheduler at that address, or it went away
        raise ArmswatchError("E309", address=address, detail=exc) from exc
    finally:
        if cluster is not None:
            cluster.close()
