"""The dashboard's first screens, computed at publish: equal to the live queries, dropped by new rows,
read by the pages."""

import functools
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from armswatch.ingest import ingest
from armswatch.nlp.pipeline import get_pipeline
from armswatch.queries import entities, events
from armswatch.queries.filters import Filters
from armswatch.store import Store
from armswatch.views import ENTITIES_START, decode, entity_views, key, start_views, stored_views

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "annotated.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("store"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARMSWATCH_MODEL_EN", "blank")
        patch.setenv("ARMSWATCH_MODEL_FR", "blank")
        get_pipeline.cache_clear()
        ingest([str(FIXTURE)], store)
        get_pipeline.cache_clear()
    return store


def test_every_published_view_is_what_its_query_gives(store: Store):
    con = store.snapshot().connect()
    published = stored_views(con)
    top = ENTITIES_START[0](con, ENTITIES_START[1], *ENTITIES_START[2])
    wanted = start_views() + entity_views(top)
    assert entity_views(top) and top.equals(entities.top_entities(con, Filters(), "PERSON", 15))
    assert len(published) == len({key(*view) for view in wanted}) >= 15
    for query, filters, args in wanted:
        stored, live = decode(*published[key(query, filters, args)]), query(con.cursor(), filters, *args)
        if isinstance(live, tuple):
            (stored, count), (live, live_count) = stored, live
            assert count == live_count
        if isinstance(live, pd.DataFrame):
            assert not live.empty or query.__name__ in {"articles_mentioning"}, query.__name__
            pd.testing.assert_frame_equal(stored, live, check_dtype=False)
        else:
            assert stored == live


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
    app.multiselect(key="f_countries").set_value(["RU"]).run()  # other filters: computed
    assert app.exception and "computed, not read from the views" in app.exception[0].message
