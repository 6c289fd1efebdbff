"""CSV export of a table of the store's current snapshot, streamed in batches."""

import csv
from typing import TextIO

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


def select(table: str) -> str:
    """The query behind an export: the table's columns, with its article's where the export shows them."""
    joined = FROM_ARTICLE.get(table, ())
    names = ", ".join(f'a."{c}"' if c in joined else f't."{c}"' for c in columns(table))
    join = " JOIN articles a ON a.id = t.article_id" if joined else ""
    order = ", ".join(f"t.{c.split()[0]}" + (" DESC" if "DESC" in c else "") for c in ORDER[table].split(", "))
    return f"SELECT {names} FROM {table} t{join} ORDER BY {order}"


def export_csv(store: Store, table: str, out: TextIO, batch_rows: int = 10_000) -> int:
    """Write the table as CSV (header first) and return the number of rows written."""
    names = columns(table)
    con = store.snapshot().connect()
    result = con.execute(select(table))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    count = 0
    while rows := result.fetchmany(batch_rows):
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        count += len(rows)
    return count
