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
}
ORDER = {"articles": "published, id", "mentions": "article_id, start", "entities": "article_id, mentions DESC, entity"}
EXCLUDED = {"articles": {"text_key"}}


def columns(table: str) -> list[str]:
    if table not in TABLES:
        raise ArmswatchError("E304", table=table, tables=", ".join(TABLES))
    lead = list(LEADING.get(table, ()))
    rest = [c for c in TABLES[table].names if c not in lead and c not in EXCLUDED.get(table, set())]
    return lead + rest


def export_csv(store: Store, table: str, out: TextIO, batch_rows: int = 10_000) -> int:
    """Write the table as CSV (header first) and return the number of rows written."""
    names = columns(table)
    con = store.snapshot().connect()
    select = ", ".join(f'"{c}"' for c in names)
    result = con.execute(f"SELECT {select} FROM {table} ORDER BY {ORDER[table]}")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    count = 0
    while rows := result.fetchmany(batch_rows):
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        count += len(rows)
    return count
