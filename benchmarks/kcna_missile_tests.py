"""Missile tests in the state-media corpus against the CNS reference, and a sample to read by hand.

    python benchmarks/kcna_missile_tests.py [--store DIR] [--sample 30] [--seed 7]

Ingests ../shared/corpora/kcna_2024_jan_sep.jsonl into a temporary store (or reads ``--store``),
then:

1. For every flight-test date of ../shared/reference/cns_missile_tests.json inside the corpus's
   period, says whether the agency reported it in the corpus (an article published that day or
   the next two whose title or text speaks of a test-fire or launch: checked on the raw text,
   independently of the pipeline) and whether Arms Watch found it: a North Korean
   ``missile_test`` (or ``satellite_launch`` for a space launcher) dated within one day.
2. Draws ``--sample`` extracted ``missile_test`` events at random (fixed seed) and prints each
   with its article's title and sentence, to be read by hand.
"""

import argparse
import json
import random
import sys
import tempfile
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from armswatch.ingest import ingest
from armswatch.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpora" / "kcna_2024_jan_sep.jsonl"
REFERENCE = SHARED / "reference" / "cns_missile_tests.json"
REPORT_WORDS = ("test-fire", "test fire", "test-launch", "launch", "fired", "firing")
SPACE_LAUNCHERS = {"unha", "unha-3", "chollima-1", "taepodong-1"}


def reference_tests(first: date, last: date) -> dict[date, list[dict]]:
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    tests = [t for block in data["timeBins"] for t in block["data"]]
    by_day: dict[date, list[dict]] = defaultdict(list)
    for test in tests:
        if len(test["date"]) != 10:  # a few early tests are known to the month only
            continue
        day = date.fromisoformat(test["date"])
        if first <= day <= last:
            by_day[day].append(test)
    return dict(sorted(by_day.items()))


def _reports_a_test(article: dict) -> bool:
    """The title or opening paragraph speaks of a test-fire or launch of a missile or rocket launcher."""
    lead = (article["title"] + " " + article["text"].split("\n", 1)[0]).lower()
    return any(w in lead for w in REPORT_WORDS) and any(w in lead for w in ("missile", "rocket", "launcher"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="an existing store holding the corpus")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not CORPUS.exists() or not REFERENCE.exists():
        print(f"needs {CORPUS} and {REFERENCE}", file=sys.stderr)
        return 2
    articles = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.store or Path(tmp))
        if args.store is None:
            ingest([str(CORPUS)], store, workers=2)
        con = store.snapshot().connect()
        events = con.execute(
            "SELECT e.event_type, e.date, e.date_precision, e.country, e.weapon_type, e.weapon, e.location, "
            "e.sentence, a.title, CAST(a.published AS VARCHAR) FROM events e JOIN articles a ON a.id = e.article_id "
            "WHERE e.event_type IN ('missile_test', 'satellite_launch') ORDER BY e.date, a.id"
        ).fetchall()
    published = sorted(date.fromisoformat(a["published"]) for a in articles)
    tests = reference_tests(published[0] - timedelta(days=2), published[-1])
    print(f"corpus {CORPUS.name}: {len(articles)} articles, {published[0]} to {published[-1]}")
    print(f"CNS reference: {sum(map(len, tests.values()))} missiles on {len(tests)} days in that period\n")
    reported_days = found_days = 0
    for day, day_tests in tests.items():
        window = {(day + timedelta(days=d)).isoformat() for d in range(3)}
        reports = [a for a in articles if a["published"] in window and _reports_a_test(a)]
        space = any(t["missile"] in SPACE_LAUNCHERS or t["facility"] == "sohae" for t in day_tests)
        wanted = {"satellite_launch", "missile_test"} if space else {"missile_test"}
        hits = [e for e in events if e[0] in wanted and e[3] == "KP" and e[2] == "day"
                and abs((date.fromisoformat(e[1]) - day).days) <= 1]
        missiles = ", ".join(sorted({t["missile"] for t in day_tests}))
        status = "found" if hits else "MISSED" if reports else "not in corpus"
        reported_days += bool(reports)
        found_days += bool(reports and hits)
        print(f"{day}  {len(day_tests):2} x {missiles:28} reported: {len(reports):2} articles  -> {status}")
    print(f"\nfound {found_days} of the {reported_days} test days the agency reported in the corpus")
    tests_found = [e for e in events if e[0] == "missile_test"]
    rng = random.Random(args.seed)
    sample = rng.sample(tests_found, min(args.sample, len(tests_found)))
    print(f"\n{len(tests_found)} missile_test events extracted; {len(sample)} drawn (seed {args.seed}):\n")
    for n, (_, day, _, country, weapon_type, weapon, location, sentence, title, pub) in enumerate(sample, 1):
        print(f"{n:2}. {day or '(no date)'} {country or '?'} {weapon_type} {weapon} {location} "
              f"[published {pub}: {title[:70]}]\n    {' '.join(sentence.split())[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
