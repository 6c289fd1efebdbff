"""Background ingest jobs: one per inputs and store, whoever asks; progress; a busy store is a message."""

import sys
import time
from pathlib import Path

import pytest

from armswatch.jobs import IngestJob, JobStatus, shared_job
from armswatch.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "annotated.jsonl"


@pytest.fixture(autouse=True)
def blank_models_in_children(monkeypatch: pytest.MonkeyPatch) -> None:
    """The job's ingest runs in a child process: blank pipelines through the environment it inherits."""
    monkeypatch.setenv("ARMSWATCH_MODEL_EN", "blank")
    monkeypatch.setenv("ARMSWATCH_MODEL_FR", "blank")


def wait(job: IngestJob, timeout: float = 120) -> list[JobStatus]:
    """Every distinct status the job goes through until it stops running."""
    seen = [job.status]
    deadline = time.monotonic() + timeout
    while job.status.running and time.monotonic() < deadline:
        if job.status != seen[-1]:
            seen.append(job.status)
        time.sleep(0.01)
    if job.status != seen[-1]:
        seen.append(job.status)
    return seen


def test_a_job_loads_then_processes_then_is_done(tmp_path):
    store = Store(tmp_path / "store")
    job = IngestJob((str(FIXTURE),), store, total=6)
    assert job.status.state == "idle"
    assert job.start().state == "loading"
    seen = wait(job)
    assert seen[0] == JobStatus("loading", 0, 6)
    assert seen[-1] == JobStatus("done", 6, 6)
    assert all(s.state == "processing" and 1 <= s.done <= 6 for s in seen[1:-1])
    assert store.snapshot().count("articles") == 6


def test_asking_again_while_it_runs_starts_nothing_more(tmp_path):
    store = Store(tmp_path / "store")
    first = shared_job((str(FIXTURE),), store, total=6)
    first.start()
    again = shared_job((str(FIXTURE),), Store(tmp_path / "store"), total=6)  # another tab, the same store
    assert again is first
    assert again.start().running
    assert wait(first)[-1].state == "done"
    snapshot = store.snapshot()  # one ingest ran: its rows, then its first screens (views), published once each
    assert (snapshot.version, len(snapshot.files["articles"]), snapshot.count("articles")) == (2, 1, 6)
    assert shared_job((str(FIXTURE),), Store(tmp_path / "other"), total=6) is not first


def test_a_busy_store_fails_the_job_with_its_message_and_it_can_run_again(tmp_path):
    store = Store(tmp_path / "store")
    job = IngestJob((str(FIXTURE),), store, total=6)
    with store.writer():  # another ingest holds the store
        job.start()
        status = wait(job)[-1]
    assert status.state == "failed" and status.error.startswith("[E302] store ")
    job.start()
    assert wait(job)[-1].state == "done"
    assert store.snapshot().count("articles") == 6


def test_a_file_with_no_storable_article_fails_the_job_with_the_reasons(tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('not json\n{"id": "a"\n')
    job = IngestJob((str(broken),), Store(tmp_path / "store"), total=2)
    job.start()
    status = wait(job)[-1]
    assert status.state == "failed"
    assert "broken.jsonl:1: [E103] invalid JSON" in status.error and "broken.jsonl:2: [E103]" in status.error
    assert "rejected records in " in status.error
    assert not Store(tmp_path / "store").snapshot().files.get("articles")


class NoisyJob(IngestJob):
    """A child that prints things other than progress on standard output, then stops."""

    def command(self) -> list[str]:
        return [sys.executable, "-c", "print('{not json'); print('[1, 2]'); print('plain text')"]


def test_output_that_is_not_progress_neither_stops_the_job_nor_leaves_it_running(tmp_path):
    job = NoisyJob((), Store(tmp_path / "store"), total=1)
    job.start()
    status = wait(job, timeout=30)[-1]
    assert status.state == "failed" and status.error == "the ingest stopped without a summary (exit code 0)"
