"""Regression tripwire (not an accuracy measure): entities of the project's six fixture articles.

``fixtures/annotated.jsonl`` holds six articles written for this project, in the style of the
shared dev articles, whose entities are all in the gazetteer: this measures nothing about unseen
text (``test_accuracy_gate.py`` does that, on real state media). It catches a change that breaks
the domain layer outright. French runs through ``fr_core_news_md``; English through a blank
pipeline, so it does not depend on the optional English model.
"""

from pathlib import Path

import pytest

from scoring import entities_of, score

FIXTURE = Path(__file__).parent / "fixtures" / "annotated.jsonl"
FLOORS = {"precision": 0.93, "recall": 0.95}  # run with -s to see the figures


@pytest.mark.model
def test_the_fixture_articles_keep_their_entities(tmp_path, monkeypatch):
    from armswatch.nlp import pipeline

    real = pipeline.model_name
    monkeypatch.setattr(pipeline, "model_name", lambda lang: real(lang) if lang == "fr" else f"blank:{lang}")
    pipeline.get_pipeline.cache_clear()
    gold, rows = entities_of(FIXTURE, tmp_path)
    pipeline.get_pipeline.cache_clear()
    figures = score(gold, rows)
    print(f"\ntripwire (tests/fixtures/annotated.jsonl): precision {figures['all']['precision']:.3f}, recall "
          f"{figures['all']['recall']:.3f}, weapon-type F1 {figures['weapon_types']['f1']:.3f}")
    for name, floor in FLOORS.items():
        assert figures["all"][name] >= floor, f"{name} {figures['all'][name]:.3f} fell below {floor}"
    assert figures["weapon_types"]["f1"] >= 0.90
