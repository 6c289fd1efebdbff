"""Choose KCNA articles for the measured-only events answer key (data/eval/kcna_events_test.jsonl).

    python scripts/select_kcna_events_eval.py [--corpus ../shared/corpora/kcna_2024_jan_sep.jsonl] OUT.jsonl
    python scripts/select_kcna_events_eval.py --round 2 OUT.jsonl

Keeps only the quarter of ids reserved for measurement (sha1(id) % 4 == 0; training labels come from
the other quarters), drops ids already in data/eval/kcna_{test,dev}.jsonl or data/events/labelled/,
repeated texts and texts over 4,000 characters. Then, with random.Random(2026), draws --military
articles whose title or text mentions a military occurrence and --other articles among the rest.
Round 2 (--round 2) also drops the round-1 draw,
allows texts up to 6,000 characters and takes EVERY article whose title or text matches the strict
pattern STRICT (case-insensitive, whole words); if more than --cap (45) match, draws --cap of them
with random.Random(2026). Prints how many matched.
After the draw, articles whose text is a copy of one in kcna_test.jsonl or kcna_dev.jsonl (the
archive holds many articles more than once, under other ids) are dropped: they are measured or
developed on already. Writes the articles (id, lang, published, source, title, url, text) without
answer keys.
"""

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

from armswatch.textnorm import comparable

MILITARY = re.compile(r"\b(missile|launch|fire|fired|firing|test|drill|exercise|artillery|weapon|munition|shell|"
                      r"rocket|satellite|warship|submarine|sanction|deliver|deploy|production|factory|nuclear)", re.I)
STRICT = re.compile(r"\b(missiles?|launch(ed|es)?|test-fired?|fired|firing|drills?|(military )?exercises?|artillery|"
                    r"rockets?|satellites?|warships?|destroyers?|submarines?|munitions?|shells?|ammunition|"
                    r"sanctions?|deliver(ed|y)?|deploy(ed|ment)?|nuclear test|bombers?|aircraft carriers?|"
                    r"drones?)\b", re.I)
FIELDS = ("id", "lang", "published", "source", "title", "url", "text")


def ids_in(path: Path, field: str) -> set[str]:
    return {json.loads(line)[field] for line in path.open(encoding="utf-8") if line.strip()}


def draw(corpus: Path, root: Path, round_: int, military_n: int, other_n: int, cap: int) -> list[dict]:
    """The articles of one round, before copies of articles used elsewhere are dropped."""
    used = ids_in(root / "eval/kcna_test.jsonl", "id") | ids_in(root / "eval/kcna_dev.jsonl", "id")
    for path in sorted((root / "events/labelled").glob("*.jsonl")):
        used |= ids_in(path, "article_id")
    if round_ == 2:
        used |= {row["id"] for row in draw(corpus, root, 1, military_n, other_n, cap)}
    limit, pattern = (4000, MILITARY) if round_ == 1 else (6000, STRICT)
    seen, military, other = set(), [], []
    for line in corpus.open(encoding="utf-8"):
        record = json.loads(line)
        key = " ".join(record["text"].lower().split())
        if (int(hashlib.sha1(record["id"].encode()).hexdigest(), 16) % 4 != 0 or record["id"] in used
                or key in seen or len(record["text"]) > limit):
            continue
        seen.add(key)
        pool = military if pattern.search(record["title"] + "\n" + record["text"]) else other
        pool.append({f: record.get(f) for f in FIELDS})
    rng = random.Random(2026)
    print(f"round {round_}: {len(military)} military, {len(other)} other")
    if round_ == 2:
        return military if len(military) <= cap else rng.sample(military, cap)
    return rng.sample(military, min(military_n, len(military))) + rng.sample(other, min(other_n, len(other)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpora/kcna_2024_jan_sep.jsonl"))
    parser.add_argument("--military", type=int, default=30)
    parser.add_argument("--other", type=int, default=10)
    parser.add_argument("--round", type=int, choices=(1, 2), default=1)
    parser.add_argument("--cap", type=int, default=45)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent / "data"
    chosen = draw(args.corpus, root, args.round, args.military, args.other, args.cap)
    elsewhere = {comparable(json.loads(line)["text"]) for name in ("kcna_test", "kcna_dev")
                 for line in (root / f"eval/{name}.jsonl").open(encoding="utf-8")}
    chosen = [row for row in chosen if comparable(row["text"]) not in elsewhere]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for row in chosen:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(chosen)} articles to {args.out}")


if __name__ == "__main__":
    main()
