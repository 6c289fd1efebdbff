"""Pages rendered with Streamlit's AppTest on a small store and on an empty one."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from armswatch.ingest import ingest
from armswatch.nlp.pipeline import get_pipeline
from armswatch.store import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "annotated.jsonl"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARMSWATCH_MODEL_EN", "blank")
        patch.setenv("ARMSWATCH_MODEL_FR", "blank")
        get_pipeline.cache_clear()
        ingest([str(FIXTURE)], Store(root))
        get_pipeline.cache_clear()
    return root


def run(page: str, store: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("ARMSWATCH_STORE", str(store))
    app = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def test_overview_shows_the_store(store_dir, monkeypatch):
    app = run("dashboard.py", store_dir, monkeypatch)
    assert not app.exception
    assert [m.value for m in app.metric][:1] == ["6"]
    assert any(d.label == "Download CSV" for d in app.get("download_button"))


def test_overview_filters_come_from_the_url(store_dir, monkeypatch):
    app = run("dashboard.py", store_dir, monkeypatch, langs="fr", text="Koursk")
    assert not app.exception
    assert app.metric[0].value == "1"
    assert app.query_params["langs"] == ["fr"] or app.query_params["langs"] == "fr"


def test_overview_on_an_empty_store(tmp_path, monkeypatch):
    app = run("dashboard.py", tmp_path / "empty", monkeypatch)
    assert not app.exception
    assert app.metric[0].value == "0"
    assert "Ingest" in app.info[0].value
