"""Dashboard queries over a small store built from the project's annotated fixture (blank pipelines)."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from armswatch.ingest import ingest
from armswatch.nlp.pipeline import get_pipeline
from armswatch.queries import entities, events
from armswatch.queries.filters import Filters
from armswatch.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "annotated.jsonl"


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARMSWATCH_MODEL_EN", "blank")
        patch.setenv("ARMSWATCH_MODEL_FR", "blank")
        get_pipeline.cache_clear()
        store = Store(tmp_path_factory.mktemp("store"))
        ingest([str(FIXTURE)], store)
        get_pipeline.cache_clear()
    yield store.snapshot().connect()


def test_filters_survive_the_url_round_trip():
    filters = Filters(date_from=date(2024, 1, 1), countries=("KP", "RU"), event_types=("missile_test",), text="Kursk")
    params = filters.to_params()
    assert params == {"date_from": "2024-01-01", "countries": "KP,RU", "event_types": "missile_test", "text": "Kursk"}
    assert Filters.from_params(params) == filters
    assert Filters.from_params({"date_from": "not a date", "countries": ""}) == Filters()


def test_a_country_filter_finds_events_where_it_is_actor_or_involved(con):
    # blank pipelines: the rules decide, with their precision as confidence (deployments' is under 0.5)
    russian = events.events(con, Filters(countries=("RU",), min_confidence=0.0))
    assert set(russian.event_type) == {"deployment", "arms_transfer"}
    assert (russian.country == "KP").all()  # North Korea acts; Russia is involved
    assert all("RU" in c.split("|") for c in russian.countries)


def test_events_carry_the_export_columns_and_their_article(con):
    table = events.events(con, Filters(event_types=("satellite_launch",)))
    assert list(table.columns[:4]) == ["event_id", "article_id", "event_type", "date"]
    (row,) = table.itertuples()
    assert (row.date, row.country, row.location, row.source, row.title) == (
        "2023-11-21", "KP", "Sohae", "defence weekly", "Un satellite espion en orbite")


def test_date_filters_use_the_event_date(con):
    in_2024 = events.events(con, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    assert set(in_2024.date.str[:4]) <= {"2024", ""} and len(in_2024) >= 3
    before_2024 = events.events(con, Filters(date_to=date(2023, 12, 31)))
    assert set(before_2024.date) == {"2023-11-21"} and "satellite_launch" in set(before_2024.event_type)


def test_events_by_month(con):
    months = events.events_by_month(con, Filters())
    assert months.events.sum() == len(events.events(con, Filters()))
    assert (months.loc[months.event_type == "satellite_launch", "month"].dt.strftime("%Y-%m") == "2023-11").all()


def test_entity_counts_and_top_entities(con):
    counts = entities.counts_by_type(con, Filters()).set_index("entity_type")
    assert counts.loc["COUNTRY", "articles"] == 6
    top = entities.top_entities(con, Filters(), "PLACE", limit=1)
    assert top.entity.tolist() == ["Pyongyang"]
    weapons = entities.top_entities(con, Filters(weapon_types=("satellite",)), "WEAPON")
    assert set(weapons.entity) == {"Malligyong-1", "Chollima-1"}


def test_one_entity_over_time_with_company_and_articles(con):
    assert entities.mentions_by_month(con, Filters(), "Kursk", "PLACE").mentions.sum() == 1
    company = entities.cooccurring(con, Filters(), "Kursk", "PLACE")
    assert {"Vladimir Putin", "Russia"} <= set(company.entity)
    articles = entities.articles_mentioning(con, Filters(), "Vladimir Putin", "PERSON")
    assert set(articles.id) == {"fx-fr-2", "fx-en-2"}


def test_text_and_language_filters(con):
    assert entities.article_count(con, Filters(text="Koursk")) == 1
    assert entities.article_count(con, Filters(langs=("fr",))) == 3
    assert entities.article_count(con, Filters(langs=("fr",), text="Hwasong-20")) == 0


def test_empty_store_gives_empty_tables(tmp_path):
    empty = Store(tmp_path).snapshot().connect()
    assert events.events(empty, Filters()).empty
    assert entities.top_entities(empty, Filters()).empty
    assert entities.article_count(empty, Filters()) == 0


def test_the_confidence_filter_hides_unlikely_events_and_shows_in_the_url_only_when_changed():
    from armswatch.queries.filters import DEFAULT_MIN_CONFIDENCE, event_clause

    assert Filters().min_confidence == DEFAULT_MIN_CONFIDENCE and "min_confidence" not in Filters().to_params()
    assert Filters(min_confidence=0.8).to_params() == {"min_confidence": "0.8"}
    assert Filters.from_params({"min_confidence": "0.8"}) == Filters(min_confidence=0.8)
    assert Filters.from_params({"min_confidence": "lots"}) == Filters()
    assert Filters.from_params({"min_confidence": "7"}).min_confidence == 1.0
    con = duckdb.connect()
    con.execute("CREATE TABLE e AS SELECT * FROM (VALUES (0.3), (0.5), (0.9)) t(confidence)")
    for threshold, kept in ((0.0, 3), (0.5, 2), (0.8, 1)):
        args: list = []
        where = event_clause(Filters(min_confidence=threshold), args).replace("e.date", "NULL")
        where = where.replace("a.published", "NULL")
        assert con.execute(f"SELECT count(*) FROM e WHERE {where}", args).fetchone()[0] == kept


def test_entity_rows_are_one_per_article_and_entity(con):
    # the invariant the entity counts rely on (articles counted as rows)
    total, distinct = con.execute("SELECT count(*), count(DISTINCT (article_id, entity, entity_type)) "
                                  "FROM entities").fetchone()
    assert total == distinct > 0


@pytest.mark.parametrize("filters", [Filters(), Filters(langs=("fr",)), Filters(countries=("RU",))])
def test_the_overview_entity_total_is_the_sum_over_types(con, filters):
    assert entities.entity_count(con, filters) == entities.counts_by_type(con, filters).entities.sum() > 0
    top = entities.top_entities(con, filters, limit=None)
    for row in top.head(3).itertuples():  # articles counted as rows: the distinct articles all the same
        assert row.articles == len(entities.articles_mentioning(con, filters, row.entity, row.entity_type))


def test_a_map_marker_names_its_latest_events_and_counts_the_rest(tmp_path):
    import pyarrow as pa

    from armswatch.queries.maps import DETAILS, map_points
    from armswatch.schema import ARTICLES, EVENTS

    store = Store(tmp_path)
    days = [f"2024-03-{d:02d}" for d in range(1, DETAILS + 3)]
    articles = [{"id": f"a{n}", "title": "", "text": "", "lang": "en", "source": "wire"} for n in range(len(days))]
    found = [{"event_id": f"e{n}", "article_id": f"a{n}", "event_type": "missile_test", "date": day,
              "date_precision": "day", "country": "KP", "countries": "KP", "weapon": "Hwasong-18",
              "location": "Sohae", "latitude": 39.66, "longitude": 124.7, "confidence": 0.9}
             for n, day in enumerate(days)]
    with store.writer() as writer:
        writer.append({"articles": pa.Table.from_pylist(articles, ARTICLES),
                       "events": pa.Table.from_pylist(found, EVENTS)})
    (point,) = map_points(store.snapshot().connect(), Filters(), with_places=False).itertuples()
    assert point.count == len(days)
    latest = "; ".join(f"{day} Hwasong-18" for day in reversed(days[-DETAILS:]))
    assert point.detail == f"{latest}; and 2 more"


@pytest.mark.parametrize("filters", [
    Filters(), Filters(countries=("RU",)), Filters(event_types=("missile_test",), min_confidence=0.0),
    Filters(weapons=("Hwasong-18",)), Filters(date_from=date(2024, 1, 1)), Filters(langs=("fr",)),
    Filters(sources=("wire",)), Filters(text="missile"), Filters(reports=True, countries=("KP",))])
def test_event_counts_leave_out_the_article_only_when_the_filters_need_nothing_of_it(con, filters):
    where, _ = events.event_where(filters)
    assert ("a." in where) == events.reads_articles(filters)
    joined = con.execute(f"SELECT count(DISTINCT {events.counted(filters)}) {events.event_from(where)}",
                         events.event_where(filters)[1]).fetchone()[0]
    assert events.event_count(con, filters) == joined


@pytest.mark.parametrize("filters", [Filters(countries=("RU",)), Filters(weapon_types=("icbm",)),
                                     Filters(event_types=("arms_transfer",)),
                                     Filters(countries=("KP",), langs=("fr",))])
def test_the_articles_an_entity_query_keeps_are_the_filtered_articles(con, filters):
    args: list = []
    kept = f"SELECT a.id FROM articles a WHERE {entities.article_where(filters, args)}"
    expected = con.execute(f"SELECT count(*) FROM entities WHERE article_id IN ({kept})", args).fetchone()[0]
    args = []
    condition = entities.in_articles("article_id", filters, args)
    assert con.execute(f"SELECT count(*) FROM entities WHERE {condition}", args).fetchone()[0] == expected > 0
