"""What every page shares: the store connection, the sidebar filters (kept in the URL), downloads."""

from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from armswatch.csvsafe import to_csv_bytes
from armswatch.queries.filters import Filters
from armswatch.settings import store_path
from armswatch.store import Store

TOPOJSON_URL = "app/static/"  # .streamlit/config.toml serves ./static there
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}
EVENT_TYPES = ("missile_test", "weapons_announcement", "production", "nuclear_test", "satellite_launch",
               "deployment", "arms_transfer", "sanctions", "exercise")


@st.cache_resource(max_entries=4)
def _connection(root: str, version: int) -> duckdb.DuckDBPyConnection:
    """One connection per published snapshot: a new ingest publishes a new version."""
    return Store(Path(root)).snapshot().connect()


def connection() -> duckdb.DuckDBPyConnection:
    store = Store(store_path())
    return _connection(str(store.root), store.snapshot().version).cursor()


@st.cache_data(max_entries=8)
def _options(root: str, version: int) -> dict[str, list[str]]:
    con = _connection(root, version)

    def values(sql: str) -> list[str]:
        return [r[0] for r in con.execute(sql).fetchall() if r[0]]

    return {
        "countries": values("SELECT DISTINCT country FROM entities WHERE entity_type = 'COUNTRY' ORDER BY 1"),
        "weapon_types": values("SELECT DISTINCT weapon_type FROM entities ORDER BY 1"),
        "weapons": values("SELECT DISTINCT entity FROM entities WHERE entity_type = 'WEAPON' ORDER BY 1"),
        "langs": values("SELECT DISTINCT lang FROM articles ORDER BY 1"),
        "sources": values("SELECT DISTINCT source FROM articles ORDER BY 1"),
    }


def require_login() -> None:
    """When login is configured (an ``[auth]`` section in .streamlit/secrets.toml), nothing shows
    until the visitor has signed in with the configured OpenID Connect provider."""
    try:
        configured = "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        configured = False
    if configured and not st.user.get("is_logged_in", False):
        st.title("Arms Watch")
        st.write("Sign in to continue.")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()
    if configured:
        st.sidebar.caption(f"Signed in as {st.user.get('email') or st.user.get('name') or 'user'}")
        st.sidebar.button("Sign out", on_click=st.logout)


def sidebar_filters() -> Filters:
    """The filters, from the URL (so a link reproduces the view), edited in the sidebar, written back.
    Every page calls this first, so it is also where login is enforced."""
    require_login()
    store = Store(store_path())
    options = _options(str(store.root), store.snapshot().version) | {"event_types": list(EVENT_TYPES)}
    params = st.query_params.to_dict() or st.session_state.get("filters", {})
    current = Filters.from_params(params)
    side = st.sidebar
    side.header("Filters")
    dates = side.date_input("Date range", value=[d for d in (current.date_from, current.date_to) if d], key="f_dates")
    chosen = {}
    for name, label in (("countries", "Country (actor or involved)"), ("weapon_types", "Weapon type"),
                        ("weapons", "Named weapon"), ("event_types", "Event type"), ("langs", "Language"),
                        ("sources", "Source")):
        choices = sorted(set(options[name]) | set(getattr(current, name)))
        chosen[name] = tuple(side.multiselect(label, choices, default=list(getattr(current, name)), key=f"f_{name}"))
    text = side.text_input("Text", value=current.text, key="f_text")
    dates = list(dates) if isinstance(dates, list | tuple) else [dates]
    filters = Filters(date_from=dates[0] if dates else None, date_to=dates[1] if len(dates) > 1 else None,
                      text=text.strip(), **chosen)
    st.session_state["filters"] = filters.to_params()
    st.query_params.from_dict(filters.to_params())
    return filters


def download(rows: pd.DataFrame | Callable[[], pd.DataFrame], name: str, label: str = "Download CSV") -> None:
    """The whole result (not just the rows shown) as CSV, formulas neutralised. A callable is
    run only when the button is clicked, so a big result costs nothing until it is wanted."""
    data = (lambda: to_csv_bytes(rows())) if callable(rows) else to_csv_bytes(rows)
    st.download_button(label, data, file_name=f"{name}.csv", mime="text/csv", key=f"dl_{name}",
                       on_click="ignore")


def empty_state(message: str) -> None:
    st.info(f"{message} Ingest articles on the **Ingest** page or with `python -m armswatch ingest PATH`.")


def web_links(frame: pd.DataFrame, column: str = "url") -> pd.DataFrame:
    """The frame with only http(s) links left clickable: a "javascript:" URL in untrusted input is blanked."""
    if column not in frame.columns:
        return frame
    safe = frame[column].fillna("").astype(str)
    return frame.assign(**{column: safe.where(safe.str.match(r"(?i)^https?://"), "")})
