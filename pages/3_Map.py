"""Map: where events happened and which places the articles name (coastlines served locally)."""

import streamlit as st

from armswatch import charts
from armswatch.queries.maps import map_points
from armswatch.ui.common import PLOTLY_CONFIG, cached, download, empty_state
from armswatch.ui.layout import page_setup

filters = page_setup("Map")
st.title("Map")

left, right = st.columns([2, 1])
region = left.radio("Frame", list(charts.REGIONS), horizontal=True, key="map_region")
with_places = right.toggle("Also show places the articles mention", value=True, key="map_places")
points = cached(map_points, filters, with_places)
if points.empty:
    empty_state("No located events or places match.")
    st.stop()
st.plotly_chart(charts.place_map(points, region), width="stretch", config=PLOTLY_CONFIG, key="map_chart")
st.caption("Marker size: number of events (or of articles naming the place); colour: event type.")
st.dataframe(points, hide_index=True, width="stretch")
download(points, "map_points")
