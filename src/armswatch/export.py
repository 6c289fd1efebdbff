"""CSV export of a table of the store's current snapshot, streamed in batches."""

import csv
from collections.abc import Callable
from typing import TextIO

import pyarrow as pa

from armswatch.csvsafe import neutralise
from armswatch.errors import ArmswatchError
from armswatch.schema import INDEXES, SUMMARIES, TABLES
from armswatch.store import Store

# The columns each export leads with (the contract other tools rely on), then the rest.
LEADING = {
    "articles": ("id", "title", "published", "source", "url", "lang", "text"),
    "mentions": ("article_id", "entity", "entity_type", "text", "start", "end", "sentence"),
    "entities": ("article_id", "entity", "entity_type", "country", "weapon_type", "latitude", "longitude",
                 "mentions"),
    "events": ("event_id", "article_id", "event_type", "date", "date_precision", "country", "countries",
               "weapon_type", "weapon", "location", "latitude", "longitude", "sentence", "source", "url", "published",
               "confidence", "start", "end"),
}
# Columns an export takes from the article a row belongs to, and from the event's incident.
FROM_ARTICLE = {"events": ("source", "url", "published")}
FROM_INCIDENT = {"events": ("incident_id",)}
# Each order is total (ties broken down to a unique key), so that an export is the same however the
# store's segments are laid out.
ORDER = {"articles": "published, id", "mentions": "article_id, start, end, entity_type, entity",
         "entities": "article_id, mentions DESC, entity, entity_type", "events": "date, article_id, start, event_id",
         "event_incidents": "event_id", "corrections": "made_at, correction_id"}
EXCLUDED = {"articles": {"text_key"}}
INCIDENT_COLUMNS = ("incident_id", "event_type", "date", "date_precision", "country", "weapon_type", "weapon",
                    "location", "latitude", "longitude", "reports", "articles", "languages", "sources", "claimants",
                    "first_published", "last_published", "figures")
REFERENCE_COLUMN = "reference"  # added to the incidents export by the reference check
# One row per incident: its day is the earliest its reports give to the day (a later one is often
# the date of a report), its weapon, type and place those most reports give, who told it, and the
# figures each claimant gave ("JCS: 2 missiles, 1000 km range · KCNA: 1001.2 km range").
INCIDENTS_SQL = """
WITH r AS (
  SELECT coalesce(l.incident_id, t.event_id) AS incident_id, t.*, a.lang, a.source, a.published AS article_published
  FROM events t JOIN articles a ON a.id = t.article_id LEFT JOIN event_incidents l ON l.event_id = t.event_id
  WHERE {where}
)
SELECT incident_id, min(event_type) AS event_type, {date} AS date,
  CASE WHEN count(*) FILTER (WHERE date_precision = 'day') > 0 THEN 'day' ELSE min(date_precision) END
    AS date_precision,
  coalesce(mode(nullif(country, '')), '') AS country,
  coalesce(mode(nullif(weapon_type, '')) FILTER (WHERE weapon_type NOT IN ('missile', 'ballistic_missile', 'other')),
           mode(nullif(weapon_type, '')), '') AS weapon_type,
  coalesce(mode(nullif(weapon, '')), '') AS weapon,
  coalesce(first(location ORDER BY confidence DESC, event_id) FILTER (WHERE location <> ''), '') AS location,
  first(latitude ORDER BY confidence DESC, event_id) FILTER (WHERE location <> '') AS latitude,
  first(longitude ORDER BY confidence DESC, event_id) FILTER (WHERE location <> '') AS longitude,
  count(*) AS reports, count(DISTINCT article_id) AS articles,
  string_agg(DISTINCT lang, '|' ORDER BY lang) AS languages,
  string_agg(DISTINCT nullif(source, ''), '|' ORDER BY nullif(source, '')) AS sources,
  string_agg(DISTINCT nullif(claimant, ''), '|' ORDER BY nullif(claimant, '')) AS claimants,
  strftime(min(article_published), '%Y-%m-%d') AS first_published,
  strftime(max(article_published), '%Y-%m-%d') AS last_published,
  coalesce(string_agg(DISTINCT figures, ' · ' ORDER BY figures), '') AS figures
FROM (SELECT *, coalesce(nullif(claimant, ''), source, '?') || ': ' || nullif(concat_ws(', ',
        missiles || ' missiles', printf('%g km range', range_km), printf('%g km apogee', apogee_km),
        printf('%g min', flight_minutes)), '') AS figures FROM r)
GROUP BY incident_id ORDER BY date, incident_id
"""


INCIDENT_DATE = "coalesce(min(date) FILTER (WHERE date_precision = 'day'), min(date))"


def incidents_sql(where: str = "TRUE") -> str:
    """The incidents query, over the incidents whose reports (``t``, ``a``, ``l``) ``where`` keeps."""
    return INCIDENTS_SQL.format(where=where, date=INCIDENT_DATE)
# the text index is the text; the summaries are what the other exports show
EXPORTS = (*(table for table in TABLES if table not in INDEXES and table not in SUMMARIES), "incidents")


def columns(table: str) -> list[str]:
    if table == "incidents":
        return [*INCIDENT_COLUMNS, REFERENCE_COLUMN]
    if table not in TABLES:
        raise ArmswatchError("E304", table=table, tables=", ".join(EXPORTS))
    lead = list(LEADING.get(table, ()))
    rest = [c for c in TABLES[table].names if c not in lead and c not in EXCLUDED.get(table, set())]
    return lead + rest + list(FROM_INCIDENT.get(table, ()))


def column_sql(table: str, column: str, alias: str = "t") -> str:
    """One exported column as SQL: from the row (``alias``) or, for columns an export takes from the
    article, from ``a``; dates as ``YYYY-MM-DD`` and times as ISO 8601 UTC text, the same everywhere."""
    if column in FROM_INCIDENT.get(table, ()):
        return f'coalesce(l."{column}", {alias}.event_id) AS "{column}"'  # no link yet: an incident of its own
    source, schema = ("a", TABLES["articles"]) if column in FROM_ARTICLE.get(table, ()) else (alias, TABLES[table])
    kind = schema.field(column).type
    if pa.types.is_date(kind):
        return f"strftime({source}.\"{column}\", '%Y-%m-%d') AS \"{column}\""
    if pa.types.is_timestamp(kind):
        return f"strftime({source}.\"{column}\", '%Y-%m-%dT%H:%M:%SZ') AS \"{column}\""
    return f'{source}."{column}"'


def incident_join(alias: str) -> str:
    """The join that gives the events of ``alias`` their incident (``column_sql`` reads it as ``l``)."""
    return f"LEFT JOIN event_incidents l ON l.event_id = {alias}.event_id"


def select(table: str) -> str:
    """The query behind an export: the table's columns, with its article's where the export shows them."""
    if table == "incidents":
        return incidents_sql()
    names = ", ".join(column_sql(table, c) for c in columns(table))
    join = " JOIN articles a ON a.id = t.article_id" if table in FROM_ARTICLE else ""
    join += " " + incident_join("t") if table in FROM_INCIDENT else ""
    order = ", ".join(f"t.{c.split()[0]}" + (" DESC" if "DESC" in c else "") for c in ORDER[table].split(", "))
    return f"SELECT {names} FROM {table} t{join} ORDER BY {order}"


def export_csv(store: Store, table: str, out: TextIO, batch_rows: int = 10_000, raw: bool = False) -> int:
    """Write the table as CSV (header first) and return the number of rows written. Text cells that a
    spreadsheet would run as a formula are neutralised as the dashboard's downloads are, unless ``raw``."""
    names = columns(table)
    con = store.snapshot().connect()
    result = con.execute(select(table))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    cell = (lambda v: "" if v is None else v) if raw else (lambda v: "" if v is None else neutralise(v))
    extra = _reference_of(store) if table == "incidents" else None
    count = 0
    while rows := result.fetchmany(batch_rows):
        if extra is not None:
            rows = [(*row, extra(row)) for row in rows]
        writer.writerows([cell(v) for v in row] for row in rows)
        count += len(rows)
    return count


def _reference_of(store: Store) -> Callable[[tuple], str]:
    """An incidents export row → what the reference record says of it (see ``armswatch.reference``)."""
    from armswatch.reference import Incident, load_reference, status

    tests = load_reference(store.root)
    at = {name: i for i, name in enumerate(INCIDENT_COLUMNS)}

    def reference(row: tuple) -> str:
        incident = Incident(*(row[at[c]] or "" for c in ("incident_id", "event_type", "date", "date_precision",
                                                          "country", "weapon_type")),
                            row[at["latitude"]], row[at["longitude"]])
        said, test = status(incident, tests)
        return f"{said}: {test.label}" if test else said

    return reference
