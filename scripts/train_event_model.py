"""Train the event decision on the labelled candidates, report held-out figures, write the model.

    python scripts/train_event_model.py [--labelled data/events/labelled] [--out data/events/model.json]

Each labelled candidate the modality rules keep (``data/events/labelled/*.jsonl``; those whose
sentence occurs in a measured article are left out) is parsed with the pipeline in its context
(the sentence before it and its own), its features taken (``armswatch.events.features``), and a
multinomial logistic regression (scikit-learn, classes weighed by the inverse of their frequency
so that rare event types count) learns its class: ``none`` or the event type. Held-out figures
come from 5-fold cross-validation grouped by article (no article in both the training and the
held-out part): event precision and recall against the rules alone, and the calibration table
(the confidence of each predicted event against the share of them right). The model is then
fitted on everything and written as JSON (classes, intercepts, one weight per feature and class,
and the rules' precision per type for text without a parse), read at run time without
scikit-learn. Deterministic: the same data gives the same file.
"""

import argparse
import json
from collections import Counter
from itertools import pairwise
from pathlib import Path

from armswatch.events.features import candidate_features
from armswatch.events.triggers import TRIGGERS_KEY
from armswatch.nlp.pipeline import get_pipeline
from armswatch.textnorm import comparable, nlp_view

ROOT = Path(__file__).resolve().parents[1]
MEASURED = [ROOT / "data" / "eval" / "kcna_test.jsonl", ROOT / "data" / "eval" / "kcna_events_test.jsonl"]
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def examples(folder: Path, measured: list[Path]) -> tuple[list[dict], list[str], list[str], list[str],
                                                        dict[str, float]]:
    """(features, class, article id) of every labelled candidate whose trigger the pipeline finds
    again, less those whose sentence is in a measured article (a copy under another id)."""
    texts = [comparable(json.loads(line)["text"]) for path in measured for line in path.open(encoding="utf-8")]
    features, classes, groups, rule_types, lost, dropped = [], [], [], [], 0, 0
    ruled: dict[str, list[bool]] = {}  # rule type → whether each candidate the rules keep is right
    for path in sorted(folder.glob("*.jsonl")):
        for row in map(json.loads, path.open(encoding="utf-8")):
            if "label" not in row or not row["rule_kept"]:  # the modality rules' cancellations stand
                continue
            if any(comparable(row["sentence"]) in text for text in texts):
                dropped += 1
                continue
            prefix = row["before"] + " " if row["before"] else ""
            doc = get_pipeline(row["lang"])(nlp_view(prefix + row["sentence"]))
            at = len(prefix) + row["trigger_in_sentence"]
            trigger = next((t for t in doc.spans.get(TRIGGERS_KEY, []) if t.start_char == at), None)
            if trigger is None:
                lost += 1
                continue
            features.append(candidate_features(trigger, row["lang"], row["published"]))
            ruled.setdefault(row["rule_type"], []).append(row["label"]["type"] == row["rule_type"])
            classes.append(row["label"]["type"] if row["label"]["event"] else "none")
            groups.append(row["article_id"])
            rule_types.append(row["rule_type"])
    print(f"{len(classes)} labelled candidates ({lost} whose trigger the pipeline reads differently in context, "
          f"{dropped} left out: their sentence is in a measured article)")
    rules_precision = {t: round(sum(right) / len(right), 3) for t, right in sorted(ruled.items())}
    return features, classes, groups, rule_types, rules_precision


def report(classes: list[str], predicted: list[str], rule_types: list[str]) -> None:
    events = sum(c != "none" for c in classes)
    typed = sum(c == r for c, r in zip(classes, rule_types, strict=True))
    print(f"the rules alone (every candidate an event of their type): event precision {events / len(classes):.3f}"
          f", type right too {typed / len(classes):.3f}")
    said = sum(p != "none" for p in predicted)
    right = sum(p != "none" and p == c for p, c in zip(predicted, classes, strict=True))
    detected = sum(p != "none" and c != "none" for p, c in zip(predicted, classes, strict=True))
    print(f"held out: {events} events among {len(classes)} candidates; predicted {said} events")
    print(f"  event precision {detected / max(said, 1):.3f}  recall {detected / max(events, 1):.3f}  "
          f"(type right too: precision {right / max(said, 1):.3f}, recall {right / max(events, 1):.3f})")


def calibration_table(confidence: list[float], right: list[bool]) -> None:
    print("  calibration: confidence of a predicted event → share right (an event, of that type)")
    print("    | confidence | events | share right |")
    print("    | --- | --- | --- |")
    for low, high in pairwise(BINS):
        inside = [r for q, r in zip(confidence, right, strict=True) if low <= q < high]
        if inside:
            print(f"    | {low:.1f}–{min(high, 1.0):.1f} | {len(inside)} | {sum(inside) / len(inside):.2f} |")


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labelled", type=Path, default=ROOT / "data" / "events" / "labelled")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "events" / "model.json")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--class-weight", choices=("balanced", "none"), default="balanced",
                        help="balanced: weigh classes by the inverse of their frequency (rare event types count)")
    parser.add_argument("--measured", type=Path, nargs="*", default=MEASURED,
                        help="annotated articles only measured on: never trained on, copies included")
    args = parser.parse_args()
    features, classes, groups, rule_types, rules_precision = examples(args.labelled, args.measured)
    print("the rules' precision, for text without a parse:", rules_precision)
    print("classes:", dict(Counter(classes).most_common()))
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(features)

    def fitted(rows) -> LogisticRegression:
        weight = None if args.class_weight == "none" else "balanced"
        return LogisticRegression(C=args.c, max_iter=2000, class_weight=weight).fit(matrix[rows],
                                                                                  [classes[i] for i in rows])

    predicted, confidence = [""] * len(classes), [0.0] * len(classes)
    for train, held in GroupKFold(n_splits=5).split(matrix, classes, groups):
        for i, row in zip(held, fitted(train).predict_proba(matrix[held]), strict=True):
            best = row.argmax()
            predicted[i], confidence[i] = sorted(set(classes))[best], float(row[best])
    report(classes, predicted, rule_types)
    shown = [i for i, p in enumerate(predicted) if p != "none"]  # what the dashboard shows: predicted events
    right = [predicted[i] == classes[i] for i in shown]
    calibration_table([confidence[i] for i in shown], right)
    model = fitted(list(range(len(classes))))
    names = vectorizer.get_feature_names_out()
    weights = {str(name): [round(float(w), 5) for w in model.coef_[:, j]]
               for j, name in enumerate(names) if any(abs(model.coef_[:, j]) > 1e-6)}
    args.out.write_text(json.dumps({
        "classes": [str(c) for c in model.classes_], "intercepts": [round(float(b), 5) for b in model.intercept_],
        "weights": weights, "rules_precision": rules_precision,
    }, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"model written to {args.out} ({len(weights)} features)")


if __name__ == "__main__":
    main()
