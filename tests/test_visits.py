"""What is new since an analyst's last visit: visits recorded in the store, the sidebar's "New since"
filter and the Overview's count of new incidents."""

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from armswatch import visits
from armswatch.queries.filters import Filters
from armswatch.store import Store
from armswatch.visits import VISIT_GAP, start_visit
from conftest import ingest_annotated, ingest_records

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
LATER = {"id": "later-1", "published": "2026-11-30", "lang": "en", "title": "A new launch",
         "text": "North Korea fired a ballistic missile from Sohae on Monday, the Joint Chiefs of Staff said."}


def test_a_visit_is_new_since_the_last_one_a_reload_is_not(tmp_path: Path):
    assert start_visit(tmp_path, "browser:a", T0).since is None  # a first visit: nothing to call new
    assert start_visit(tmp_path, "browser:a", T0 + timedelta(minutes=5)).since is None  # a reload
    back = T0 + VISIT_GAP + timedelta(hours=2)
    assert start_visit(tmp_path, "browser:a", back).since == T0 + timedelta(minutes=5)
    assert start_visit(tmp_path, "browser:a", back + timedelta(minutes=1)).since == T0 + timedelta(minutes=5)
    assert start_visit(tmp_path, "user:b@example.org", back).since is None  # each visitor their own
    (tmp_path / visits.VISITS).write_text("{damaged", encoding="utf-8")
    assert start_visit(tmp_path, "browser:a", back).since is None  # starts again, nothing else lost


def test_visitors_kept_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(visits, "MAX_VISITORS", 3)
    for n in range(5):
        start_visit(tmp_path, f"browser:{n}", T0 + timedelta(minutes=n))
    assert sorted(json.loads((tmp_path / visits.VISITS).read_text())) == ["browser:2", "browser:3", "browser:4"]


def test_the_new_filter_and_the_overviews_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = ingest_annotated(Store(tmp_path / "store"))
    monkeypatch.setenv("ARMSWATCH_STORE", str(store.root))
    monkeypatch.setattr("armswatch.ui.common._visitor", lambda: "browser:analyst")
    monkeypatch.setattr(visits, "VISIT_GAP", timedelta(0))  # any later session is a new visit
    since = start_visit(store.root, "browser:analyst").seen  # the last visit, after the fixture's articles
    time.sleep(1.1)  # ingest times are to the second
    ingest_records(store, [LATER], tmp_path)
    con = store.snapshot().connect()
    new_incidents = con.execute("SELECT count(DISTINCT coalesce(l.incident_id, e.event_id)) FROM events e "
                                "JOIN articles a ON a.id = e.article_id LEFT JOIN event_incidents l USING (event_id) "
                                "WHERE a.ingested_at > ? AND e.confidence >= 0.5", [since]).fetchone()[0]
    assert new_incidents >= 1  # the new article's launch
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not app.exception
    assert f"**{new_incidents:,} new incidents** since your last visit ({since:%Y-%m-%d %H:%M} UTC)" in (
        app.info[0].value)
    app.toggle(key="f_new").set_value(True).run()
    assert app.metric[0].value == "1"  # the one article ingested since
    assert f"since={since:%Y-%m-%dT%H:%M:%SZ}" in "&".join(f"{k}={v}" for k, v in app.query_params.items())
    assert Filters.from_params({"since": f"{since:%Y-%m-%dT%H:%M:%SZ}"}).since == since
