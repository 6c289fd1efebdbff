"""Crash safety and concurrent use of the store: kill -9 mid-ingest, readers during publishing."""

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from armswatch.ingest import BATCH_SIZE
from armswatch.store import Store

FLUSH = 4 * BATCH_SIZE  # a publish at the end of every fourth batch
ARTICLES = 10 * FLUSH
INGEST = f"""
import sys
from armswatch.ingest import ingest
from armswatch.store import Store
print("ready", flush=True)  # imported: the ingest starts now
ingest([sys.argv[1]], Store(sys.argv[2]), flush_every={FLUSH})
"""


def write_corpus(path: Path, articles: int = ARTICLES, prefix: str = "a") -> Path:
    # German: stored without NLP, so an ingest is quick and publishes a snapshot every FLUSH articles
    with path.open("w", encoding="utf-8") as f:
        for n in range(articles):
            f.write(json.dumps({"id": f"{prefix}{n:05d}", "lang": "de", "published": "2024-01-01",
                                "text": f"Artikel {prefix}{n}: Nordkorea hat eine Rakete abgefeuert. " * 20}) + "\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "articles.jsonl")


def start(corpus: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", INGEST, str(corpus), str(store)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def state(store: Path) -> tuple[int, int]:
    """(articles, distinct ids) in the published snapshot."""
    con = Store(store).snapshot().connect()
    return con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()


def test_kill_9_at_random_points_never_corrupts_and_a_rerun_completes(corpus, tmp_path):
    rng = random.Random(20)
    seen = []
    for attempt in range(20):
        store = tmp_path / f"store{attempt}"
        process = start(corpus, store)
        process.stdout.readline()  # the kill lands in the ingest, however long the imports took
        time.sleep(rng.uniform(0.0, 0.6))  # the ingest itself takes about half a second
        process.send_signal(signal.SIGKILL)
        process.wait()
        total, distinct = state(store) if (store / "manifest.json").exists() else (0, 0)  # the store opens
        assert total == distinct, "no duplicate after a crash"
        assert total % FLUSH == 0 or total == ARTICLES, "only whole snapshots are ever visible"
        seen.append(total)
        rerun = start(corpus, store)
        assert rerun.wait(timeout=300) == 0
        assert state(store) == (ARTICLES, ARTICLES), "the rerun completes it, no duplicate, no loss"
        assert not [p for p in (store / "segments").glob("*/*.tmp")], "no half-written file is left"
    assert len(set(seen)) > 3, f"the kills should land at different points: {seen}"


def test_a_reader_sees_only_whole_snapshots_while_an_ingest_publishes(corpus, tmp_path):
    store = tmp_path / "store"
    process = start(corpus, store)
    counts, errors = [], []
    deadline = time.time() + 300
    while process.poll() is None and time.time() < deadline:
        try:
            if (store / "manifest.json").exists():
                counts.append(state(store)[0])
        except Exception as exc:  # any error a reader would see
            errors.append(repr(exc))
    assert process.wait(timeout=60) == 0
    counts.append(state(store)[0])
    assert errors == []
    assert counts == sorted(counts) and counts[-1] == ARTICLES
    assert all(c % FLUSH == 0 for c in counts), set(counts)
    assert len(set(counts)) > 2, "the reader should have seen several snapshots"


def test_two_ingests_started_at_once_one_is_refused_and_nothing_is_corrupted(tmp_path):
    # big enough that the winner holds the lock for seconds, far longer than the two start-ups differ
    many = 8 * ARTICLES
    inputs = [write_corpus(tmp_path / f"{prefix}.jsonl", many, prefix) for prefix in ("b", "c")]
    store = tmp_path / "store"

    def cli(path: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "armswatch", "ingest", str(path), "--store", str(store)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    runs = [cli(path) for path in inputs]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    assert sorted(code for code, _ in results) == [0, 2], results
    loser = [code for code, _ in results].index(2)
    assert f"[E302] store {store} is being written by another ingest" in results[loser][1]
    assert state(store) == (many, many), "the winner's articles, whole, once"
    assert cli(inputs[loser]).wait(timeout=300) == 0  # run again once the store is free
    assert state(store) == (2 * many, 2 * many)
