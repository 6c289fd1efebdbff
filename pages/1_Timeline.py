"""Timeline: every dated event on a time axis; select marks to list them and their articles."""


import streamlit as st

from armswatch import charts
from armswatch.queries import events
from armswatch.ui.common import EVENT_TYPES, cached, connection, download, empty_state, event_table, reference_tests
from armswatch.ui.correcting import event_form
from armswatch.ui.layout import page_setup
from armswatch.views import MAX_MARKS, TIMELINE_TYPES, timeline_filters

filters = page_setup("Timeline")
st.title("Timeline")
con = connection()

shown = st.pills("Event types", EVENT_TYPES, selection_mode="multi",
                 default=list(TIMELINE_TYPES), key="timeline_types")
axis = st.radio("Rows", ["weapon_type", "country"], horizontal=True, key="timeline_axis",
                format_func=lambda a: a.replace("_", " "))
chosen = timeline_filters(filters, tuple(shown))
dated, total = cached(events.timeline_events, chosen, MAX_MARKS)
if dated.empty:
    empty_state("No dated events match.")
    st.stop()

record = None
if st.toggle("The CNS record's tests", key="timeline_reference",
             help="North Korea's ballistic missile and space launch tests as the CNS North Korea Missile Test "
                  "Database records them, on a row of their own, over the period the marks cover."):
    record = reference_tests()
    day = record.date.astype(str)  # within the marks' first and last dates, at the precision each gives
    record = record[(day >= dated.date.min()) & (day.str[:len(dated.date.max())] <= dated.date.max())]
selection = st.plotly_chart(charts.timeline(dated, y=axis, reference=record), width="stretch", on_select="rerun",
                            selection_mode=("points", "box", "lasso"), key="timeline_chart")
unit = "reports of events" if filters.reports else "incidents (one mark each, whatever the number of reports)"
st.caption(f"{total:,} dated {unit}" + (f", the {MAX_MARKS:,} most recent drawn: narrow the filters to see the rest"
                                         if total > MAX_MARKS else "") + ". Click, box or lasso marks to list them.")
st.plotly_chart(charts.monthly_counts(cached(events.events_by_month, chosen), filters.unit), width="stretch",
                key="timeline_months")

points = selection.selection.points if selection and selection.selection else []
picked = {p["customdata"][0] for p in points if p.get("customdata") and p["customdata"][0]}  # not the record's
if picked:  # a mark opens to all the reports of its incident
    st.subheader("Selected: every report")
    marks = dated[dated.event_id.isin(picked)]
    for mark in marks.head(5).itertuples():
        st.page_link("pages/7_Incidents.py", label=f"Open the incident of {mark.date}: {mark.event_type} "
                     f"({mark.reports} reports)", icon=":material/stacks:", query_params={"incident": mark.incident_id})
    reports = cached(events.events, chosen, None, tuple(marks.incident_id))
    event_table(reports.head(500), ["date", "event_type", "country", "claimant", "sentence", "weapon", "weapon_type",
                                    "location", "confidence", "source", "published", "title", "url"])
    download(reports, "timeline_selected_reports")
    event_form(reports, "fix_timeline_event")
else:
    st.subheader("All shown")
    event_table(dated.head(500), ["date", "event_type", "country", "reports", "claimant", "sentence", "weapon",
                                  "weapon_type", "location", "countries", "confidence", "source", "title", "url"])
    download(lambda: events.events(con.cursor(), chosen), "timeline_events")
