"""Entity queries: counts per type, top entities, one entity's mentions over time and company."""

import pandas as pd
from duckdb import DuckDBPyConnection

from armswatch.queries.filters import Filters, article_clause

ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "PLACE", "WEAPON", "WEAPON_TYPE")
# The entities table has one row per article and entity (mentions.entity_rows): the articles of an
# entity are counted as its rows, far cheaper than distinct article ids over millions of rows.


def _article_parts(filters: Filters, args: list, column: str) -> tuple[list[str], list[str]]:
    """The filters' conditions on an article: those on its own row ``a`` (language, source, text,
    publication date) and those on the article id ``column`` (the entities it mentions, the events
    it reports)."""
    own = [clause] if (clause := article_clause(filters, args)) != "TRUE" else []
    if filters.date_from:
        args.append(filters.date_from)
        own.append("a.published >= ?")
    if filters.date_to:
        args.append(filters.date_to)
        own.append("a.published <= ?")
    mentions = []
    for values, condition in ((filters.countries, "x.entity_type = 'COUNTRY' AND list_contains(?, x.country)"),
                              (filters.weapon_types, "list_contains(?, x.weapon_type)"),
                              (filters.weapons, "x.entity_type = 'WEAPON' AND list_contains(?, x.entity)")):
        if values:
            args.append(list(values))
            mentions.append(f"{column} IN (SELECT x.article_id FROM entities x WHERE {condition})")
    if filters.event_types:
        args.append(list(filters.event_types))
        mentions.append(f"{column} IN (SELECT article_id FROM events WHERE list_contains(?, event_type))")
    return own, mentions


def article_where(filters: Filters, args: list) -> str:
    """SQL condition on the filtered articles ``a`` (dates on publication; countries and weapons as
    entities the article mentions); "TRUE" when nothing filters them."""
    own, mentions = _article_parts(filters, args, "a.id")
    return " AND ".join(own + mentions) or "TRUE"


def in_articles(column: str, filters: Filters, args: list) -> str:
    """SQL condition: ``column`` (an article id) is a filtered article's; "TRUE" when nothing filters
    them, so that an unfiltered view reads no more than it shows, and no read of the articles when
    only what they mention filters them."""
    own_args: list = []
    own, mentions = _article_parts(filters, own_args, column)
    if own:
        return f"{column} IN (SELECT a.id FROM articles a WHERE {article_where(filters, args)})"
    args += own_args
    return " AND ".join(mentions) or "TRUE"


def _one_entity(filters: Filters, entity: str, entity_type: str, args: list, alias: str = "x") -> str:
    """Condition: a row of the entities table for one entity in a filtered article."""
    in_filtered = in_articles(f"{alias}.article_id", filters, args)
    condition = f"{in_filtered} AND {alias}.entity = ? AND {alias}.entity_type = ?"
    args += [entity, entity_type]
    return condition


def _limited(sql: str, limit: int | None) -> str:
    return f"{sql} LIMIT {int(limit)}" if limit else sql


def counts_by_type(con: DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """entity_type, entities (distinct), mentions, articles: one row per entity type."""
    args: list = []
    sql = (f"SELECT entity_type, count(DISTINCT entity) AS entities, sum(mentions) AS mentions, "
           f"count(DISTINCT article_id) AS articles FROM entities WHERE {in_articles('article_id', filters, args)} "
           f"GROUP BY entity_type ORDER BY mentions DESC, entity_type")
    return con.execute(sql, args).df()


def entity_count(con: DuckDBPyConnection, filters: Filters) -> int:
    """How many distinct entities the filtered articles mention (``counts_by_type`` without its costly
    distinct articles per type)."""
    args: list = []
    sql = (f"SELECT count(*) FROM (SELECT DISTINCT entity_type, entity FROM entities "
           f"WHERE {in_articles('article_id', filters, args)})")
    return con.execute(sql, args).fetchone()[0]


def top_entities(con: DuckDBPyConnection, filters: Filters, entity_type: str | None = None,
                 limit: int | None = 20) -> pd.DataFrame:
    """entity, entity_type, country, weapon_type, articles, mentions: the most mentioned entities."""
    args: list = []
    where = in_articles("article_id", filters, args)
    if entity_type:
        args.append(entity_type)
        where += " AND entity_type = ?"
    sql = (f"SELECT entity, entity_type, any_value(country) AS country, any_value(weapon_type) AS weapon_type, "
           f"count(*) AS articles, sum(mentions) AS mentions FROM entities WHERE {where} "
           f"GROUP BY entity, entity_type ORDER BY mentions DESC, entity")
    return con.execute(_limited(sql, limit), args).df()


def top_per_type(con: DuckDBPyConnection, filters: Filters, limit: int = 8) -> pd.DataFrame:
    """The ``limit`` most mentioned entities of every type, in one pass (columns as ``top_entities``)."""
    args: list = []
    sql = (f"SELECT entity, entity_type, any_value(country) AS country, any_value(weapon_type) AS weapon_type, "
           f"count(*) AS articles, sum(mentions) AS mentions FROM entities "
           f"WHERE {in_articles('article_id', filters, args)} GROUP BY entity, entity_type "
           f"QUALIFY row_number() OVER (PARTITION BY entity_type ORDER BY sum(mentions) DESC, entity) <= {int(limit)} "
           f"ORDER BY entity_type, mentions DESC, entity")
    return con.execute(sql, args).df()


def mentions_by_month(con: DuckDBPyConnection, filters: Filters, entity: str, entity_type: str) -> pd.DataFrame:
    """month, articles, mentions for one entity."""
    args: list = []
    sql = (f"SELECT date_trunc('month', a.published) AS month, count(*) AS articles, "
           f"sum(x.mentions) AS mentions FROM entities x JOIN articles a ON a.id = x.article_id "
           f"WHERE {_one_entity(filters, entity, entity_type, args)} AND a.published IS NOT NULL "
           f"GROUP BY month ORDER BY month")
    return con.execute(sql, args).df()


def cooccurring(con: DuckDBPyConnection, filters: Filters, entity: str, entity_type: str,
                limit: int | None = 20) -> pd.DataFrame:
    """entity, entity_type, articles: what the articles that mention one entity also mention."""
    args: list = []
    mentioning = f"SELECT x.article_id FROM entities x WHERE {_one_entity(filters, entity, entity_type, args)}"
    args += [entity, entity_type]
    sql = (f"SELECT o.entity, o.entity_type, count(*) AS articles FROM entities o "
           f"WHERE o.article_id IN ({mentioning}) AND NOT (o.entity = ? AND o.entity_type = ?) "
           f"GROUP BY o.entity, o.entity_type ORDER BY articles DESC, o.entity")
    return con.execute(_limited(sql, limit), args).df()


def articles_mentioning(con: DuckDBPyConnection, filters: Filters, entity: str, entity_type: str,
                        limit: int | None = None) -> pd.DataFrame:
    """id, title, published, source, url, lang, mentions: the filtered articles that mention one entity
    (the ``limit`` newest)."""
    args: list = []
    sql = (f"SELECT a.id, a.title, strftime(a.published, '%Y-%m-%d') AS published, a.source, a.url, a.lang, "
           f"x.mentions FROM entities x "
           f"JOIN articles a ON a.id = x.article_id WHERE {_one_entity(filters, entity, entity_type, args)} "
           f"ORDER BY a.published DESC NULLS LAST, a.id")
    return con.execute(_limited(sql, limit), args).df()


def article_count(con: DuckDBPyConnection, filters: Filters) -> int:
    args: list = []
    return con.execute(f"SELECT count(*) FROM articles a WHERE {article_where(filters, args)}", args).fetchone()[0]
