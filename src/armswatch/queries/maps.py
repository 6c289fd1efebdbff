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
    more = f"CASE WHEN len(told) > {DETAILS} THEN '; and ' || (len(told) - {DETAILS}) || ' more' ELSE '' END"
    sql = (f"SELECT name, latitude, longitude, count, event_type, "
           f"array_to_string(list_slice(told, 1, {DETAILS}), '; ') || {more} AS detail "
           f"FROM (SELECT e.location AS name, any_value(e.latitude) AS latitude, any_value(e.longitude) AS longitude, "
           f"count(DISTINCT {counted(filters)}) AS count, e.event_type, "
           f"list_sort(list_distinct(list({told})), 'DESC') AS told "
           f"{event_from(where, reads_articles(filters))} AND e.latitude IS NOT NULL "
           f"GROUP BY e.location, e.event_type)")
    if with_places:
        place_args: list = []
        in_filtered = in_articles("article_id", filters, place_args)
        sql += (f" UNION ALL SELECT entity, any_value(latitude), any_value(longitude), count(*), "  # a row per article
                f"'mentions', count(*) || ' articles' FROM entities "
                f"WHERE entity_type = 'PLACE' AND latitude IS NOT NULL AND {in_filtered} GROUP BY entity")
        args += place_args
    return con.execute(f"SELECT * FROM ({sql}) ORDER BY count DESC, name, event_type", args).df()
