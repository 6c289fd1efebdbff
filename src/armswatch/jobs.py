"""Ingest runs in the background of a long-lived process (the dashboard's server).

A job belongs to the process, not to whoever asked for it: every browser tab that asks for the
same job gets the same one and reads the same progress, and a tab that reloads or closes stops
nothing. The ingest itself is ``python -m armswatch ingest --json-progress`` in a child process:
its language models load and its workers run beside the server, never in the server's own
threads, and never fork a process that runs a web server's threads. One job per (inputs,
store) runs at a time; a finished or failed one can run again.
"""

import json
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Literal

from armswatch.store import Store

State = Literal["idle", "loading", "processing", "done", "failed"]


@dataclass(frozen=True)
class JobStatus:
    """What a job is doing: ``loading`` (language models, before the first article), ``processing``
    (``done`` of ``total`` articles), ``done`` (``done`` articles stored), or ``failed`` with the reason
    (also when it ran but stored no article: an empty or broken file)."""

    state: State
    done: int = 0
    total: int = 0
    error: str = ""

    @property
    def running(self) -> bool:
        return self.state in ("loading", "processing")


class IngestJob:
    """``armswatch ingest INPUTS --store STORE`` in a child process, its progress read as it goes."""

    def __init__(self, inputs: tuple[str, ...], store: Store, total: int, workers: int = 1) -> None:
        self.inputs, self.store, self.total, self.workers = inputs, store, total, workers
        self._lock = threading.Lock()
        self._status = JobStatus("idle", total=total)

    @property
    def status(self) -> JobStatus:
        return self._status

    def start(self) -> JobStatus:
        """Start the job unless it is running (a finished or failed job runs again); returns its status."""
        with self._lock:
            if not self._status.running:
                self._status = JobStatus("loading", total=self.total)
                threading.Thread(target=self._run, name="armswatch-ingest-job", daemon=True).start()
            return self._status

    def command(self) -> list[str]:
        return [sys.executable, "-m", "armswatch", "ingest", *self.inputs, "--store", str(self.store.root),
                "--workers", str(self.workers), "--json-progress"]

    def _run(self) -> None:
        try:
            self._status = self._follow()
        except Exception as exc:  # whatever goes wrong, the job must not look as if it still runs
            self._status = JobStatus("failed", self._status.done, self.total, f"{type(exc).__name__}: {exc}")

    def _follow(self) -> JobStatus:
        """Run the child, publishing its progress as it goes; its final status."""
        try:
            child = subprocess.Popen(self.command(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except OSError as exc:
            return JobStatus("failed", total=self.total, error=str(exc))
        errors: list[str] = []
        reader = threading.Thread(target=lambda: errors.extend(child.stderr), daemon=True)  # never let it block
        reader.start()
        summary = None
        for line in child.stdout:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # something else printed to standard output: not progress
            if not isinstance(record, dict):
                continue
            if "processed" in record:
                self._status = JobStatus("processing", record["processed"], self.total)
            summary = record.get("summary", summary)
        code = child.wait()
        reader.join()
        if code == 0 and summary is not None and summary["ingested"]:
            return JobStatus("done", summary["ingested"], self.total)
        return JobStatus("failed", self._status.done, self.total, self._failure(summary, errors, code))

    def _failure(self, summary: dict | None, errors: list[str], code: int) -> str:
        """Why nothing was stored: the rejected records' reasons, else the child's last error line."""
        if summary is None:
            stopped = f"the ingest stopped without a summary (exit code {code})"
            last = next((e.strip() for e in reversed(errors) if e.strip()), stopped)
            return last.removeprefix("armswatch: ")
        reasons = "; ".join(summary.get("problems", [])[:3]) or (
            f"no article stored from {', '.join(self.inputs)} ({summary['read']} read, "
            f"{summary['duplicates']} duplicates)")
        rejects = summary.get("rejects_file")
        return reasons + (f" (rejected records in {rejects})" if rejects else "")


_JOBS: dict[tuple[tuple[str, ...], str], IngestJob] = {}
_JOBS_LOCK = threading.Lock()


def shared_job(inputs: tuple[str, ...], store: Store, total: int, workers: int = 1) -> IngestJob:
    """The process's one job for these inputs and this store (made on first request)."""
    key = (inputs, str(store.root.resolve()))
    with _JOBS_LOCK:
        if key not in _JOBS:
            _JOBS[key] = IngestJob(inputs, store, total, workers)
        return _JOBS[key]
