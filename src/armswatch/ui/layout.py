"""What every page does first: page settings, sign-in, the navigation, the first start, the filters.

The navigation is drawn here, with each page's title and icon ("Overview", not the entry script's
file name), and Streamlit's own list of the ``pages/`` files is hidden (``.streamlit/config.toml``).
"""

import streamlit as st

from armswatch.queries.filters import Filters
from armswatch.ui.common import require_login, sidebar_filters
from armswatch.ui.correcting import said
from armswatch.ui.first_run import first_start

# (script, title, icon): the dashboard's pages, in the order the navigation lists them
PAGES = (
    ("dashboard.py", "Overview", ":material/dashboard:"),
    ("pages/1_Timeline.py", "Timeline", ":material/timeline:"),
    ("pages/7_Incidents.py", "Incidents", ":material/stacks:"),
    ("pages/2_Entities.py", "Entities", ":material/groups:"),
    ("pages/3_Map.py", "Map", ":material/map:"),
    ("pages/4_Articles.py", "Articles", ":material/article:"),
    ("pages/6_Reference_check.py", "Reference check", ":material/fact_check:"),
    ("pages/8_Corrections.py", "Corrections", ":material/edit_note:"),
    ("pages/5_Ingest.py", "Ingest", ":material/upload_file:"),
)


def page_setup(title: str, *, filters: bool = True) -> Filters:
    """Settings, sign-in, navigation and first start for the page ``title``, then its sidebar filters
    (``filters=False`` for a page they would do nothing on) — drawn after the first start, so that
    their choices come from the processed store."""
    st.set_page_config(page_title="Arms Watch" if title == "Overview" else f"{title} · Arms Watch",
                       page_icon="🛰️", layout="wide")
    require_login()
    for script, label, icon in PAGES:
        st.sidebar.page_link(script, label=label, icon=icon)
    first_start()
    said()  # what a correction just did, on the page it redrew
    return sidebar_filters(title) if filters else Filters()
