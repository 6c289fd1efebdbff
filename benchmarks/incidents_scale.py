"""The incident stage's cost at scale, against what ingesting the same articles costs.

    python benchmarks/incidents_scale.py [--articles 100000] [--sample 200] [--seed 1]

An ingest publishes every 2,000 articles (``ingest.FLUSH_EVERY``), and at each publish the incident
stage links all the events stored so far and the new ones. This script makes the events of
``--articles`` synthetic articles (1.5 a article on average: types, actors, weapon types and dates
drawn as in the synthetic store, one in ten dated to the month only) and times the stage over the
whole schedule of publishes. In the same run it ingests ``--sample`` real state-media articles
(``../shared/corpora``) into a temporary store and extrapolates their time per article to
``--articles``. It prints both and their ratio.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from armswatch.incidents import Report, link
from armswatch.ingest import FLUSH_EVERY, ingest
from armswatch.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "kcna_2024_jan_sep.jsonl"
EVENT_TYPES = ["missile_test"] * 4 + ["weapons_announcement"] * 2 + [
    "production", "nuclear_test", "satellite_launch", "deployment", "arms_transfer", "sanctions", "exercise"]
COUNTRIES = ["KP"] * 6 + ["KR", "US", "RU", "JP", "UA", ""]
WEAPON_TYPES = ["", "missile", "ballistic_missile", "srbm", "irbm", "icbm", "cruise_missile", "hypersonic"]


def synthetic_events(articles: int, seed: int) -> list[Report]:
    rng = random.Random(seed)
    events = []
    for article in range(articles):
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            day = f"{rng.randint(2017, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            month_only = rng.random() < 0.1
            events.append(Report(f"e{len(events)}", f"a{article}", rng.choice(EVENT_TYPES),
                                 day[:7] if month_only else day, "month" if month_only else "day",
                                 rng.choice(COUNTRIES), "", rng.choice(WEAPON_TYPES)))
    return events


def stage_seconds(events: list[Report], articles: int) -> float:
    """The stage at every publish of an ingest of ``articles`` articles, as it runs there."""
    per_article = len(events) / articles
    total = 0.0
    for published in range(FLUSH_EVERY, articles + FLUSH_EVERY, FLUSH_EVERY):
        stored = events[:round(min(published, articles) * per_article)]
        started = time.perf_counter()
        link(stored)
        total += time.perf_counter() - started
    return total


def ingest_seconds_per_article(sample: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "sample.jsonl"
        with CORPUS.open(encoding="utf-8") as f:
            source.write_text("".join(islice(f, sample)), encoding="utf-8")
        ingest([str(source)], Store(Path(tmp) / "warm"))  # models loaded before timing
        started = time.perf_counter()
        summary = ingest([str(source)], Store(Path(tmp) / "store"))
        return (time.perf_counter() - started) / max(1, summary.ingested)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"needs {CORPUS}", file=sys.stderr)
        return 2
    events = synthetic_events(args.articles, args.seed)
    stage = stage_seconds(events, args.articles)
    per_article = ingest_seconds_per_article(args.sample)
    ingesting = per_article * args.articles
    print(json.dumps({"articles": args.articles, "events": len(events), "publishes": -(-args.articles // FLUSH_EVERY)}))
    print(f"incident stage over every publish: {stage:8.1f} s")
    print(f"ingest, 1 worker (extrapolated from {args.sample} real articles at {per_article * 1000:.0f} ms each): "
          f"{ingesting:8.1f} s")
    print(f"ratio stage / ingest: {stage / ingesting:.3f}  (target < 0.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
