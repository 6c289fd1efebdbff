"""Timeline: every dated event on a time axis; select marks to list them and their articles."""

from dataclasses import replace

import streamlit as st

from armswatch import charts
from armswatch.queries import events
from armswatch.ui.common import EVENT_TYPES, connection, download, empty_state, event_table
from armswatch.ui.layout import page_setup

filters = page_setup("Timeline")
st.title("Timeline")
con = connection()

shown = st.pills("Event types", EVENT_TYPES, selection_mode="multi",
                 default=["missile_test", "weapons_announcement"], key="timeline_types")
axis = st.radio("Rows", ["weapon_type", "country"], horizontal=True, key="timeline_axis",
                format_func=lambda a: a.replace("_", " "))
MAX_MARKS = 5000
chosen = replace(filters, event_types=tuple(t for t in (shown or EVENT_TYPES)
                                             if not filters.event_types or t in filters.event_types))
dated, total = events.timeline_events(con, chosen, limit=MAX_MARKS)
if dated.empty:
    empty_state("No dated events match.")
    st.stop()

selection = st.plotly_chart(charts.timeline(dated, y=axis), width="stretch", on_select="rerun",
                            selection_mode=("points", "box", "lasso"), key="timeline_chart")
unit = "reports of events" if filters.reports else "incidents (one mark each, whatever the number of reports)"
st.caption(f"{total:,} dated {unit}" + (f", the {MAX_MARKS:,} most recent drawn: narrow the filters to see the rest"
                                         if total > MAX_MARKS else "") + ". Click, box or lasso marks to list them.")
st.plotly_chart(charts.monthly_counts(events.events_by_month(con, chosen), filters.unit), width="stretch",
                key="timeline_months")

picked = {p["customdata"][0] for p in selection.selection.points} if selection and selection.selection else set()
if picked:  # a mark opens to all the reports of its incident
    st.subheader("Selected: every report")
    reports = events.events(con, chosen)
    reports = reports[reports.incident_id.isin(dated[dated.event_id.isin(picked)].incident_id)]
    event_table(reports.head(500), ["date", "event_type", "country", "claimant", "sentence", "weapon", "weapon_type",
                                    "location", "confidence", "source", "published", "title", "url"])
    download(reports, "timeline_selected_reports")
else:
    st.subheader("All shown")
    event_table(dated.head(500), ["date", "event_type", "country", "reports", "claimant", "sentence", "weapon",
                                  "weapon_type", "location", "countries", "confidence", "source", "title", "url"])
    download(lambda: events.events(con.cursor(), chosen), "timeline_events")
