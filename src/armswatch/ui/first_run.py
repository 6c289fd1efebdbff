"""A new user's first start: the sample is processed into the empty store once per server.

The processing is a background job of the server (``armswatch.jobs``), not of the tab that
started it: every tab, page and reload shows the same live progress, and closing or reloading
a tab stops nothing. When the articles are in the store the page reruns, so that it and its
sidebar filters are drawn on the new snapshot.
"""

import os
import time

import streamlit as st

from armswatch.jobs import JobStatus, shared_job
from armswatch.settings import first_start_articles, store_path
from armswatch.store import Store
from armswatch.uploads import count_records

POLL_SECONDS = 0.25


def _show(status: JobStatus) -> None:
    st.caption("Processing the sample articles into the store: this happens once, and every open tab "
               "shows the same progress.")
    if status.state == "processing":
        st.progress(min(status.done / max(status.total, 1), 1.0),
                    text=f"First start: processed {status.done} of {status.total} sample articles…")
    else:
        st.progress(0.0, text=f"First start: loading language models… ({status.total} sample articles to process)")


def first_start() -> None:
    """On an empty store, process the first-start articles (see ``settings.first_start_articles``)
    and show the progress until they are in the store; otherwise return at once."""
    articles = first_start_articles()
    store = Store(store_path())
    if articles is None or store.snapshot().files.get("articles"):
        return
    if not articles.exists():
        st.warning(f"First start: {articles} does not exist, so the store stays empty. Set ARMSWATCH_SAMPLE to "
                   "a file or folder that `python -m armswatch ingest` reads, or to `none`.")
        return
    job = shared_job((str(articles),), store, count_records([articles]), workers=min(2, os.cpu_count() or 1))
    status = job.start()
    st.title("Arms Watch")
    slot = st.empty()
    while status.running:
        with slot.container():
            _show(status)
        time.sleep(POLL_SECONDS)
        status = job.status
    slot.empty()
    if status.state == "failed":
        st.error(f"First start: nothing was stored. {status.error}. Reload the page to try again.")
        st.stop()
    if store.snapshot().files.get("articles"):
        st.rerun()
