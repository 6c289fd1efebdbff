"""Incidents: one real-world occurrence each; open one to read every report of it and the figures each gives."""

import streamlit as st

from armswatch.queries import incidents
from armswatch.ui.common import as_text, connection, download, empty_state, event_table, newest, reference_check
from armswatch.ui.correcting import event_form, incident_form
from armswatch.ui.layout import page_setup
from armswatch.views import INCIDENTS_LISTED

LISTED = ["date", "event_type", "country", "weapon", "weapon_type", "location", "reports", "articles", "languages",
          "sources", "claimants", "figures"]
LISTING = {"event_type": st.column_config.TextColumn("event type"), "country": st.column_config.TextColumn("actor"),
           "weapon_type": st.column_config.TextColumn("weapon type"),
           "reports": st.column_config.NumberColumn(width=70), "articles": st.column_config.NumberColumn(width=70),
           "figures": st.column_config.TextColumn(width=300)}

FIGURES = {"claimant": st.column_config.TextColumn("claimed by"),
           "missiles": st.column_config.NumberColumn("missiles", width=70),
           "range_km": st.column_config.NumberColumn("range km", format="%g", width=80),
           "apogee_km": st.column_config.NumberColumn("apogee km", format="%g", width=80),
           "flight_minutes": st.column_config.NumberColumn("flight min", format="%g", width=80),
           "sentence": st.column_config.TextColumn("sentence", width=460)}

filters = page_setup("Incidents")
st.title("Incidents")
con = connection()

listing, total, more = newest(incidents.incident_list, incidents.incident_count, filters, INCIDENTS_LISTED)
if listing.empty:
    empty_state("No incidents match.")
    st.stop()
st.caption(f"{total:,} incidents with a report the filters keep, newest first: one real-world occurrence "
           f"each, however many articles told it{more}. Select a row to open it.")
table = st.dataframe(listing[LISTED], hide_index=True, width="stretch", column_config=LISTING,
                     on_select="rerun", selection_mode="single-row", key="incidents_table")
download(lambda: incidents.incident_list(con.cursor(), filters), "incidents")

rows = table.selection.rows if table and table.selection else []
chosen = listing.incident_id.iloc[rows[0]] if rows else st.query_params.get("incident")
found = incidents.incident(con, chosen) if chosen else None
if found is None:
    if chosen:  # a link from another store, or to an incident a later ingest merged into another
        st.info(f"No incident {as_text(chosen)} in this store: select one above.")
    st.stop()
if rows:  # the open incident is in the URL: a link to it opens it
    st.query_params["incident"] = chosen

what = found["weapon"] or (found["weapon_type"] or "").replace("_", " ")
st.subheader(" · ".join(as_text(v) for v in (found["date"], found["event_type"].replace("_", " "), found["country"],
                                          what, found["location"]) if v))
checked = reference_check()
said = checked[checked.incident_id == chosen]
if not said.empty:
    test = said.iloc[0]
    record = (f" — {test.reference_missile} ({test.reference_class}) on {test.reference_date}"
              + (f" from {test.reference_facility}" if test.reference_facility else "")) if test.reference_date else ""
    st.markdown(f"**Reference record:** {as_text(test.status + record)}")
left, middle, right = st.columns(3)
left.metric("Reports", int(found["reports"]))
middle.metric("Articles", int(found["articles"]))
right.metric("Languages", (found["languages"] or "?").replace("|", ", "))

reports = incidents.incident_reports(con, chosen)
figures = incidents.claimed_figures(reports)
st.markdown("**Figures, as each claims them**")
if figures.empty:
    st.caption("No report gives the number of missiles, their range, apogee or flight time.")
else:
    for disagreement in incidents.disagreements(figures):
        st.warning(f"The reports disagree on {as_text(disagreement)}", icon=":material/compare_arrows:")
    st.dataframe(figures, hide_index=True, width="stretch", column_config=FIGURES)
st.markdown(f"**Every report ({len(reports)})**")
event_table(reports, ["published", "source", "lang", "claimant", "date", "sentence", "weapon", "weapon_type",
                      "location", "confidence", "title", "url"])
download(reports, f"incident_{chosen}_reports", label="Download its reports (CSV)")
incident_form(chosen, reports)
event_form(reports, "fix_incident_event")
