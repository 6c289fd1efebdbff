"""A new user's first start: the bundled sample is processed once, with a progress bar."""

import os

import streamlit as st

from armswatch.settings import DATA_DIR, store_path
from armswatch.store import Store

SAMPLE = DATA_DIR / "sample" / "articles.jsonl"


def ensure_sample() -> None:
    """Ingest the bundled sample into an empty store — the default store only: a store chosen
    with ARMSWATCH_STORE is the analyst's own, and stays as they made it."""
    if os.environ.get("ARMSWATCH_STORE"):
        return
    store = Store(store_path())
    if store.snapshot().files.get("articles") or not SAMPLE.exists():
        return
    from armswatch.ingest import ingest  # loads spaCy models: only here, never to browse

    total = sum(1 for line in SAMPLE.open(encoding="utf-8") if line.strip())
    bar = st.progress(0.0, text=f"First start: processing the {total} bundled sample articles…")

    def advance(done: int) -> None:
        bar.progress(min(done / total, 1.0), text=f"First start: processed {done} of {total} sample articles")

    summary = ingest([str(SAMPLE)], store, on_article=advance)
    bar.empty()
    languages = ", ".join(f"{lang} {n}" for lang, n in summary.languages.most_common())
    st.toast(f"Sample ready: {summary.ingested} articles ({languages}).")
