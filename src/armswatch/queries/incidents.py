"""Incident queries: the incidents the filters reach, and one incident's reports and figures."""

import pandas as pd
from duckdb import DuckDBPyConnection

from armswatch.export import INCIDENT_DATE, incidents_sql
from armswatch.queries.events import event_from, event_where, reads_articles
from armswatch.queries.filters import Filters

FIGURES = {"missiles": "missiles", "range_km": "km range", "apogee_km": "km apogee", "flight_minutes": "min flight"}


def incident_list(con: DuckDBPyConnection, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The incidents with a report among the filtered events, newest first (the ``limit`` newest), in
    the columns of ``armswatch export incidents`` (all their reports counted, not only the filtered ones)."""
    where, args = event_where(filters)
    reached = f"SELECT coalesce(l.incident_id, e.event_id) {event_from(where, reads_articles(filters))}"
    if limit:  # the newest first, on the date the export gives them, before the costly columns of only those
        newest = (f"SELECT coalesce(l.incident_id, t.event_id) FROM events t LEFT JOIN event_incidents l "
                  f"USING (event_id) WHERE coalesce(l.incident_id, t.event_id) IN ({reached}) GROUP BY 1 "
                  f"ORDER BY {INCIDENT_DATE} DESC NULLS LAST, 1 LIMIT {int(limit)}")
        reached, args = "SELECT unnest(?)", [[row[0] for row in con.execute(newest, args).fetchall()]]
    sql = (f"SELECT * FROM ({incidents_sql(f'coalesce(l.incident_id, t.event_id) IN ({reached})')}) "
           f"ORDER BY date DESC NULLS LAST, incident_id")
    return con.execute(sql, args).df()


def incident_count(con: DuckDBPyConnection, filters: Filters) -> int:
    """How many incidents have a report among the filtered events."""
    where, args = event_where(filters)
    from_events = event_from(where, reads_articles(filters))
    return con.execute(f"SELECT count(DISTINCT coalesce(l.incident_id, e.event_id)) {from_events}",
                       args).fetchone()[0]


def incident(con: DuckDBPyConnection, incident_id: str) -> dict | None:
    """One incident's row (the columns of ``armswatch export incidents``), or None."""
    found = con.execute(incidents_sql("coalesce(l.incident_id, t.event_id) = ?"), [incident_id]).df()
    return None if found.empty else found.iloc[0].to_dict()


def incident_reports(con: DuckDBPyConnection, incident_id: str) -> pd.DataFrame:
    """Every report of one incident, in the order they were published: who said what, when, where."""
    sql = ("SELECT e.event_id, e.date, e.date_precision, e.event_type, e.country, e.claimant, e.sentence, e.weapon, "
           "e.weapon_type, e.location, e.missiles, e.range_km, e.apogee_km, e.flight_minutes, e.confidence, "
           "a.source, a.lang, strftime(a.published, '%Y-%m-%d') AS published, a.title, a.url, e.article_id "
           f"{event_from('coalesce(l.incident_id, e.event_id) = ?')} "
           "ORDER BY a.published NULLS LAST, e.date, e.event_id")
    return con.execute(sql, [incident_id]).df()


def claimed_figures(reports: pd.DataFrame) -> pd.DataFrame:
    """The figures each report gives (the reports with none left out), with who claims them."""
    given = reports[list(FIGURES)].notna().any(axis=1)
    claims = reports[given].assign(claimant=lambda r: r.claimant.where(r.claimant.fillna("") != "", r.source))
    return claims[["claimant", *FIGURES, "source", "published", "sentence"]].reset_index(drop=True)


def disagreements(figures: pd.DataFrame) -> list[str]:
    """Each figure the claims give differently: "km range: 1000 (JCS), 1001.2 (KCNA)"."""
    said = []
    for column, unit in FIGURES.items():
        values = figures.dropna(subset=[column]).groupby(column, sort=True)["claimant"].agg(
            lambda names: ", ".join(sorted(set(names))))
        if len(values) > 1:
            said.append(f"{unit}: " + "; ".join(f"{value:g} ({names})" for value, names in values.items()))
    return said
