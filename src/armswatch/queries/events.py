"""Event queries: the filtered events with their article, counts by month and type."""

import pandas as pd
from duckdb import DuckDBPyConnection

from armswatch.export import column_sql, columns, incident_join
from armswatch.queries.filters import Filters, article_clause, event_clause

EVENT_COLUMNS = columns("events")


def event_where(filters: Filters) -> tuple[str, list]:
    args: list = []
    clause = f"{event_clause(filters, args)} AND {article_clause(filters, args)}"
    return clause, args


def events(con: DuckDBPyConnection, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The filtered events, newest first, with the columns of ``armswatch export events`` and
    the article's title, for display and download."""
    where, args = event_where(filters)
    select = ", ".join(column_sql("events", c, "e") for c in EVENT_COLUMNS)
    sql = (f"SELECT {select}, a.title FROM events e JOIN articles a ON a.id = e.article_id {incident_join('e')} "
           f"WHERE {where} "
           f"ORDER BY e.date DESC NULLS LAST, a.published DESC, e.start")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return con.execute(sql, args).df()


def events_by_month(con: DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """month (first day), event_type, events: how many filtered events each month, one row per month and type.
    An event counts in the month of its date (of its article's publication when it has none)."""
    where, args = event_where(filters)
    month = "date_trunc('month', COALESCE(TRY_CAST(rpad(e.date, 10, '-01') AS DATE), a.published))"
    sql = (f"SELECT month, event_type, count(*) AS events FROM (SELECT {month} AS month, e.event_type "
           f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}) "
           f"WHERE month IS NOT NULL GROUP BY month, event_type ORDER BY month, event_type")
    return con.execute(sql, args).df()


def event_count(con: DuckDBPyConnection, filters: Filters) -> int:
    where, args = event_where(filters)
    return con.execute(f"SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}",
                       args).fetchone()[0]


def timeline_events(con: DuckDBPyConnection, filters: Filters, limit: int) -> tuple[pd.DataFrame, int]:
    """The most recent ``limit`` dated events (the columns a timeline mark shows) and how many there are."""
    where, args = event_where(filters)
    base = f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {where} AND e.date <> ''"
    total = con.execute(f"SELECT count(*) {base}", args).fetchone()[0]
    sql = (f"SELECT e.event_id, e.date, e.event_type, e.country, e.countries, e.weapon, e.weapon_type, e.location, "
           f"left(e.sentence, 300) AS sentence, e.claimant, e.confidence, a.source, a.title, a.url {base} "
           f"ORDER BY e.date DESC LIMIT {int(limit)}")
    return con.execute(sql, args).df(), total
