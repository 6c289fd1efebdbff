"""Ingest on a Dask cluster: the same rows as a local ingest, and a worker killed mid-run costs nothing."""

import csv
import io
import json
import os
import signal
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

import armswatch.cluster
from armswatch.errors import ArmswatchError
from armswatch.export import EXPORTS, export_csv
from armswatch.ingest import ingest
from armswatch.store import Store

ARTICLES = 400  # 13 batches: more than the cluster takes in flight at once


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for n in range(ARTICLES):
            if n % 2:
                text = (f"Dépêche {n} : la Corée du Nord a tiré le {1 + n % 27} mars 2024 un missile balistique "
                        "Hwasong-18 depuis Sohae, selon l'état-major sud-coréen.")
                lang = "fr"
            else:
                text = (f"Report {n}: North Korea fired a Hwasong-18 ICBM from Pyongyang on March {1 + n % 27}, "
                        "2024, South Korea's Joint Chiefs of Staff said. Russia received artillery shells.")
                lang = "en"
            f.write(json.dumps({"id": f"c{n:04d}", "text": text, "lang": lang, "published": "2024-03-28",
                                "source": "wire"}) + "\n")
    return path


def exports(store: Store) -> dict[str, list[dict]]:
    """Every export of the store, without the ingest time."""
    tables = {}
    for table in EXPORTS:
        out = io.StringIO()
        export_csv(store, table, out, raw=True)
        out.seek(0)
        tables[table] = [{k: v for k, v in row.items() if k != "ingested_at"} for row in csv.DictReader(out)]
    return tables


@pytest.fixture(scope="module")
def local_rows(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    store = Store(tmp_path_factory.mktemp("local"))
    summary = ingest([str(corpus)], store, flush_every=100)
    assert summary.ingested == ARTICLES
    rows = exports(store)
    assert len(rows["mentions"]) > ARTICLES and len(rows["events"]) > ARTICLES // 2  # the NLP ran
    return rows


def test_local_cluster_gives_exactly_the_rows_of_a_local_ingest(corpus: Path, tmp_path: Path,
                                                                local_rows: dict[str, list[dict]]) -> None:
    store = Store(tmp_path / "store")
    summary = ingest([str(corpus)], store, dask="local:2", flush_every=100)
    assert (summary.read, summary.ingested, summary.duplicates) == (ARTICLES, ARTICLES, 0)
    assert summary.languages == {"en": ARTICLES // 2, "fr": ARTICLES // 2}
    assert exports(store) == local_rows
    again = ingest([str(corpus)], store, dask="local:2")  # de-duplication as in a local ingest
    assert (again.ingested, again.duplicates) == (0, ARTICLES)


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(corpus: Path, tmp_path: Path,
                                                           local_rows: dict[str, list[dict]]) -> None:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        pids = client.run(os.getpid)  # worker address -> process id
        killed = []

        def kill_a_worker(done: int) -> None:
            if not killed:  # after the first batch came back, with batches in flight on both workers
                victim = sorted(pids)[0]
                assert client.processing()[victim], "the worker to kill holds no batch"
                os.kill(pids[victim], signal.SIGKILL)
                killed.append(victim)

        store = Store(tmp_path / "store")
        summary = ingest([str(corpus)], store, dask=cluster.scheduler_address, flush_every=100,
                         on_article=kill_a_worker)
        assert killed and killed[0] not in client.run(os.getpid)  # it died, and another worker took its place
    assert summary.ingested == ARTICLES
    assert exports(store) == local_rows


@pytest.mark.parametrize("address", ["local:0", "local:two", "nowhere"])
def test_an_address_that_is_not_one_is_refused(address: str) -> None:
    with pytest.raises(ArmswatchError, match="E308"):
        armswatch.cluster.parse_address(address)


def test_no_scheduler_at_the_address_says_so(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(armswatch.cluster, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ArmswatchError, match=r"E309.*tcp://127\.0\.0\.1:9"):
        ingest([str(corpus)], Store(tmp_path / "store"), dask="tcp://127.0.0.1:9")
    assert Store(tmp_path / "store").snapshot().count("articles") == 0
