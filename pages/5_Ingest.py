"""Ingest: upload files in any format the command line reads; see them processed and their problems listed."""

from pathlib import Path

import streamlit as st

from armswatch.errors import ArmswatchError
from armswatch.settings import store_path
from armswatch.store import Store
from armswatch.ui.common import EARLIEST, LATEST
from armswatch.ui.layout import page_setup
from armswatch.uploads import count_records, problems_frame, save_uploads

SUFFIXES = ["jsonl", "ndjson", "json", "csv", "txt", "md", "html", "htm", "xml", "rss", "atom"]
SHOWN = 200

page_setup("Ingest", filters=False)
st.title("Ingest")
st.write("Upload articles (JSONL, JSON, CSV, text, Markdown, HTML, RSS/Atom). New articles are added to the store; "
         "duplicates are skipped; problems are listed with file, line and reason.")
uploads = st.file_uploader("Files", type=SUFFIXES, accept_multiple_files=True, key="ingest_files")
published = st.date_input("Date for articles that carry none (optional)", value=None, min_value=EARLIEST,
                          max_value=LATEST, format="YYYY-MM-DD", key="ingest_published")
if uploads and st.button("Ingest", type="primary"):
    from armswatch.ingest import ingest  # loads spaCy models: only when ingesting

    store = Store(store_path())
    paths = save_uploads(((upload.name, upload) for upload in uploads), store)
    total = count_records(paths)
    bar = st.progress(0.0, text="Processing…")
    try:
        summary = ingest([str(p) for p in paths], store, published=published.isoformat() if published else None,
                         on_article=lambda n: bar.progress(min(n / total, 1.0), text=f"Processed {n} articles"))
    except ArmswatchError as exc:  # another ingest holds the store (E302): the uploads are kept, try again
        st.error(f"{exc} The uploaded files are kept in {paths[0].parent}.")
        st.stop()
    finally:
        bar.empty()
    st.success(f"Read {summary.read}, ingested {summary.ingested}, skipped {summary.duplicates} duplicates, "
               f"rejected {summary.rejected}, warnings {summary.warned}.")
    st.caption(f"Uploaded files kept in {paths[0].parent}")
    if summary.problems:
        st.subheader("Problems")
        st.dataframe(problems_frame(summary.problems[:SHOWN]), hide_index=True)
        if (more := summary.rejected + summary.warned - SHOWN) > 0:
            st.caption(f"{more} more problems are not shown; every rejected record is in the rejects file.")
    if summary.rejects_file:
        rejects = Path(summary.rejects_file)
        st.download_button("Download rejected records (JSONL, fix and upload again)", rejects.read_bytes,
                           file_name=rejects.name, mime="application/jsonl", on_click="ignore")
