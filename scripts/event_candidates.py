"""Write the event candidates that the rules find in articles, one sentence each, ready to be labelled.

    python scripts/event_candidates.py ARTICLES.jsonl OUT.jsonl [--exclude ANSWER_KEY.jsonl ...]

Every trigger of ``data/events/triggers.csv`` is a candidate, the ones the modality rules keep and
the ones they cancel ("could test", "these drills"): a learned decision needs both. Each row holds
the article's id, language, date and source, the candidate's sentence and the sentence before it
(context), the trigger and the event type the rules give it, and whether the rules keep it. Rows
already in OUT keep their ``label``: rerunning after a rule change adds new candidates and never
loses a label. Articles in an ``--exclude`` file (the measured part of the annotated data) are left
out, by id and by text: the KCNA archive holds many articles more than once under other ids, and
nothing measured may be trained on.
"""

import argparse
import hashlib
import json
from pathlib import Path

from armswatch.events.modality import CANCELLED_KEY
from armswatch.events.triggers import TRIGGERS_KEY
from armswatch.langid import SUPPORTED
from armswatch.nlp.pipeline import get_pipeline
from armswatch.textnorm import comparable, nlp_view, normalize_text


def candidates(article: dict) -> list[dict]:
    text = normalize_text(article["text"])
    doc = get_pipeline(article["lang"])(nlp_view(text))
    rows = []
    for kept, key in ((True, TRIGGERS_KEY), (False, CANCELLED_KEY)):
        for trigger in doc.spans.get(key, []):
            sentence = trigger.sent
            before = doc[sentence.start - 1].sent if sentence.start > 0 else None
            words = text[sentence.start_char:sentence.end_char]
            starts_at = sentence.start_char + len(words) - len(words.lstrip())  # the sentence as stored, stripped
            ident = f"{article['id']}|{trigger.start_char}|{trigger.label_}"
            rows.append({
                "id": "c" + hashlib.sha1(ident.encode()).hexdigest()[:12],
                "article_id": article["id"], "lang": article["lang"], "published": article.get("published"),
                "source": article.get("source"), "title": article.get("title"),
                "before": text[before.start_char:before.end_char].strip() if before is not None else "",
                "sentence": words.strip(), "trigger": text[trigger.start_char:trigger.end_char],
                "trigger_start": trigger.start_char, "trigger_in_sentence": trigger.start_char - starts_at,
                "rule_type": trigger.label_, "rule_kept": kept,
            })
    return sorted(rows, key=lambda r: r["trigger_start"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--exclude", type=Path, action="append", default=[])
    args = parser.parse_args()
    measured = [json.loads(line) for path in args.exclude for line in path.open(encoding="utf-8")]
    excluded = {a["id"] for a in measured} | {comparable(a["text"]) for a in measured}
    labels = {}
    if args.out.exists():
        labels = {r["id"]: r["label"] for r in map(json.loads, args.out.open(encoding="utf-8")) if "label" in r}
    seen, rows = set(), []
    for line in args.articles.open(encoding="utf-8"):
        article = json.loads(line)
        key = comparable(article["text"])
        if article["id"] in excluded or key in excluded or key in seen or article.get("lang") not in SUPPORTED:
            continue
        seen.add(key)
        rows += [row | ({"label": labels[row["id"]]} if row["id"] in labels else {}) for row in candidates(article)]
    with args.out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} candidates ({sum('label' in r for r in rows)} labelled) written to {args.out}")


if __name__ == "__main__":
    main()
