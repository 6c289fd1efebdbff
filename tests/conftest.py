"""Shared fixtures. Add new fixtures below; keep each one small and self-contained."""

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from armswatch.ingest import IngestSummary
from armswatch.store import Store

EXIT_STATUS = pytest.StashKey[int]()

# A tiny gazetteer (file name → CSV content) so tests never depend on data/gazetteer.
FIXTURE_GAZETTEER = {
    "countries.csv": (
        "code,name,name_fr,aliases\n"
        "KP,North Korea,Corée du Nord,DPRK\n"
        "KR,South Korea,Corée du Sud,ROK\n"
        "US,United States,États-Unis,US|USA\n"
    ),
    "places.csv": (
        "name,aliases,country,latitude,longitude,kind,source\n"
        "Sohae,Sohae Satellite Launching Station,KP,39.66,124.705,launch_site,test\n"
    ),
    "weapons.csv": "name,aliases,weapon_type,country,source\nHwasong-18,Hwasong 18|HS-18,icbm,KP,test\n",
    "organisations.csv": "name,aliases,country\nUnited Nations,UN|ONU,\n",
    "people.csv": "name,aliases,country,role\nKim Jong Un,Kim Jong-un,KP,leader\n",
    "weapon_types.csv": (
        "weapon_type,lang,phrases\n"
        "icbm,en,intercontinental ballistic missile|ICBM\n"
        "icbm,fr,missile balistique intercontinental\n"
    ),
}


def _clear_nlp_caches() -> None:
    from armswatch.nlp.pipeline import get_pipeline
    from armswatch.process import _lookups

    get_pipeline.cache_clear()
    _lookups.clear()


@pytest.fixture
def blank_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Blank spaCy pipelines (no trained model) and the fixture gazetteer; yields the gazetteer folder."""
    import armswatch.nlp.pipeline
    import armswatch.process

    folder = tmp_path / "gazetteer"
    folder.mkdir()
    for name, content in FIXTURE_GAZETTEER.items():
        (folder / name).write_text(content, encoding="utf-8")
    monkeypatch.setenv("ARMSWATCH_GAZETTEER", str(folder))

    def blank(lang: str) -> str:
        return f"blank:{lang}"

    def no_trained_model(name: object, *args: object, **kwargs: object) -> None:
        raise AssertionError(f"a test with blank_models tried to load the trained model {name!r}")

    monkeypatch.setattr(armswatch.nlp.pipeline, "model_name", blank)
    monkeypatch.setattr(armswatch.process, "model_name", blank)  # imported by name: the stored model column
    monkeypatch.setattr(armswatch.nlp.pipeline.spacy, "load", no_trained_model)
    _clear_nlp_caches()
    yield folder
    _clear_nlp_caches()  # the cached pipelines point at this test's gazetteer


@pytest.fixture(scope="module")
def project_gazetteer_blank_english() -> Iterator[None]:
    """English on a blank pipeline (no parser, whatever English model is installed), French on its
    model, both with the project's gazetteer (data/gazetteer)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARMSWATCH_MODEL_EN", "blank")
        mp.delenv("ARMSWATCH_MODEL_FR", raising=False)
        mp.delenv("ARMSWATCH_GAZETTEER", raising=False)
        _clear_nlp_caches()
        yield
        _clear_nlp_caches()


ANNOTATED = Path(__file__).parent / "fixtures" / "annotated.jsonl"


def ingest_annotated(store: Store) -> Store:
    """The six annotated fixture articles ingested into ``store`` on blank pipelines (no model loads)."""
    from armswatch.ingest import ingest

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARMSWATCH_MODEL_EN", "blank")
        patch.setenv("ARMSWATCH_MODEL_FR", "blank")
        _clear_nlp_caches()
        ingest([str(ANNOTATED)], store)
        _clear_nlp_caches()
    return store


def ingest_records(store: Store, records: list[dict], folder: Path) -> IngestSummary:
    """Ingest article records (dicts) into ``store`` through a JSONL file in ``folder``."""
    import json

    from armswatch.ingest import ingest

    source = folder / f"records-{store.snapshot().version}.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return ingest([str(source)], store)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Exit without the interpreter's finalisers, once pytest has printed its summary and every
    plugin has closed: DuckDB 2.0's nanobind bindings otherwise print "leaked instance of
    DuckDBPyType" lines (type objects cached inside duckdb) after the summary. A session that never
    finished (pytest failed while starting) has no status: that is a failure, never a pass."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(config.stash.get(EXIT_STATUS, pytest.ExitCode.INTERNAL_ERROR))
