"""Every aggregate the dashboard shows has one row per group: counts are never split over repeated rows.

The store is made by hand so that each group gathers rows that differ in the columns behind it
(events of one month on different days and with month-only dates, one entity in many articles,
one place named by events and articles).
"""

from datetime import date

import pyarrow as pa
import pytest

from armswatch.queries import entities, events
from armswatch.queries.filters import Filters
from armswatch.queries.maps import map_points
from armswatch.schema import ARTICLES, ENTITIES, EVENTS
from armswatch.store import Store

DAYS = ["2024-01-02", "2024-01-05", "2024-01", "", "2024-02-11", "2024-02-12"]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    articles = [{"id": f"a{n}", "title": f"Article {n}", "published": date(2024, 1 + n % 2, 10 + n), "source": "wire",
                 "lang": "en", "text": "North Korea fired missiles from Sohae."} for n in range(6)]
    found = [{"article_id": f"a{n}", "entity": name, "entity_type": kind, "country": country, "weapon_type": "",
              "latitude": lat, "longitude": lon, "mentions": 1 + n}
             for n in range(6) for name, kind, country, lat, lon in (
                 ("North Korea", "COUNTRY", "KP", None, None), ("Sohae", "PLACE", "KP", 39.66, 124.705),
                 ("Kim Jong Un", "PERSON", "KP", None, None))]
    happened = [{"event_id": f"e{n}", "article_id": f"a{n}", "event_type": "missile_test", "date": day,
                 "country": "KP", "countries": "KP", "weapon_type": "icbm", "location": "Sohae", "latitude": 39.66,
                 "longitude": 124.705, "sentence": f"Launch {n}.", "start": 0, "end": 10, "confidence": 0.8}
                for n, day in enumerate(DAYS)]
    store = Store(tmp_path_factory.mktemp("store"))
    with store.writer() as writer:
        writer.append({"articles": pa.Table.from_pylist(articles, ARTICLES),
                       "entities": pa.Table.from_pylist(found, ENTITIES),
                       "events": pa.Table.from_pylist(happened, EVENTS)})
    return store.snapshot().connect()


def assert_one_row_per(frame, *keys: str) -> None:
    assert not frame.empty
    assert not frame.duplicated(list(keys)).any(), frame[frame.duplicated(list(keys), keep=False)]


def test_events_by_month_has_one_row_per_month_and_type(con):
    months = events.events_by_month(con, Filters())
    assert_one_row_per(months, "month", "event_type")
    # the undated event of a3 (published 13 February) counts in February with the two dated there
    assert dict(zip(months.month.dt.strftime("%Y-%m"), months.events, strict=True)) == {"2024-01": 3, "2024-02": 3}


def test_entity_aggregates_have_one_row_per_entity(con):
    assert_one_row_per(entities.counts_by_type(con, Filters()), "entity_type")
    top = entities.top_entities(con, Filters(), limit=None)
    assert_one_row_per(top, "entity", "entity_type")
    assert top.set_index("entity").loc["Sohae", "mentions"] == sum(range(1, 7))
    assert_one_row_per(entities.top_per_type(con, Filters()), "entity", "entity_type")
    assert_one_row_per(entities.mentions_by_month(con, Filters(), "Sohae", "PLACE"), "month")
    assert_one_row_per(entities.cooccurring(con, Filters(), "Sohae", "PLACE", limit=None), "entity", "entity_type")


def test_map_points_have_one_row_per_place_and_kind(con):
    points = map_points(con, Filters())
    assert_one_row_per(points, "name", "event_type")
    assert points.set_index("event_type").loc["missile_test", "count"] == len(DAYS)
