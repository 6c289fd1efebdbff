"""The dashboard's first screens, computed at publish: equal to the live queries, dropped by new rows,
read by the pages."""

import functools
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from armswatch import views
from armswatch.events.patterns import EVENT_TYPES
from armswatch.ingest import ingest
from armswatch.queries import entities, events
from armswatch.queries.filters import Filters
from armswatch.store import Store
from armswatch.views import (
    FILTER_VALUES,
    FILTERED,
    decode,
    entity_start,
    entity_views,
    frequent_values,
    key,
    publish,
    start_views,
    stored_views,
    timeline_filters,
)
from conftest import ingest_annotated

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "annotated.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(views, "FILTERED_FROM", 0)  # the pages on one filter's values too, as in a big store
        return ingest_annotated(Store(tmp_path_factory.mktemp("store")))


def _wanted(con: object, filters: Filters) -> list:
    query, filters, args = entity_start(filters)
    start = query(con, Filters(), *args)
    return [*start_views(filters), entity_start(filters), *entity_views(query(con, filters, *args), filters, start)]


def test_every_published_view_is_what_its_query_gives(store: Store):
    con = store.snapshot().connect()
    published = stored_views(con)
    top = entities.top_entities(con, Filters(), "PERSON", 15)
    assert entity_views(top) and not top.empty
    one_value = frequent_values(con)
    # an ingest publishes every page on the default filters and on each of the most frequent values
    assert {f.countries for f in one_value} >= {("KP",), ("RU",)} and len(one_value) <= FILTER_VALUES * len(FILTERED)
    wanted = [view for filters in [Filters(), *one_value] for view in _wanted(con, filters)]
    assert len(published) == len({key(*view) for view in wanted}) >= 15 * (1 + len(one_value))
    for query, filters, args in wanted:
        stored, live = decode(*published[key(query, filters, args)]), query(con.cursor(), filters, *args)
        if isinstance(live, tuple):
            (stored, count), (live, live_count) = stored, live
            assert count == live_count
        if isinstance(live, pd.DataFrame):
            # on the default filters every view has rows (a filter's may not)
            assert not live.empty or filters != Filters() or query.__name__ in {"articles_mentioning"}, query.__name__
            pd.testing.assert_frame_equal(stored, live, check_dtype=False)
        else:
            assert stored == live


def test_a_small_store_publishes_the_first_screens_only(store: Store, tmp_path: Path):
    small = Store(tmp_path / "small")
    ingest([str(FIXTURE)], small)
    published = stored_views(small.snapshot().connect())
    start = (repr(Filters()), repr(timeline_filters(Filters())))  # what the pages open on
    assert published and all(any(filters in k for filters in start) for k in published)


def test_new_rows_drop_the_views_of_the_content_before(store: Store, tmp_path: Path):
    copy = Store(tmp_path / "copy")
    ingest([str(FIXTURE)], copy)
    assert stored_views(copy.snapshot().connect())
    with copy.writer() as writer:
        before = writer.snapshot
        writer.append({"articles": before.connect().sql("SELECT * FROM articles LIMIT 1").to_arrow_table()
                       .set_column(0, "id", [["new-1"]])})
    assert stored_views(copy.snapshot().connect()) == {}  # nothing stale: the pages compute


def test_a_page_reads_its_first_screen_from_the_views(store: Store, monkeypatch: pytest.MonkeyPatch):
    real = events.event_count

    @functools.wraps(real)  # the same key as the real query
    def not_run(*args: object) -> int:
        raise AssertionError("computed, not read from the views")

    monkeypatch.setattr(events, "event_count", not_run)
    monkeypatch.setenv("ARMSWATCH_STORE", str(store.root))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not app.exception
    assert app.metric[2].value == f"{real(store.snapshot().connect(), Filters()):,}"
    app.multiselect(key="f_countries").set_value(["RU"]).run()  # one of the most frequent values: published
    assert not app.exception
    assert app.metric[2].value == f"{real(store.snapshot().connect(), Filters(countries=('RU',))):,}"
    app.multiselect(key="f_countries").set_value(["RU", "KP"]).run()  # a combination: computed
    assert app.exception and "computed, not read from the views" in app.exception[0].message


def test_publishing_what_the_snapshot_holds_publishes_nothing(store: Store, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(views, "FILTERED_FROM", 0)
    copy = Store(tmp_path / "copy")
    ingest([str(FIXTURE)], copy)
    version = copy.snapshot().version
    with copy.writer() as writer:
        publish(writer, filtered=True)
    assert copy.snapshot().version == version


def test_the_timeline_shows_its_types_among_the_sidebars():
    assert timeline_filters(Filters()).event_types == ("missile_test", "weapons_announcement")
    assert timeline_filters(Filters(event_types=("missile_test", "exercise"))).event_types == ("missile_test",)
    # none of the types it shows is the sidebar's: the sidebar's, never every type
    assert timeline_filters(Filters(event_types=("exercise",))).event_types == ("exercise",)
    assert timeline_filters(Filters(), ()).event_types == EVENT_TYPES  # none picked: every type


def test_an_ingest_that_stores_no_article_publishes_no_views(tmp_path: Path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"id": "no-text"}\n', encoding="utf-8")  # rejected: no text
    store = Store(tmp_path / "store")
    ingest([str(empty)], store)
    assert not store.snapshot().files.get("views")
