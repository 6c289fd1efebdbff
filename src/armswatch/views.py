"""The dashboard's first screens, computed when a snapshot is published.

Every page opens on the default filters; at a million articles their queries take seconds. An
ingest computes them once for the content it publishes (``published_views``: the same query
functions the pages call, with the same arguments) and publishes the results with the snapshot, as
the ``views`` table: a reader finds a page's results there by the query's ``key`` and computes only
what it does not find (other filters, another entity). New rows drop the views of the content
before them (``schema.SUMMARIES``), so a view is never older than the snapshot that holds it.

The pages take their defaults from here, so that what is computed is what they ask.
"""

from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import pyarrow as pa
from duckdb import DuckDBPyConnection

from armswatch.queries import articles, entities, events, incidents
from armswatch.queries.filters import Filters, filter_choices
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
ENTITIES_START = (entities.top_entities, Filters(), (ENTITIES_TYPE, ENTITIES_TOP))  # the Entities page's chart
# DuckDB's working memory while an ingest computes them, beyond which it spills to disk: an ingest's
# memory must not grow with the store (at a million articles: 7.7 s, 722 MB peak for the whole process)
MEMORY = "256MB"


def key(query: Query, filters: Filters, args: tuple) -> str:
    """What identifies a result: the query, its filters and its other arguments."""
    return f"{query.__module__}.{query.__qualname__}{(filters, args)!r}"


def start_views() -> list[tuple[Query, Filters, tuple]]:
    """The queries every page runs on the default filters, with the arguments the pages pass."""
    start = Filters()
    timeline = replace(start, event_types=TIMELINE_TYPES)
    return [
        (filter_choices, start, ()),
        (events.event_count, start, ()), (entities.entity_count, start, ()), (entities.article_count, start, ()),
        (events.events_by_month, start, ()), (entities.top_per_type, start, (OVERVIEW_TOP,)),
        (events.events, start, (OVERVIEW_EVENTS,)),
        (events.timeline_events, timeline, (MAX_MARKS,)), (events.events_by_month, timeline, ()),
        (entities.counts_by_type, start, ()), ENTITIES_START,
        (map_points, start, (True,)),
        (articles.article_list, start, (ARTICLES_LISTED,)),
        (incidents.incident_list, start, (INCIDENTS_LISTED,)), (incidents.incident_count, start, ()),
    ]


def entity_views(top: pd.DataFrame) -> list[tuple[Query, Filters, tuple]]:
    """The queries of the entity the Entities page opens on: the first of its chart (``top``)."""
    if top.empty:
        return []
    first = (top.entity.iloc[0], ENTITIES_TYPE)
    return [(entities.mentions_by_month, Filters(), first), (entities.cooccurring, Filters(), (*first, None)),
            (entities.articles_mentioning, Filters(), (*first, ARTICLES_LISTED))]


def published_views(con: DuckDBPyConnection) -> pa.Table:
    """The ``views`` rows of the content ``con`` reads."""
    results = {key(*view): view[0](con.cursor(), view[1], *view[2]) for view in start_views()}
    results |= {key(*view): view[0](con.cursor(), view[1], *view[2])
                for view in entity_views(results[key(*ENTITIES_START)])}
    rows = []
    for view_key, result in results.items():
        kind, data = encode(result)
        rows.append({"key": view_key, "kind": kind, "data": data})
    return pa.Table.from_pylist(rows, VIEWS)


def publish(writer: StoreWriter) -> Snapshot:
    """Publish the views of the writer's current content (what an ingest does at its end)."""
    con = writer.snapshot.connect()
    con.execute(f"SET memory_limit = '{MEMORY}'")
    spill = str(writer.root / ".spill").replace("'", "''")
    con.execute(f"SET temp_directory = '{spill}'")  # beyond the memory limit
    try:
        return writer.append({"views": published_views(con)})
    finally:
        con.close()


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
