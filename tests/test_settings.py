"""Settings: each has a default and an environment variable that overrides it (README, "Settings")."""

from pathlib import Path

import pytest

from armswatch.settings import BUNDLED_SAMPLE, DATA_DIR, first_start_articles, store_path


@pytest.fixture(autouse=True)
def no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ARMSWATCH_STORE", "ARMSWATCH_SAMPLE"):
        monkeypatch.delenv(name, raising=False)


def test_the_store_is_data_store_unless_chosen(monkeypatch, tmp_path):
    assert store_path() == DATA_DIR / "store"
    monkeypatch.setenv("ARMSWATCH_STORE", str(tmp_path))
    assert store_path() == tmp_path
    assert store_path(tmp_path / "explicit") == tmp_path / "explicit"


def test_the_first_start_fills_only_the_default_store_with_the_bundled_sample(monkeypatch, tmp_path):
    assert first_start_articles() == BUNDLED_SAMPLE and BUNDLED_SAMPLE.exists()
    monkeypatch.setenv("ARMSWATCH_STORE", str(tmp_path))
    assert first_start_articles() is None  # the analyst's own store stays as they made it


def test_the_first_start_articles_can_be_chosen_or_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("ARMSWATCH_STORE", str(tmp_path))
    monkeypatch.setenv("ARMSWATCH_SAMPLE", str(tmp_path / "team-starter.jsonl"))
    assert first_start_articles() == Path(tmp_path / "team-starter.jsonl")
    monkeypatch.setenv("ARMSWATCH_SAMPLE", "none")
    assert first_start_articles() is None
    monkeypatch.delenv("ARMSWATCH_STORE")
    assert first_start_articles() is None
