"""Map query: where events happened and which places articles name, with coordinates."""

import pandas as pd
from duckdb import DuckDBPyConnection

from armswatch.queries.entities import in_articles
from armswatch.queries.events import counted, event_from, event_where, reads_articles
from armswatch.queries.filters import Filters

DETAILS = 5  # the most recent events a marker's hover names; the count says how many more (the browser gets no more)


def map_points(con: DuckDBPyConnection, filters: Filters, with_places: bool = True) -> pd.DataFrame:
    """name, latitude, longitude, count, event_type, detail: one row per event location and type,
    counting incidents (or reports), its detail the latest few, plus (``with_places``) one per place the
    filtered articles mention (event_type "mentions")."""
    where, args = event_where(filters)
    told = ("coalesce(e.date, '?') || ' ' || coalesce(nullif(e.weapon, ''), nullif(e.weapon_type, ''), e.event_type) "
            "|| coalesce(' (' || nullif(e.claimant, '') || ')', '')")
    more = f"CASE WHEN told > {DETAILS} THEN '; and ' || (told - {DETAILS}) || ' more' ELSE '' END"
    # the latest few of each place's distinct lines, never the list of them all (a place's events are
    # hundreds of thousands at a million articles: their lists took more memory than a publish has)
    sql = (f"WITH located AS (SELECT e.location AS name, e.event_type, e.latitude, e.longitude, "
           f"{counted(filters)} AS counted, {told} AS told {event_from(where, reads_articles(filters))} "
           f"AND e.latitude IS NOT NULL), "
           f"lines AS (SELECT name, event_type, count(told) AS told, max(told, {DETAILS}) AS latest "
           f"FROM (SELECT DISTINCT name, event_type, told FROM located) GROUP BY name, event_type) "
           f"SELECT name, latitude, longitude, count, event_type, array_to_string(latest, '; ') || {more} AS detail "
           f"FROM (SELECT name, event_type, any_value(latitude) AS latitude, any_value(longitude) AS longitude, "
           f"count(DISTINCT counted) AS count FROM located GROUP BY name, event_type) "
           f"JOIN lines USING (name, event_type)")
    if with_places:
        place_args: list = []
        in_filtered = in_articles("article_id", filters, place_args)
        sql += (f" UNION ALL SELECT entity, any_value(latitude), any_value(longitude), count(*), "  # a row per article
                f"'mentions', count(*) || ' articles' FROM entities "
                f"WHERE entity_type = 'PLACE' AND latitude IS NOT NULL AND {in_filtered} GROUP BY entity")
        args += place_args
    return con.execute(f"SELECT * FROM ({sql}) ORDER BY count DESC, name, event_type", args).df()
