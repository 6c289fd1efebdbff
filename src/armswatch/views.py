"""The dashboard's pages, computed when a snapshot is published.

Every page opens on the default filters; at a million articles their queries take seconds. An
ingest computes them once for the content it publishes (``published_views``: the same query
functions the pages call, with the same arguments) and publishes the results with the snapshot, as
the ``views`` table: a reader finds a page's results there by the query's ``key`` and computes only
what it does not find. New rows drop the views of the content before them (``schema.SUMMARIES``),
so a view is never older than the snapshot that holds it.

What is published: every page on the default filters (the first screens), and, at the end of an
ingest, every page filtered by one value of one list filter (``FILTERED``), for the
``FILTER_VALUES`` values of each that most events have (from ``FILTERED_FROM`` articles): the
first change an analyst makes. Other
values, other filters (dates, text) and their combinations are computed when asked.

The pages take their defaults from here, so that what is computed is what they ask.
"""

from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import pyarrow as pa
from duckdb import DuckDBPyConnection

from armswatch import corrections
from armswatch.events.patterns import EVENT_TYPES
from armswatch.queries import articles, entities, events, incidents
from armswatch.queries.filters import DEFAULT_MIN_CONFIDENCE, Filters, filter_choices
from armswatch.queries.maps import map_points
from armswatch.schema import VIEWS
from armswatch.store import Snapshot, StoreWriter

TIMELINE_TYPES = ("missile_test", "weapons_announcement")  # the Timeline's event types until the analyst picks
MAX_MARKS = 5000  # timeline marks drawn (the most recent)
OVERVIEW_TOP = 8  # entities per type on the Overview
OVERVIEW_EVENTS = 20  # latest events on the Overview
ENTITIES_TYPE, ENTITIES_TOP = "PERSON", 15  # the Entities page's first type and how many it charts
ARTICLES_LISTED = 500  # articles listed, newest first
INCIDENTS_LISTED = 1000  # incidents listed, newest first
Query = Callable[..., object]
DEFAULT = Filters()  # what every page opens on
# the list filters whose values' pages are published, and how many values of each (those most events
# have): at a million articles, each value's pages take about 8 s to compute and 3 MB to keep
FILTER_VALUES = 8
# ... once the store holds this many articles: a smaller store computes a filter change in a few tenths
# of a second, and each of its ingests would pay seconds for it (at 100,000 articles, 22 s a publish
# against 0.4 s for the Overview's change: benchmarks/views.py, benchmarks/dashboard.py)
FILTERED_FROM = 50_000
RANKED_SQL = {  # value, events: the events each value of a filter keeps on the default filters
    "countries": "SELECT c, count(*) FROM (SELECT unnest(list_distinct(list_append(string_split(countries, '|'), "
                 "country))) AS c FROM events WHERE confidence >= ?) WHERE c <> '' GROUP BY c",
    "event_types": "SELECT event_type, count(*) FROM events WHERE confidence >= ? GROUP BY 1",
    "weapon_types": "SELECT weapon_type, count(*) FROM events WHERE confidence >= ? AND weapon_type <> '' GROUP BY 1",
}
FILTERED = tuple(RANKED_SQL)
# DuckDB's working memory while an ingest computes them, beyond which it spills to disk: an ingest's
# memory must not grow with the store (at a million articles: 11.7 s for the first screens, 183 s for
# 22 filter values, 542 MB peak for the whole process: benchmarks/views.py)
MEMORY = "256MB"


def key(query: Query, filters: Filters, args: tuple) -> str:
    """What identifies a result: the query, its filters and its other arguments."""
    return f"{query.__module__}.{query.__qualname__}{(filters, args)!r}"


def timeline_filters(filters: Filters, shown: tuple[str, ...] = TIMELINE_TYPES) -> Filters:
    """The Timeline's filters: the event types it shows (all when none) among the sidebar's; the
    sidebar's own when none of those shown is among them (the sidebar filters every page)."""
    kept = tuple(t for t in (shown or EVENT_TYPES) if not filters.event_types or t in filters.event_types)
    return replace(filters, event_types=kept or filters.event_types)


def start_views(start: Filters = DEFAULT) -> list[tuple[Query, Filters, tuple]]:
    """The queries every page runs on the filters ``start`` (the default ones unless given) before
    the analyst clicks in it, with the arguments the pages pass."""
    timeline = timeline_filters(start)
    return [
        (filter_choices, DEFAULT, ()),  # the sidebar's choices, whatever the filters
        (events.event_count, start, ()), (entities.entity_count, start, ()), (entities.article_count, start, ()),
        (events.events_by_month, start, ()), (entities.top_per_type, start, (OVERVIEW_TOP,)),
        (events.events, start, (OVERVIEW_EVENTS,)),
        (events.timeline_events, timeline, (MAX_MARKS,)), (events.events_by_month, timeline, ()),
        (entities.counts_by_type, start, ()),
        (map_points, start, (True,)),
        (articles.article_list, start, (ARTICLES_LISTED,)),
        (incidents.incident_list, start, (INCIDENTS_LISTED,)), (incidents.incident_count, start, ()),
    ]


def entity_start(filters: Filters = DEFAULT) -> tuple[Query, Filters, tuple]:
    """The Entities page's chart on ``filters``, before the analyst picks a type."""
    return entities.top_entities, filters, (ENTITIES_TYPE, ENTITIES_TOP)


def entity_views(top: pd.DataFrame, filters: Filters = DEFAULT,
                 start: pd.DataFrame | None = None) -> list[tuple[Query, Filters, tuple]]:
    """The queries of the entity the Entities page shows on ``filters``: the first of its chart
    (``top``) and, when the chart still holds it, the first of the chart on the default filters
    (``start``), which the page keeps selected when the analyst changes a filter."""
    kept = [] if start is None else [e for e in start.entity.head(1) if e in set(top.entity)]
    chosen = [*top.entity.head(1), *kept]
    return [view for entity in dict.fromkeys(chosen) for view in (
        (entities.mentions_by_month, filters, (entity, ENTITIES_TYPE)),
        (entities.cooccurring, filters, (entity, ENTITIES_TYPE, None)),
        (entities.articles_mentioning, filters, (entity, ENTITIES_TYPE, ARTICLES_LISTED)))]


def frequent_values(con: DuckDBPyConnection) -> list[Filters]:
    """The default filters with one value of one ``FILTERED`` filter, for the ``FILTER_VALUES``
    values of each that most events have (ties by value)."""
    chosen = []
    for name, sql in RANKED_SQL.items():
        ranked = con.execute(f"{sql} ORDER BY 2 DESC, 1 LIMIT {FILTER_VALUES}", [DEFAULT_MIN_CONFIDENCE]).fetchall()
        chosen += [replace(Filters(), **{name: (value,)}) for value, _ in ranked]
    return chosen


def published_views(con: DuckDBPyConnection, filtered: bool = False,
                    stored: dict[str, tuple[str, bytes]] | None = None) -> pa.Table:
    """The ``views`` rows of the content ``con`` reads: the pages on the default filters, and with
    ``filtered`` on each ``frequent_values`` filter too. Rows in ``stored`` (key → kind, data: the
    snapshot's own) are kept, not computed again."""
    stored = dict(stored or {})
    results: dict[str, object] = {}

    def run(views: list[tuple[Query, Filters, tuple]]) -> None:
        for view in views:
            if (view_key := key(*view)) not in stored and view_key not in results:
                results[view_key] = view[0](con.cursor(), view[1], *view[2])

    def value(view: tuple[Query, Filters, tuple]) -> object:
        view_key = key(*view)
        return decode(*stored[view_key]) if view_key in stored else results[view_key]

    for filters in [DEFAULT, *(frequent_values(con) if filtered else [])]:
        run([*start_views(filters), entity_start(filters)])
        run(entity_views(value(entity_start(filters)), filters, value(entity_start())))
    rows = [{"key": k, "kind": kind, "data": data} for k, (kind, data) in stored.items()]
    rows += [{"key": k, "kind": kind, "data": data} for k, (kind, data) in
             ((k, encode(result)) for k, result in results.items())]
    return pa.Table.from_pylist(rows, VIEWS)


def publish(writer: StoreWriter, filtered: bool = False) -> Snapshot:
    """Publish the views of the writer's current content (what an ingest does at its end: with
    ``filtered``, each page on the values of ``frequent_values`` too, from ``FILTERED_FROM``
    articles), keeping those it holds, and the corrections as applied to it (``corrections.published``);
    nothing is published when it holds them all, or no articles."""
    if not writer.snapshot.files.get("articles"):
        return writer.snapshot
    filtered = filtered and writer.snapshot.count("articles") >= FILTERED_FROM
    con = writer.snapshot.connect()
    con.execute(f"SET memory_limit = '{MEMORY}'")
    spill = str(writer.root / ".spill").replace("'", "''")
    con.execute(f"SET temp_directory = '{spill}'")  # beyond the memory limit
    try:
        stored = stored_views(con)
        published = published_views(con, filtered, stored)
        tables = corrections.published(con) | ({"views": published} if published.num_rows > len(stored) else {})
        return writer.append(tables) if tables else writer.snapshot
    finally:
        con.close()


def view_keys(con: DuckDBPyConnection) -> frozenset[str]:
    """The keys of the views a snapshot holds (none when its content changed since)."""
    return frozenset(k for (k,) in con.execute("SELECT key FROM views").fetchall())


def stored_view(con: DuckDBPyConnection, view_key: str) -> object:
    """One stored view's result."""
    return decode(*con.execute("SELECT kind, data FROM views WHERE key = ?", [view_key]).fetchone())


def stored_views(con: DuckDBPyConnection) -> dict[str, tuple[str, bytes]]:
    """key → (kind, data) of the views a snapshot holds (none when its content changed since)."""
    return {k: (kind, data) for k, kind, data in con.execute("SELECT key, kind, data FROM views").fetchall()}


def _frame_bytes(frame: pd.DataFrame, count: int | None = None) -> bytes:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if count is not None:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"count": str(count).encode()})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def encode(result: object) -> tuple[str, bytes]:
    """A query's result as stored: a frame, a frame and a count (the timeline), or a count."""
    if isinstance(result, pd.DataFrame):
        return "frame", _frame_bytes(result)
    if isinstance(result, tuple):
        frame, count = result
        return "frame+count", _frame_bytes(frame, count)
    return "count", str(int(result)).encode()


def decode(kind: str, data: bytes) -> object:
    if kind == "count":
        return int(data)
    table = pa.ipc.open_stream(data).read_all()
    frame = table.to_pandas()
    return (frame, int(table.schema.metadata[b"count"])) if kind == "frame+count" else frame
