"""Arms Watch: the Overview page (what the filtered articles say, at a glance) and the dashboard's entry point.

    streamlit run dashboard.py
"""

from dataclasses import replace

import streamlit as st

from armswatch import charts
from armswatch.queries import entities, events, incidents
from armswatch.ui.common import cached, connection, current_visit, download, empty_state, event_table
from armswatch.ui.layout import page_setup
from armswatch.views import OVERVIEW_EVENTS, OVERVIEW_TOP

filters = page_setup("Overview")
st.title("Arms Watch — Overview")
con = connection()
if (since := current_visit().since) and not filters.since:
    new = cached(incidents.incident_count, replace(filters, since=since))
    st.info(f"**{new:,} new incidents** since your last visit ({since:%Y-%m-%d %H:%M} UTC): "
            "turn on *New since* in the sidebar to see only them.", icon=":material/fiber_new:")

event_total = cached(events.event_count, filters)
entity_total = cached(entities.entity_count, filters)
articles = cached(entities.article_count, filters)
left, middle, right = st.columns(3)
left.metric("Articles", f"{articles:,}")
middle.metric("Entities", f"{entity_total:,}")
right.metric("Reports of events" if filters.reports else "Incidents", f"{event_total:,}",
             help="Every article's report of an event" if filters.reports else
             "Events of one occurrence told by several articles count once (switch: Count every report)")
if not articles:
    empty_state("No articles match.")
    st.stop()

st.subheader(f"{filters.unit.capitalize()} by month")
by_month = cached(events.events_by_month, filters)
if by_month.empty:
    st.caption("No dated events in this selection.")
else:
    st.plotly_chart(charts.monthly_counts(by_month, filters.unit), width="stretch")
    download(by_month, "events_by_month")

st.subheader("Most mentioned")
columns = st.columns(3)
tops = cached(entities.top_per_type, filters, OVERVIEW_TOP)
for column, (entity_type, title) in zip(columns * 2, [("PERSON", "People"), ("ORG", "Organisations"),
                                                      ("COUNTRY", "Countries"), ("PLACE", "Places"),
                                                      ("WEAPON", "Weapon systems"), ("WEAPON_TYPE", "Weapon types")],
                                        strict=True):
    top = tops[tops.entity_type == entity_type]
    with column:
        st.markdown(f"**{title}**")
        if top.empty:
            st.caption("None.")
        else:
            st.plotly_chart(charts.top_bars(top), width="stretch", key=f"top_{entity_type}")
            download(lambda t=entity_type: entities.top_entities(con.cursor(), filters, t, limit=None),
                     f"top_{entity_type.lower()}")

st.subheader("Latest events")
event_table(cached(events.events, filters, OVERVIEW_EVENTS), ["date", "event_type", "country", "claimant", "sentence",
                                                    "weapon", "weapon_type", "location", "confidence", "source",
                                                    "url"])
download(lambda: events.events(con.cursor(), filters), "events")
