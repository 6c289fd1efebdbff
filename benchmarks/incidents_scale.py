"""The incident stage's cost at scale, against what ingesting the same articles costs.

    python benchmarks/incidents_scale.py [--articles 100000] [--sample 200] [--seed 1]

An ingest publishes every 2,000 articles (``ingest.FLUSH_EVERY``), and at each publish the incident
stage links the new events, deciding again only the incidents near them (``incidents.relink``).
This script makes the events of ``--articles`` synthetic articles (1.5 a article on average: types,
actors, weapon types and dates drawn as in the synthetic store, one in ten dated to the month only)
and times the stage over the whole schedule of publishes. In the same run it ingests ``--sample``
real state-media articles (``../shared/corpora``) into a temporary store and extrapolates their
time per article to ``--articles``. It prints both and their ratio.

Then it adds ``--new`` more articles' events to the full store, as a small ingest does, and prints
how many reports the stage decided again, and its time against deciding everything (medians of 5).
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from armswatch.incidents import Report, link, relink
from armswatch.ingest import FLUSH_EVERY, ingest
from armswatch.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "kcna_2024_jan_sep.jsonl"
EVENT_TYPES = ["missile_test"] * 4 + ["weapons_announcement"] * 2 + [
    "production", "nuclear_test", "satellite_launch", "deployment", "arms_transfer", "sanctions", "exercise"]
COUNTRIES = ["KP"] * 6 + ["KR", "US", "RU", "JP", "UA", ""]
WEAPON_TYPES = ["", "missile", "ballistic_missile", "srbm", "irbm", "icbm", "cruise_missile", "hypersonic"]


def synthetic_events(articles: int, seed: int, first: int = 0) -> list[Report]:
    """The events of articles ``first`` to ``first + articles``."""
    rng = random.Random(seed)
    events = []
    for article in range(first, first + articles):
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            day = f"{rng.randint(2017, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            month_only = rng.random() < 0.1
            events.append(Report(f"e{article}-{len(events)}", f"a{article}", rng.choice(EVENT_TYPES),
                                 day[:7] if month_only else day, "month" if month_only else "day",
                                 rng.choice(COUNTRIES), rng.choice(WEAPON_TYPES)))
    return events


def stage_seconds(events: list[Report], articles: int) -> tuple[float, dict[str, str]]:
    """The stage at every publish of an ingest of ``articles`` articles, as it runs there, and its links."""
    per_article = len(events) / articles
    total = 0.0
    links: dict[str, str] = {}
    for published in range(FLUSH_EVERY, articles + FLUSH_EVERY, FLUSH_EVERY):
        stored = events[:round(min(published, articles) * per_article)]
        started = time.perf_counter()
        links, _ = relink(stored, links)
        total += time.perf_counter() - started
    return total, links


def small_ingest(events: list[Report], links: dict[str, str], new: list[Report]) -> None:
    """Print what the stage decides again when ``new`` joins a store, against deciding everything."""
    incremental, everything = [], []
    for _ in range(5):  # medians of 5, side by side
        started = time.perf_counter()
        after, revisited = relink(events + new, links)
        incremental.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert link(events + new) == after, "the incremental links differ from deciding everything"
        everything.append(time.perf_counter() - started)
    incremental, everything = statistics.median(incremental), statistics.median(everything)
    touched = {links[r.event_id] for r in events if after[r.event_id] != links[r.event_id]}
    near = {after[r.event_id] for r in new} | touched
    print(f"{len(new)} new events: {revisited} reports decided again of {len(events) + len(new)}; "
          f"{len(touched)} stored incidents changed, {len(near)} incidents around the new events "
          f"of {len(set(after.values()))}")
    print(f"incremental {incremental:.2f} s against deciding everything {everything:.2f} s, medians of 5 "
          f"(ratio {incremental / everything:.2f}); same links: yes")


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
    parser.add_argument("--new", type=int, default=100, help="articles of the small ingest after the big one")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"needs {CORPUS}", file=sys.stderr)
        return 2
    events = synthetic_events(args.articles, args.seed)
    stage, links = stage_seconds(events, args.articles)
    per_article = ingest_seconds_per_article(args.sample)
    ingesting = per_article * args.articles
    print(json.dumps({"articles": args.articles, "events": len(events), "publishes": -(-args.articles // FLUSH_EVERY)}))
    print(f"incident stage over every publish: {stage:8.1f} s")
    print(f"ingest, 1 worker (extrapolated from {args.sample} real articles at {per_article * 1000:.0f} ms each): "
          f"{ingesting:8.1f} s")
    print(f"ratio stage / ingest: {stage / ingesting:.3f}  (target < 0.10)")
    small_ingest(events, links, synthetic_events(args.new, args.seed + 1, first=args.articles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
