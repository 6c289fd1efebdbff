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
st.caption(f"{total:,} dated events" + (f", the {MAX_MARKS:,} most recent drawn: narrow the filters to see the rest"
                                        if total > MAX_MARKS else "") + ". Click, box or lasso marks to list them.")
st.plotly_chart(charts.monthly_counts(events.events_by_month(con, chosen)), width="stretch", key="timeline_months")

picked = {p["customdata"][0] for p in selection.selection.points} if selection and selection.selection else set()
listing = dated[dated.event_id.isin(picked)] if picked else dated
st.subheader("Selected events" if picked else "All events shown")
event_table(listing.head(500), ["date", "event_type", "country", "claimant", "sentence", "weapon", "weapon_type",
                                 "location", "countries", "confidence", "source", "title", "url"])
if picked:
    download(lambda: events.events(con.cursor(), chosen).query("event_id in @picked"), "timeline_selected_events")
else:
    download(lambda: events.events(con.cursor(), chosen), "timeline_events")
