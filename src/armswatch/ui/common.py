"""What every page shares: the store connection, the sidebar filters (kept in the URL), downloads."""

import re
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import streamlit as st

from armswatch.csvsafe import to_csv_bytes
from armswatch.events.patterns import EVENT_TYPES
from armswatch.queries.filters import DEFAULT_MIN_CONFIDENCE, FILTER_PARAMS, Filters, filter_choices
from armswatch.reference import CHECK_COLUMNS, check_rows, load_reference, reference_frame, reference_path
from armswatch.settings import store_path
from armswatch.store import Store
from armswatch.views import key, stored_view, view_keys
from armswatch.visits import Visit, start_visit

T = TypeVar("T")
# query results kept in memory (all sessions together): each is what a page draws, a few hundred rows at most
CACHED_RESULTS = 500
# DuckDB's working memory per snapshot's connection (its default is most of the machine's): the
# dashboard's queries aggregate a million articles' rows well within it
QUERY_MEMORY = "600MB"
TOPOJSON_URL = "app/static/"  # .streamlit/config.toml serves ./static there
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}


@st.cache_resource(max_entries=4)
def _connection(root: str, version: int) -> duckdb.DuckDBPyConnection:
    """One connection per published snapshot: a new ingest publishes a new version."""
    con = Store(Path(root)).snapshot().connect()
    con.execute(f"SET memory_limit = '{QUERY_MEMORY}'")
    return con


def connection() -> duckdb.DuckDBPyConnection:
    store = Store(store_path())
    return _connection(str(store.root), store.snapshot().version).cursor()


@st.cache_resource(max_entries=4)
def _view_keys(root: str, version: int) -> frozenset[str]:
    """The keys of the results the snapshot's publisher computed (``armswatch.views``); each is read
    when a page asks for it."""
    return view_keys(_connection(root, version).cursor())


@st.cache_data(max_entries=CACHED_RESULTS, show_spinner=False)
def _cached(root: str, version: int, key: str, _query: Callable[..., T], _filters: Filters, _args: tuple) -> T:
    if key in _view_keys(root, version):
        return stored_view(_connection(root, version).cursor(), key)
    return _query(_connection(root, version).cursor(), _filters, *_args)


def cached(query: Callable[..., T], filters: Filters, *args: object) -> T:
    """``query(connection, filters, *args)`` on the current snapshot: read from the snapshot's views
    when its publisher computed it (a page's first screen), else computed; then kept in memory per
    snapshot version, query, filters and arguments, so that a page drawn again (a click elsewhere on
    it, a return to it) reads its results from memory, and a new snapshot computes them anew."""
    store = Store(store_path())
    return _cached(str(store.root), store.snapshot().version, key(query, filters, args), query, filters, args)


@st.cache_data(max_entries=4)
def _reference_check(root: str, version: int, record: str, record_changed: int) -> pd.DataFrame:
    return pd.DataFrame(check_rows(Store(Path(root))), columns=list(CHECK_COLUMNS))


def reference_check() -> pd.DataFrame:
    """The reference check of the current snapshot (``armswatch.reference``), computed once per version
    of the store and of the record (``reference import`` replaces the record, not the snapshot)."""
    store = Store(store_path())
    record = reference_path(store.root)
    return _reference_check(str(store.root), store.snapshot().version, str(record), record.stat().st_mtime_ns)


@st.cache_data(max_entries=2)
def _reference_tests(root: str, record: str, record_changed: int) -> pd.DataFrame:
    return reference_frame(load_reference(Path(root)))


def reference_tests() -> pd.DataFrame:
    """The reference record's tests (the store's imported record, else the shipped one)."""
    store = Store(store_path())
    record = reference_path(store.root)
    return _reference_tests(str(store.root), str(record), record.stat().st_mtime_ns)


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


LIST_FILTERS = (("countries", "Country (actor or involved)"), ("weapon_types", "Weapon type"),
                ("weapons", "Named weapon"), ("event_types", "Event type"), ("langs", "Language"),
                ("sources", "Source"))
EARLIEST, LATEST = date(1945, 1, 1), date(2100, 12, 31)  # the date pickers' range: all of the nuclear age
# session keys: the filters of the last run and its page; whether the URL has set them (once, when the session began)
FILTERS, FILTERS_PAGE, URL_READ = "filters", "filters_page", "filters_read_from_url"
VISIT, SINCE = "visit", "filters_since"  # this session's visit; the "new since" of a link or another page
VISITOR_COOKIE, VISITOR_DAYS = "armswatch_visitor", 730


def _filter_params() -> dict[str, str]:
    return {k: v for k, v in st.query_params.to_dict().items() if k in FILTER_PARAMS}


def _seed_widgets(page: str) -> None:
    """Set the filter widgets where they are new: from the URL when a session begins (a shared link, a
    reload), from the last filters when the analyst moves to another page (each page's widgets are its
    own). Otherwise the widgets hold the analyst's choices and the URL only follows them, so a rerun
    that arrives with an older URL can never undo a choice."""
    if not st.session_state.get(URL_READ):
        st.session_state[URL_READ] = True
        params = _filter_params()
        source = Filters.from_params(params) if params else None
    elif st.session_state.get(FILTERS_PAGE) != page:
        source = st.session_state.get(FILTERS)
    else:
        source = None
    st.session_state[FILTERS_PAGE] = page
    if source is None:
        return
    st.session_state["f_date_from"], st.session_state["f_date_to"] = source.date_from, source.date_to
    for name, _ in LIST_FILTERS:
        st.session_state[f"f_{name}"] = list(getattr(source, name))
    st.session_state["f_text"] = source.text
    st.session_state["f_min_confidence"] = source.min_confidence
    st.session_state["f_reports"] = source.reports
    st.session_state["f_new"], st.session_state[SINCE] = source.since is not None, source.since


def _visitor() -> str:
    """Who visits: the signed-in user, else this browser (an id kept in a cookie, set here the first time)."""
    if st.user.get("is_logged_in", False):
        return f"user:{st.user.get('email') or st.user.get('name')}"
    known = st.context.cookies.get(VISITOR_COOKIE)
    if isinstance(known, str) and re.fullmatch(r"[0-9a-f]{32}", known):  # (none outside a browser's request)
        return f"browser:{known}"
    new = uuid.uuid4().hex
    with st.sidebar:  # our own script (no outside text in it) in a same-origin frame: the dashboard's cookie
        st.iframe(f"<script>document.cookie = '{VISITOR_COOKIE}={new}; max-age={VISITOR_DAYS * 86400}; "
                  "path=/; SameSite=Lax';</script>", height=1)
    return f"browser:{new}"


def current_visit() -> Visit:
    """This session's visit: since when things are new to the visitor (recorded once per session)."""
    if VISIT not in st.session_state:
        st.session_state[VISIT] = start_visit(Store(store_path()).root, _visitor())
    return st.session_state[VISIT]


def sidebar_filters(page: str) -> Filters:
    """The filters in the sidebar, kept in the URL (so a link reproduces the view) and carried from
    page to page."""
    options: dict[str, dict[str, str]] = {name: {} for name, _ in LIST_FILTERS} | {
        "event_types": {t: t for t in EVENT_TYPES}}
    for choice in cached(filter_choices, Filters()).itertuples():
        options[choice.filter][choice.value] = choice.label
    _seed_widgets(page)
    side = st.sidebar
    side.header("Filters")
    left, right = side.columns(2)
    date_from = left.date_input("From", value=None, min_value=EARLIEST, max_value=LATEST, format="YYYY-MM-DD",
                                key="f_date_from")
    date_to = right.date_input("To", value=None, min_value=EARLIEST, max_value=LATEST, format="YYYY-MM-DD",
                               key="f_date_to")
    chosen = {}
    for name, label in LIST_FILTERS:
        labels = options[name] | {v: v for v in st.session_state.get(f"f_{name}", []) if v not in options[name]}
        chosen[name] = tuple(side.multiselect(label, list(labels), key=f"f_{name}", format_func=labels.get))
    text = side.text_input("Text", key="f_text")
    if "f_min_confidence" not in st.session_state:
        st.session_state["f_min_confidence"] = DEFAULT_MIN_CONFIDENCE
    confidence = side.slider("Minimum event confidence", 0.0, 1.0, step=0.05, key="f_min_confidence",
                             help="The event model's probability that an event is right. Events below it are "
                                  f"hidden; {DEFAULT_MIN_CONFIDENCE:.2f} by default, 0 shows every event found.")
    reports = side.toggle("Count every report", key="f_reports",
                          help="Off: an incident told by several articles (a wire story, a French daily, state "
                               "media the next morning) counts once, in counts, bars, timeline marks and map "
                               "markers. On: every article's report counts.")
    since = st.session_state.get(SINCE) or current_visit().since
    new = since is not None and side.toggle(
        f"New since {since:%Y-%m-%d %H:%M} UTC", key="f_new",
        help="Only what the articles ingested since your last visit tell (you were last here then).")
    filters = Filters(date_from=date_from, date_to=date_to, text=text.strip(), min_confidence=confidence,
                      reports=reports, since=since if new else None, **chosen)
    if (params := filters.to_params()) != _filter_params():  # a page's own parameters (an open incident) stay
        st.query_params.from_dict(params | {k: v for k, v in st.query_params.to_dict().items()
                                            if k not in FILTER_PARAMS})
    st.session_state[FILTERS] = filters
    return filters


def newest(query: Callable[..., pd.DataFrame], count: Callable[..., int], filters: Filters,
           limit: int) -> tuple[pd.DataFrame, int, str]:
    """The ``limit`` newest rows of a list (``query``), how many there are in all (``count``, asked
    only when the list is full) and, for its caption, a note that says when only some are listed."""
    listing = cached(query, filters, limit)
    total = cached(count, filters) if len(listing) == limit else len(listing)
    return listing, total, f"; the {limit:,} newest listed, all in the download" if total > limit else ""


def download(rows: pd.DataFrame | Callable[[], pd.DataFrame], name: str, label: str = "Download CSV") -> None:
    """The whole result (not just the rows shown) as CSV, formulas neutralised. A callable is
    run only when the button is clicked, so a big result costs nothing until it is wanted."""
    data = (lambda: to_csv_bytes(rows())) if callable(rows) else to_csv_bytes(rows)
    st.download_button(label, data, file_name=f"{name}.csv", mime="text/csv", key=f"dl_{name}",
                       on_click="ignore")


# Event tables: the sentence early and wrapped on up to three lines, so that a row reads without scrolling.
EVENT_TABLE = {
    "date": st.column_config.TextColumn("date", width=95),
    "event_type": st.column_config.TextColumn("event type", width=160),
    "country": st.column_config.TextColumn("actor", width=60, help="ISO code of the country that acted"),
    "countries": st.column_config.TextColumn("countries", width=90),
    "weapon": st.column_config.TextColumn("weapon", width=130),
    "weapon_type": st.column_config.TextColumn("weapon type", width=120),
    "location": st.column_config.TextColumn("location", width=130),
    "sentence": st.column_config.TextColumn("sentence", width=460),
    "source": st.column_config.TextColumn("source", width=120),
    "title": st.column_config.TextColumn("article", width=220),
    "url": st.column_config.LinkColumn("link", width=60, display_text="open"),
    "confidence": st.column_config.NumberColumn("confidence", width=90, format="%.2f",
                                                help="the event model's probability that this event is right"),
    "claimant": st.column_config.TextColumn("claimed by", width=150, help="who says it happened"),
    "published": st.column_config.TextColumn("published", width=95),
    "lang": st.column_config.TextColumn("language", width=75),
}
WRAPPED_ROW_PX = 76  # Streamlit wraps cell text when rows are taller than 4rem


def event_table(frame: pd.DataFrame, shown: list[str]) -> None:
    """Events as a readable table: fixed widths, the sentence wrapped, the article's link clickable (http(s) only)."""
    st.dataframe(web_links(frame)[shown], hide_index=True, width="stretch", row_height=WRAPPED_ROW_PX,
                 column_config={c: EVENT_TABLE[c] for c in shown if c in EVENT_TABLE})


def as_text(value: object) -> str:
    """Untrusted text for a Markdown element (a heading, a warning): its Markdown characters escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", str(value))


def empty_state(message: str) -> None:
    st.info(f"{message} Ingest articles on the **Ingest** page or with `python -m armswatch ingest PATH`.")


def web_links(frame: pd.DataFrame, column: str = "url") -> pd.DataFrame:
    """The frame with only http(s) links left clickable: a "javascript:" URL in untrusted input is blanked."""
    if column not in frame.columns:
        return frame
    safe = frame[column].fillna("").astype(str)
    return frame.assign(**{column: safe.where(safe.str.match(r"(?i)^https?://"), "")})
