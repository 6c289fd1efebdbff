"""Ingest: upload files in any format the command line reads; see them processed."""

import tempfile
from pathlib import Path

import streamlit as st

from armswatch.settings import store_path
from armswatch.store import Store
from armswatch.ui.common import sidebar_filters

SUFFIXES = ["jsonl", "ndjson", "csv", "txt", "md", "html", "htm", "xml", "rss", "atom"]


def expected_articles(paths: list[str]) -> int:
    """A rough count for the progress bar: lines of JSONL/CSV files, one per other file."""
    total = 0
    for path in map(Path, paths):
        if path.suffix.lower() in {".jsonl", ".ndjson", ".csv"}:
            with path.open("rb") as f:
                total += sum(1 for line in f if line.strip())
        else:
            total += 1
    return max(total, 1)

st.set_page_config(page_title="Ingest · Arms Watch", layout="wide")
st.title("Ingest")
sidebar_filters()
st.write("Upload articles (JSONL, CSV, text, Markdown, HTML, RSS/Atom). New articles are added to the store; "
         "duplicates are skipped; problems are listed with file, line and reason.")
uploads = st.file_uploader("Files", type=SUFFIXES, accept_multiple_files=True, key="ingest_files")
published = st.date_input("Date for articles that carry none (optional)", value=None, key="ingest_published")
if uploads and st.button("Ingest", type="primary"):
    from armswatch.ingest import ingest  # loads spaCy models: only when ingesting

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for upload in uploads:
            # the upload's own name, without any folder part: nothing is written outside this folder
            target = Path(folder) / (Path(upload.name).name or "upload")
            target.write_bytes(upload.getvalue())
            paths.append(str(target))
        total = expected_articles(paths)
        bar = st.progress(0.0, text="Processing…")
        summary = ingest(paths, Store(store_path()), published=published.isoformat() if published else None,
                         on_article=lambda n: bar.progress(min(n / total, 1.0), text=f"Processed {n} articles"))
        bar.empty()
    st.success(f"Read {summary.read}, ingested {summary.ingested}, skipped {summary.duplicates} duplicates, "
               f"rejected {len(summary.rejected)}.")
    for problem in summary.problems:
        where = Path(problem.origin).name + (f":{problem.line}" if problem.line else "")
        (st.error if problem.severity == "rejected" else st.warning)(f"{where}: {problem.reason}")
