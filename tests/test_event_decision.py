"""The learned event decision: the committed model file, how it is read, and its place in the events stage."""

import json
from pathlib import Path

import pytest
import spacy

from armswatch.errors import ArmswatchError
from armswatch.events.decision import DEFAULT_MODEL, EventModel, decide, load_model
from armswatch.events.patterns import EVENT_TYPES

TYPES = set(EVENT_TYPES)


def test_the_committed_model_knows_every_event_type_and_none():
    model = load_model()
    assert set(model.classes) == TYPES | {"none"}
    assert len(model.intercepts) == len(model.classes)
    assert all(len(row) == len(model.classes) for row in model.weights.values())
    assert set(model.rules_precision) <= TYPES and all(0 < p <= 1 for p in model.rules_precision.values())
    # features name words and parse labels, never particular people, places or weapons
    assert not [name for name in model.weights if "Kim" in name or "Hwasong" in name or "Pyongyang" in name]


def test_probabilities_are_a_softmax_over_the_weights():
    model = EventModel(("none", "missile_test"), (0.0, 0.0), {"lemma=fire": (-1.0, 1.0)}, {})
    assert model.probabilities({}) == pytest.approx([0.5, 0.5])
    low, high = model.probabilities({"lemma=fire": 1.0, "unknown": 1.0})
    assert low + high == pytest.approx(1.0) and high > 0.8


@pytest.mark.parametrize("content", [None, "not json", json.dumps({"classes": ["none"]})])
def test_a_missing_or_damaged_model_is_error_e306(tmp_path: Path, content: str | None):
    path = tmp_path / "model.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ArmswatchError, match=r"^\[E306\] .*model\.json.*train_event_model\.py"):
        load_model(path)


def test_without_a_parse_the_rules_decide_with_their_measured_precision():
    doc = spacy.blank("en")("North Korea deployed troops.")
    trigger = doc[2:3]
    trigger.label_ = "deployment"
    model = load_model(DEFAULT_MODEL)
    assert decide(trigger, "en", "2024-11-01") == ("deployment", model.rules_precision["deployment"])
