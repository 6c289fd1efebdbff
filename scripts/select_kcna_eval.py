"""Choose the real state-media articles that Arms Watch annotates for its evaluation, and split them once.

    python scripts/select_kcna_eval.py [--corpus ../shared/corpora/kcna_2024_jan_sep.jsonl] OUT_DIR

From the CC0 KCNA archive (stiles/north-korea-news), drops repeated texts, keeps articles of 300 to
3,500 characters, and draws, with a fixed seed, articles of five kinds so that the set is varied:
weapons tests and inspections, drills and military statements, relations with Russia, sanctions
and the UN, and plain non-military news. Each kind is split once, by the same seed, into a part to
develop on (``dev``) and a part only measured on (``test``). Writes ``OUT_DIR/dev.jsonl`` and
``OUT_DIR/test.jsonl`` (articles without answer keys: the keys are made by hand).
"""

import argparse
import json
import random
import re
from pathlib import Path

KINDS = {  # kind: (pattern that selects it, how many)
    "weapons": (r"missile|rocket launcher|test-fir|launch|warhead|warship|destroyer|submarine|satellite|munitions|"
                r"weapon system|artillery|nuclear", 22),
    "military": (r"drill|exercise|military|Korean People's Army|KPA|war\b|defence|defense", 10),
    "russia": (r"Russia|Russian|Putin|Moscow|Shoigu|Lavrov", 12),
    "sanctions": (r"sanction|Security Council|United Nations|UN ", 8),
    "civil": (None, 14),
}
SEED = 20261130


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpora/kcna_2024_jan_sep.jsonl"))
    args = parser.parse_args()
    seen, articles = set(), []
    for line in args.corpus.open(encoding="utf-8"):
        record = json.loads(line)
        key = " ".join(record["text"].lower().split())
        if key not in seen and 300 <= len(record["text"]) <= 3500:
            seen.add(key)
            articles.append(record)
    rng = random.Random(SEED)
    rng.shuffle(articles)
    taken: set[str] = set()
    split: dict[str, list[dict]] = {"dev": [], "test": []}
    for kind, (pattern, count) in KINDS.items():
        if pattern:
            pool = [a for a in articles if a["id"] not in taken and re.search(pattern, a["text"])]
        else:  # plain news: nothing military in it
            military = "|".join(p for p, _ in KINDS.values() if p)
            pool = [a for a in articles if a["id"] not in taken and not re.search(military, a["text"], re.I)]
        chosen = pool[:count]
        taken.update(a["id"] for a in chosen)
        for n, article in enumerate(chosen):
            split["dev" if n % 2 == 0 else "test"].append({**article, "kind": kind})
    args.out.mkdir(parents=True, exist_ok=True)
    for part, rows in split.items():
        with (args.out / f"{part}.jsonl").open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{part}: {len(rows)} articles")


if __name__ == "__main__":
    main()
