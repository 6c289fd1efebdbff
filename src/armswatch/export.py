"""CSV export of a table of the store's current snapshot, streamed in batches."""

import csv
from typing import TextIO

import pyarrow as pa

from armswatch.csvsafe import neutralise
from armswatch.errors import ArmswatchError
from armswatch.schema import TABLES
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
# Columns an export takes from the article a row belongs to.
FROM_ARTICLE = {"events": ("source", "url", "published")}
ORDER = {"articles": "published, id", "mentions": "article_id, start", "entities": "article_id, mentions DESC, entity",
         "events": "date, article_id, start"}
EXCLUDED = {"articles": {"text_key"}}


def columns(table: str) -> list[str]:
    if table not in TABLES:
        raise ArmswatchError("E304", table=table, tables=", ".join(TABLES))
    lead = list(LEADING.get(table, ()))
    rest = [c for c in TABLES[table].names if c not in lead and c not in EXCLUDED.get(table, set())]
    return lead + rest


def column_sql(table: str, column: str, alias: str = "t") -> str:
    """One exported column as SQL: from the row (``alias``) or, for columns an export takes from the
    article, from ``a``; dates as ``YYYY-MM-DD`` and times as ISO 8601 UTC text, the same everywhere."""
    source, schema = ("a", TABLES["articles"]) if column in FROM_ARTICLE.get(table, ()) else (alias, TABLES[table])
    kind = schema.field(column).type
    if pa.types.is_date(kind):
        return f"strftime({source}.\"{column}\", '%Y-%m-%d') AS \"{column}\""
    if pa.types.is_timestamp(kind):
        return f"strftime({source}.\"{column}\", '%Y-%m-%dT%H:%M:%SZ') AS \"{column}\""
    return f'{source}."{column}"'


def select(table: str) -> str:
    """The query behind an export: the table's columns, with its article's where the export shows them."""
    names = ", ".join(column_sql(table, c) for c in columns(table))
    join = " JOIN articles a ON a.id = t.article_id" if table in FROM_ARTICLE else ""
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
    count = 0
    while rows := result.fetchmany(batch_rows):
        writer.writerows([cell(v) for v in row] for row in rows)
        count += len(rows)
    return count
