"""The learned event decision: is a candidate an event, of which type, and how likely.

The model (``data/events/model.json``) is a multinomial logistic regression over the features of
``armswatch.events.features``, trained by ``scripts/train_event_model.py`` on hand-labelled
candidates of real text. It is read here without scikit-learn: a sparse dot product and a softmax.
Its probability of the class it picks is the event's ``confidence``; how often events of each
confidence are right on held-out articles is in the README ("Event confidence").

Candidates are the triggers the modality rules keep. The model reads the parse; without one
(English without ``en_core_web_sm``) the rules decide, as before the model: a candidate is an
event of the rules' type, and its confidence is the share of such candidates that are events of
that type in the labelled data.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span

from armswatch.errors import ArmswatchError
from armswatch.events.features import candidate_features
from armswatch.events.patterns import events_path
from armswatch.nlp.domain import is_parsed

DEFAULT_MODEL = events_path() / "model.json"
NONE = "none"


@dataclass(frozen=True, slots=True)
class EventModel:
    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    rules_precision: dict[str, float]  # event type → share of the rules' kept candidates that are right

    def probabilities(self, features: dict[str, float]) -> list[float]:
        scores = list(self.intercepts)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                for k, weight in enumerate(row):
                    scores[k] += weight * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


@lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> EventModel:
    path = path or DEFAULT_MODEL
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return EventModel(tuple(data["classes"]), tuple(data["intercepts"]),
                          {name: tuple(row) for name, row in data["weights"].items()}, data["rules_precision"])
    except (OSError, ValueError, KeyError) as exc:
        raise ArmswatchError("E306", path=path, detail=exc) from exc


def decide(trigger: Span, lang: str, published: str | None, model: EventModel | None = None) -> tuple[str, float]:
    """A candidate's class (an event type, or ``none``) and the probability that it is right."""
    model = model or load_model()
    if not is_parsed(trigger.doc):
        return trigger.label_, model.rules_precision.get(trigger.label_, 0.5)
    probabilities = model.probabilities(candidate_features(trigger, lang, published))
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    return model.classes[best], probabilities[best]

