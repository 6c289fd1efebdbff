"""Article queries: the filtered list, one article with its mentions and events."""

import pandas as pd
from duckdb import DuckDBPyConnection

from armswatch.export import column_sql, columns
from armswatch.queries.entities import article_where
from armswatch.queries.filters import Filters

ARTICLE_COLUMNS = ", ".join(column_sql("articles", c, "a") for c in columns("articles"))
LIST_COLUMNS = ", ".join(column_sql("articles", c, "a") for c in ("id", "published", "title", "source", "lang", "url"))


def article_list(con: DuckDBPyConnection, filters: Filters, limit: int | None = 500) -> pd.DataFrame:
    """id, published, title, source, lang, url: the filtered articles, newest first."""
    args: list = []
    sql = (f"SELECT {LIST_COLUMNS} FROM articles a WHERE {article_where(filters, args)} "
           f"ORDER BY a.published DESC NULLS LAST, a.id")
    return con.execute(f"{sql} LIMIT {int(limit)}" if limit else sql, args).df()


def article_rows(con: DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The filtered articles with the columns of ``armswatch export articles`` (for download)."""
    args: list = []
    sql = (f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE {article_where(filters, args)} "
           f"ORDER BY a.published DESC NULLS LAST, a.id")
    return con.execute(sql, args).df()


def article(con: DuckDBPyConnection, article_id: str) -> dict | None:
    """One article with the columns of ``armswatch export articles``, or None."""
    row = con.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?", [article_id]).df()
    return None if row.empty else row.iloc[0].to_dict()


def article_mentions(con: DuckDBPyConnection, article_id: str) -> pd.DataFrame:
    return con.execute("SELECT * FROM mentions WHERE article_id = ? ORDER BY start, \"end\" DESC",
                       [article_id]).df()


def article_events(con: DuckDBPyConnection, article_id: str) -> pd.DataFrame:
    return con.execute("SELECT * FROM events WHERE article_id = ? ORDER BY start", [article_id]).df()
