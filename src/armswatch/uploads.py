"""Files uploaded on the Ingest page: kept in the store under a safe name, counted, their problems tabulated.

An upload's name comes from the browser and is not trusted: only a plain file name is kept
(no folder part, no ``..``, no control characters), so an upload can never be written outside
``<store>/uploads/``. The files are kept there, so every problem and every rejected record
points to a file the analyst can open, fix and ingest again.
"""

import re
import shutil
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from armswatch.records import Problem
from armswatch.store import Store

UPLOADS = "uploads"
MAX_NAME = 120
_UNSAFE = re.compile(r"[^\w.\- ()\[\]+,@']")  # anything else, e.g. <>:"|?* and controls, becomes _


def safe_name(name: str) -> str:
    """A plain file name from an untrusted one: the last path part (either slash), harmless characters only,
    no leading dot, at most MAX_NAME characters, suffix kept."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    stem, dot, suffix = _UNSAFE.sub("_", base).rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    suffix = suffix.strip(" ")[:10]
    stem = stem[:MAX_NAME - len(suffix) - 1].strip(" .")
    return f"{stem or 'upload'}.{suffix}" if suffix else (stem or "upload")


def save_uploads(files: Iterable[tuple[str, BinaryIO]], store: Store) -> list[Path]:
    """Write (name, content) uploads to a new folder ``<store>/uploads/<UTC time>/``; the paths written."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = (store.root / UPLOADS / stamp).resolve()
    folder.mkdir(parents=True, exist_ok=False)
    paths = []
    for name, content in files:
        target = folder / safe_name(name)
        number = 1
        while target.exists():  # two uploads with the same name: keep both
            number += 1
            target = folder / f"{Path(target.name).stem.rsplit(' (', 1)[0]} ({number}){target.suffix}"
        if target.resolve().parent != folder:  # safe_name makes this impossible; never write if it were not
            raise ValueError(f"upload name {name!r} leaves the uploads folder")
        with target.open("xb") as out:
            shutil.copyfileobj(content, out)
        paths.append(target)
    return paths


def count_records(paths: Iterable[Path]) -> int:
    """About how many articles the files hold, for a progress bar: non-blank lines of JSONL and CSV files
    (a CSV header counts as one), one per other file."""
    total = 0
    for path in paths:
        if path.suffix.lower() in {".jsonl", ".ndjson", ".csv"}:
            with path.open("rb") as f:
                total += sum(1 for line in f if line.strip())
        else:
            total += 1
    return max(total, 1)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table: file name, line (0: the whole file), severity, code and reason."""
    rows = []
    for problem in problems:
        code, _, reason = problem.reason.partition("] ")
        rows.append({"file": Path(problem.origin).name or problem.origin, "line": problem.line,
                     "severity": problem.severity, "code": code.lstrip("["), "reason": reason or problem.reason})
    return pd.DataFrame(rows, columns=["file", "line", "severity", "code", "reason"])
