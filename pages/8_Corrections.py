"""Corrections: the log of what analysts corrected, filterable, with CSV; undo an entry; share the log."""

import streamlit as st

from armswatch import correct
from armswatch.errors import ArmswatchError
from armswatch.settings import store_path
from armswatch.store import Store
from armswatch.ui.common import as_text, download
from armswatch.ui.correcting import DONE, user
from armswatch.ui.layout import page_setup

READING = ["status", "target", "entity_type", "key", "action", "before", "after", "note", "made_by", "made_at",
           "correction_id", "undoes"]
COLUMNS = {"entity_type": st.column_config.TextColumn("type", width=90),
           "key": st.column_config.TextColumn("name or id", width=150),
           "before": st.column_config.TextColumn("before", width=200),
           "after": st.column_config.TextColumn("after", width=160),
           "note": st.column_config.TextColumn("note", width=200)}

page_setup("Corrections", filters=False)
st.title("Corrections")
store = Store(store_path())
entries = correct.log(store)
st.caption("Every correction analysts made, newest first. Each applies to every page, count, chart and export, "
           "and to the articles ingested later. An undo is an entry too: nothing is ever deleted.")
if entries.empty:
    st.info("No corrections yet. Correct an entity on the **Entities** page, an event on the **Timeline**, "
            "**Articles** or **Incidents** page, an incident on the **Incidents** page, or with "
            "`python -m armswatch correct`.")
else:
    left, middle, right = st.columns(3)
    targets = left.multiselect("What", sorted(entries.target.unique()), key="corrections_target")
    statuses = middle.multiselect("Status", ["active", "replaced", "undone", "undo"], key="corrections_status")
    authors = right.multiselect("Who", sorted(entries.made_by.unique()), key="corrections_who")
    shown = entries
    for column, chosen in (("target", targets), ("status", statuses), ("made_by", authors)):
        shown = shown[shown[column].isin(chosen)] if chosen else shown
    # what changed, from what to what and why first; who, when and the ids after
    st.dataframe(shown[READING], hide_index=True, width="stretch", column_config=COLUMNS)
    download(shown, "corrections")

    undoable = entries[entries.status.isin(["active", "replaced"])]
    if not undoable.empty:
        st.subheader("Undo")
        labels = {row.correction_id: f"{row.correction_id} · {row.target} {row.key} · {row.action} {row.after}"
                  for row in undoable.itertuples()}
        chosen = st.selectbox("Correction", list(labels), format_func=labels.get, key="corrections_undo")
        note = st.text_input("Note (optional)", key="corrections_undo_note")
        if st.button("Undo it", key="corrections_undo_go"):
            try:
                correct.undo(store, chosen, note=note, user=user())
            except ArmswatchError as exc:
                st.error(as_text(exc))
            else:
                st.session_state[DONE] = f"Correction {chosen} undone."
                st.rerun()

    promotable = entries[(entries.status == "active") & (entries.target == "entity")]
    if not promotable.empty:
        st.subheader("Promote to the store's gazetteer")
        st.caption("Writes an entity's correction as a line of this store's own gazetteer (the shipped one is "
                   "not changed), so that the next ingest extracts it as corrected: a new name with the old one as "
                   "its alias, a type or a country, a phrase that is not an entity.")
        named = {row.correction_id: f"{row.correction_id} · {row.entity_type} {row.key} · {row.action} {row.after}"
                 for row in promotable.itertuples()}
        chosen = st.selectbox("Correction", list(named), format_func=named.get, key="corrections_promote")
        if st.button("Promote it", key="corrections_promote_go"):
            try:
                path, line = correct.promote(store, chosen)
            except ArmswatchError as exc:
                st.error(as_text(exc))
            else:
                st.success(as_text(f"Written to {path}: {line}"))

st.subheader("Share")
st.caption("The log as JSON Lines, for another store: importing it adds the entries that store does not hold "
           "(importing twice changes nothing). The same as `python -m armswatch corrections export FILE` and "
           "`... import FILE`.")
if not entries.empty:
    shared = correct.log_lines(store)
    st.download_button("Download the log (JSON Lines)", shared, file_name="corrections.jsonl",
                       mime="application/x-ndjson", key="corrections_export", on_click="ignore")
uploaded = st.file_uploader("Import a log", type=["jsonl"], key="corrections_import")
if uploaded is not None and st.button("Import it", key="corrections_import_go"):
    try:
        added, held = correct.import_lines(store, uploaded.getvalue().decode("utf-8", errors="replace").splitlines(),
                                           uploaded.name)
    except ArmswatchError as exc:
        st.error(as_text(exc))
    else:
        st.session_state[DONE] = f"{added} corrections imported; {held} were already held."
        st.rerun()
