"""Reference check: North Korea's missile-test incidents against the CNS missile test record."""

import streamlit as st

from armswatch.ui.common import download, empty_state, reference_check
from armswatch.ui.layout import page_setup

STATUSES = ["matched", "not in reference", "outside the record", "not covered"]
# what the analyst compares first: the incident's day and weapon beside the record's
SHOWN = ["status", "date", "weapon_type", "weapon", "reference_date", "reference_missile", "reference_class",
         "reference_facility", "missiles", "apogee_km", "distance_km", "outcome", "location", "reports", "sources",
         "event_type", "incident_id"]

page_setup("Reference check", filters=False)
st.title("Reference check")
st.write("Each North Korean missile-test or satellite-launch incident dated to the day, against the CNS North Korea "
         "Missile Test Database: **matched** to a test one day or less away of a class its weapon type allows, "
         "**not in reference**, or **outside the record** (cruise missiles, artillery rockets, drones: the record "
         "lists ballistic missiles and space launchers). **Not covered**: the record's tests, inside the period the "
         "articles cover, that no incident matched. A newer record: `python -m armswatch reference import FILE`.")
rows = reference_check()
if rows.empty:
    empty_state("No missile tests or reference tests in the period the articles cover.")
    st.stop()
counts = rows.status.value_counts()
for column, status in zip(st.columns(len(STATUSES)), STATUSES, strict=True):
    column.metric(status.capitalize(), f"{int(counts.get(status, 0)):,}")
shown = st.pills("Show", STATUSES, selection_mode="multi", default=STATUSES, key="reference_statuses")
listing = rows[rows.status.isin(shown or STATUSES)]
st.dataframe(listing[SHOWN], hide_index=True, width="stretch")
download(listing, "reference_check")
