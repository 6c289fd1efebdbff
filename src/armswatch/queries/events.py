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


def counted(filters: Filters) -> str:
    """What a count counts: an incident (an event not linked yet is one of its own), or each report."""
    return "e.event_id" if filters.reports else "coalesce(l.incident_id, e.event_id)"


def event_from(where: str, articles: bool = True) -> str:
    """The filtered events with their incident (``e``, ``l``) and, unless ``articles`` is False, their
    article (``a``)."""
    joined = "JOIN articles a ON a.id = e.article_id " if articles else ""
    return f"FROM events e {joined}{incident_join('e')} WHERE {where}"


def reads_articles(filters: Filters) -> bool:
    """Whether ``event_where(filters)`` reads the article (dates fall back on its publication; its
    language, source, text and when it was ingested). An event's article is always in the store
    (they are published together), so a count that needs nothing of it can leave out the join: a
    third of its time."""
    return bool(filters.date_from or filters.date_to or filters.langs or filters.sources or filters.text
                or filters.since)


def events(con: DuckDBPyConnection, filters: Filters, limit: int | None = None,
           incident_ids: tuple[str, ...] = ()) -> pd.DataFrame:
    """The filtered events (of these incidents only, when given), newest first, with the columns of
    ``armswatch export events`` and the article's title, for display and download."""
    where, args = event_where(filters)
    if incident_ids:
        where += " AND list_contains(?, coalesce(l.incident_id, e.event_id))"
        args.append(list(incident_ids))
    select = ", ".join(column_sql("events", c, "e") for c in EVENT_COLUMNS)
    order = "e.date DESC NULLS LAST, a.published DESC, e.start, e.event_id"
    if limit:  # the few first found on their keys alone; only they are read whole
        where = (f"e.event_id IN (SELECT e.event_id {event_from(where)} ORDER BY {order} LIMIT {int(limit)})")
    sql = f"SELECT {select}, a.title {event_from(where)} ORDER BY {order}"
    return con.execute(sql, args).df()


def events_by_month(con: DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """month (first day), event_type, events: how many filtered incidents (or reports) each month, one
    row per month and type. One counts in the month of its earliest date (of its article's
    publication when it has none)."""
    where, args = event_where(filters)
    month = "date_trunc('month', COALESCE(TRY_CAST(rpad(e.date, 10, '-01') AS DATE), a.published))"
    sql = (f"SELECT month, event_type, count(*) AS events FROM (SELECT min({month}) AS month, "
           f"min(e.event_type) AS event_type {event_from(where)} GROUP BY {counted(filters)}) "
           f"WHERE month IS NOT NULL GROUP BY month, event_type ORDER BY month, event_type")
    return con.execute(sql, args).df()


def event_count(con: DuckDBPyConnection, filters: Filters) -> int:
    """How many filtered incidents (or reports)."""
    where, args = event_where(filters)
    from_events = event_from(where, reads_articles(filters))
    return con.execute(f"SELECT count(DISTINCT {counted(filters)}) {from_events}", args).fetchone()[0]


def timeline_events(con: DuckDBPyConnection, filters: Filters, limit: int) -> tuple[pd.DataFrame, int]:
    """The most recent ``limit`` dated incidents (or reports), each as the report a timeline mark
    shows (its day, else its earliest date; the likeliest first) with how many reports it has, and
    how many there are."""
    where, args = event_where(filters)
    first = "(e.date_precision <> 'day', e.date, -e.confidence, e.event_id)"  # the report a mark shows
    # one pass groups the reports by incident; only the marks drawn are joined to their columns
    sql = (f"WITH marks AS (SELECT {counted(filters)} AS incident_id, count(*) AS reports, "
           f"arg_min(e.event_id, {first}) AS event_id, arg_min(e.date, {first}) AS date "
           f"{event_from(where, reads_articles(filters))} AND e.date <> '' GROUP BY 1), "
           f"drawn AS (SELECT *, count(*) OVER () AS total FROM marks ORDER BY date DESC, event_id LIMIT {int(limit)}) "
           f"SELECT e.event_id, e.date, e.event_type, e.country, e.countries, e.weapon, e.weapon_type, e.location, "
           f"left(e.sentence, 300) AS sentence, e.claimant, e.confidence, a.source, a.title, a.url, m.incident_id, "
           f"m.reports, m.total FROM drawn m JOIN events e ON e.event_id = m.event_id "
           f"JOIN articles a ON a.id = e.article_id ORDER BY e.date DESC, e.event_id")
    marks = con.execute(sql, args).df()
    total = int(marks.total.iloc[0]) if len(marks) else 0
    return marks.drop(columns="total"), total
