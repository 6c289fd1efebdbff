"""Pages rendered with Streamlit's AppTest on a small store and on an empty one."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from armswatch.store import Store
from conftest import ingest_annotated, ingest_records

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "annotated.jsonl"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("store")
    ingest_annotated(Store(root))
    return root


OVERVIEW = "dashboard.py"
PAGES = [OVERVIEW, "pages/1_Timeline.py", "pages/2_Entities.py", "pages/3_Map.py", "pages/4_Articles.py",
         "pages/5_Ingest.py", "pages/6_Reference_check.py", "pages/7_Incidents.py"]


def run(page: str, store: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    """The dashboard as a visitor opens it: ``page`` with URL ``params``, in a new session."""
    monkeypatch.setenv("ARMSWATCH_STORE", str(store))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    return app.switch_page(page).run()


def test_overview_shows_the_store(store_dir, monkeypatch):
    app = run(OVERVIEW, store_dir, monkeypatch)
    assert not app.exception
    assert [m.value for m in app.metric][:1] == ["6"]
    assert any(d.label == "Download CSV" for d in app.get("download_button"))


def test_a_page_shows_what_a_new_ingest_published_though_its_results_are_kept(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    records = [{"id": f"n{n}", "text": f"Bericht {n}: Nordkorea.", "lang": "de"} for n in range(3)]
    ingest_records(store, records[:2], tmp_path)
    assert run(OVERVIEW, store.root, monkeypatch).metric[0].value == "2"
    assert run(OVERVIEW, store.root, monkeypatch).metric[0].value == "2"  # the same snapshot: from memory
    ingest_records(store, records, tmp_path)
    assert run(OVERVIEW, store.root, monkeypatch).metric[0].value == "3"  # a new snapshot: computed anew


def test_overview_filters_come_from_the_url(store_dir, monkeypatch):
    app = run(OVERVIEW, store_dir, monkeypatch, langs="fr", text="Koursk")
    assert not app.exception
    assert app.metric[0].value == "1"
    assert app.query_params["langs"] == ["fr"] or app.query_params["langs"] == "fr"


def test_overview_counts_incidents_and_every_report_when_asked(store_dir, monkeypatch):
    app = run(OVERVIEW, store_dir, monkeypatch, min_confidence="0")
    assert not app.exception and app.metric[2].label == "Incidents" and not app.toggle(key="f_reports").value
    reports = run(OVERVIEW, store_dir, monkeypatch, min_confidence="0", reports="1")
    assert not reports.exception and reports.metric[2].label == "Reports of events"
    assert reports.toggle(key="f_reports").value
    assert int(reports.metric[2].value) >= int(app.metric[2].value) > 0


def test_the_reference_check_page_lists_what_the_record_says(store_dir, monkeypatch):
    app = run("pages/6_Reference_check.py", store_dir, monkeypatch)
    assert not app.exception
    assert [m.label for m in app.metric] == ["Matched", "Not in reference", "Outside the record", "Not covered"]
    shown = app.dataframe[0].value
    assert len(shown) == sum(int(m.value.replace(",", "")) for m in app.metric) > 0
    assert set(shown.status) <= {"matched", "not in reference", "outside the record", "not covered"}
    assert any(d.label == "Download CSV" for d in app.get("download_button"))



# one launch told by a French daily and by state media the next morning, each with its own range
TOLD_TWICE = [
    {"id": "lemonde", "lang": "fr", "published": "2024-10-31", "source": "Le Monde", "url": "https://example.org/lm",
     "title": "Pyongyang tire un missile intercontinental",
     "text": "La Corée du Nord a tiré jeudi un missile balistique intercontinental, qui a parcouru environ 1 000 km, "
             "selon l'état-major sud-coréen."},
    {"id": "kcna", "lang": "en", "published": "2024-11-01", "source": "KCNA", "url": "https://example.org/kcna",
     "title": "Test-fire of ICBM Hwasong-19",
     "text": "The DPRK test-fired the new ICBM Hwasong-19 on Thursday, which flew 1,001.2 km."},
]


@pytest.fixture(scope="module")
def told_twice(tmp_path_factory: pytest.TempPathFactory, project_gazetteer_blank_english: None) -> Path:
    root = tmp_path_factory.mktemp("told_twice")
    ingest_records(Store(root / "store"), TOLD_TWICE, root)
    return root / "store"


def test_an_incident_opens_to_its_reports_and_the_figures_each_claims(told_twice, monkeypatch):
    app = run("pages/7_Incidents.py", told_twice, monkeypatch)
    assert not app.exception
    listing = app.dataframe[0].value
    assert len(listing) == 1 and listing.reports[0] == 2 and listing.languages[0] == "en|fr"
    assert len(app.dataframe) == 1  # nothing opened yet
    (incident_id,) = Store(told_twice).snapshot().connect().execute("SELECT DISTINCT incident_id "
                                                                    "FROM event_incidents").fetchone()
    opened = run("pages/7_Incidents.py", told_twice, monkeypatch, incident=incident_id)
    assert not opened.exception
    shown = [e.value.replace("\\", "") for e in (opened.subheader[0], opened.warning[0])]  # Markdown escapes off
    assert shown[0] == "2024-10-31 · missile test · KP · Hwasong-19"
    figures, reports = opened.dataframe[1].value, opened.dataframe[2].value
    assert dict(zip(figures.claimant, figures.range_km, strict=True)) == {"état-major sud-coréen": 1000.0,
                                                                          "KCNA": 1001.2}
    assert shown[1] == "The reports disagree on km range: 1000 (état-major sud-coréen); 1001.2 (KCNA)"
    assert list(reports.lang) == ["fr", "en"] and list(reports.source) == ["Le Monde", "KCNA"]
    assert opened.query_params["incident"] in ([incident_id], incident_id)
    # a link to an incident this store does not hold says so (the id shown as text)
    stale = run("pages/7_Incidents.py", told_twice, monkeypatch, incident="i<b>gone</b>")
    assert not stale.exception and len(stale.dataframe) == 1
    assert stale.info[0].value.replace("\\", "") == "No incident i<b>gone</b> in this store: select one above."

def test_overview_on_an_empty_store(tmp_path, monkeypatch):
    app = run(OVERVIEW, tmp_path / "empty", monkeypatch)
    assert not app.exception
    assert app.metric[0].value == "0"
    assert "Ingest" in app.info[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_store_and_on_an_empty_one(page, store_dir, tmp_path, monkeypatch):
    for store in (store_dir, tmp_path / "empty"):
        app = run(page, store, monkeypatch)
        assert not app.exception, (page, store, app.exception)


def test_timeline_lists_the_filtered_events(store_dir, monkeypatch):
    app = run("pages/1_Timeline.py", store_dir, monkeypatch)
    shown = app.dataframe[0].value
    assert set(shown.event_type) <= {"missile_test", "weapons_announcement"} and len(shown) >= 2
    app = run("pages/1_Timeline.py", store_dir, monkeypatch, countries="RU")
    assert app.info, "with Russia, no missile test or announcement: an empty state"


def test_articles_page_highlights_entities_and_escapes_text(store_dir, monkeypatch):
    app = run("pages/4_Articles.py", store_dir, monkeypatch, text="Hwasong-20")
    html = "".join(m.value for m in app.markdown)
    assert '<mark style="background:#ffd1d1' in html and "Hwasong-20</mark>" in html


def test_a_language_filter_from_the_url_reaches_the_article_list(store_dir, monkeypatch):
    app = run("pages/4_Articles.py", store_dir, monkeypatch, langs="fr")
    assert set(app.dataframe[0].value.id) == {"fx-fr-1", "fx-fr-2", "fx-fr-3"}


def test_first_start_processes_the_sample_then_draws_the_page_with_its_filters(tmp_path, monkeypatch):
    monkeypatch.setenv("ARMSWATCH_SAMPLE", str(FIXTURE))
    monkeypatch.setenv("ARMSWATCH_MODEL_EN", "blank")
    monkeypatch.setenv("ARMSWATCH_MODEL_FR", "blank")
    app = run(OVERVIEW, tmp_path / "new-store", monkeypatch)
    assert not app.exception
    assert app.metric[0].value == "6"
    assert Store(tmp_path / "new-store").snapshot().count("articles") == 6
    # the filters are drawn on the processed store, not on the empty one the first start began with
    assert "North Korea (KP)" in app.multiselect(key="f_countries").options
    assert app.multiselect(key="f_langs").options == ["en", "fr"]


def test_first_start_names_a_sample_file_that_does_not_exist_and_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ARMSWATCH_SAMPLE", str(tmp_path / "starter.jsonl"))
    app = run(OVERVIEW, tmp_path / "new-store", monkeypatch)
    assert not app.exception
    assert "starter.jsonl does not exist" in app.warning[0].value
    assert not Store(tmp_path / "new-store").snapshot().files.get("articles")


def test_first_start_with_an_empty_sample_file_says_why_nothing_was_stored(tmp_path, monkeypatch):
    (empty := tmp_path / "starter.jsonl").write_text("")
    monkeypatch.setenv("ARMSWATCH_SAMPLE", str(empty))
    monkeypatch.setenv("ARMSWATCH_MODEL_EN", "blank")
    monkeypatch.setenv("ARMSWATCH_MODEL_FR", "blank")
    app = run(OVERVIEW, tmp_path / "new-store", monkeypatch)
    assert not app.exception
    assert "starter.jsonl: [E101] file is empty" in app.error[0].value
    assert not Store(tmp_path / "new-store").snapshot().files.get("articles")


def test_the_bundled_sample_passes_its_checker():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_sample.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "distinct real events in SOURCES.md" in result.stdout


AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret",
        "client_id": "arms-watch", "client_secret": "not-a-secret",
        "server_metadata_url": "https://id.example.org/.well-known/openid-configuration"}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_asks_for_login_when_it_is_configured(page, store_dir, monkeypatch):
    monkeypatch.setenv("ARMSWATCH_STORE", str(store_dir))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.secrets["auth"] = AUTH
    app.switch_page(page).run()
    assert not app.exception
    assert [b.label for b in app.button] == ["Sign in"]
    assert not app.metric and not app.dataframe and not app.get("plotly_chart") and not app.multiselect


def test_the_ingest_page_has_no_filters(store_dir, monkeypatch):
    app = run("pages/5_Ingest.py", store_dir, monkeypatch)
    assert not app.exception and [t.value for t in app.title] == ["Ingest"]
    assert not app.sidebar.multiselect and not app.sidebar.date_input and not app.sidebar.text_input
    assert "Filters" not in [h.value for h in app.sidebar.header]


def test_countries_are_listed_by_name_and_kept_as_codes_in_the_url(store_dir, monkeypatch):
    app = run(OVERVIEW, store_dir, monkeypatch)
    countries = app.multiselect(key="f_countries")
    assert "North Korea (KP)" in countries.options and "Russia (RU)" in countries.options
    assert countries.options == sorted(countries.options)  # alphabetical by name, as an analyst looks for them
    countries.set_value(["KP", "RU"]).run()
    assert app.query_params["countries"] in ("KP,RU", ["KP,RU"])
    assert app.multiselect(key="f_countries").value == ["KP", "RU"]


def test_a_choice_is_never_undone_by_an_older_url(store_dir, monkeypatch):
    """A rerun can arrive with the URL as it was before the previous run updated it: the choice stands."""
    app = run(OVERVIEW, store_dir, monkeypatch, countries="KP")
    assert app.multiselect(key="f_countries").value == ["KP"]
    app.multiselect(key="f_countries").set_value(["KP", "RU"])
    app.query_params["countries"] = "KP"  # the URL the browser still shows
    app.run()
    assert app.multiselect(key="f_countries").value == ["KP", "RU"]
    assert app.query_params["countries"] in ("KP,RU", ["KP,RU"])
    assert app.metric[0].value == run(OVERVIEW, store_dir, monkeypatch, countries="KP,RU").metric[0].value


def test_filters_follow_the_analyst_from_page_to_page(store_dir, monkeypatch):
    app = run(OVERVIEW, store_dir, monkeypatch)
    app.multiselect(key="f_langs").set_value(["fr"]).run()
    app.switch_page("pages/4_Articles.py").run()
    assert set(app.dataframe[0].value.id) == {"fx-fr-1", "fx-fr-2", "fx-fr-3"}
    assert app.multiselect(key="f_langs").value == ["fr"]


def test_latest_events_can_be_read_row_by_row(store_dir, monkeypatch):
    import json

    app = run(OVERVIEW, store_dir, monkeypatch)
    table = app.dataframe[-1].proto
    config = json.loads(table.columns)
    assert table.row_height > 64  # Streamlit wraps cell text in rows taller than 4rem
    assert config["sentence"]["width"] >= 400 and config["event_type"]["width"] >= 150
    assert config["url"]["type_config"]["type"] == "link"
