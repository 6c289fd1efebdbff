"""Build a synthetic store of N articles for the dashboard benchmark (no NLP: random but
realistic rows drawn from the gazetteer), published as real ingests publish it.

    python benchmarks/synthetic_store.py OUT_DIR [--articles 100000] [--seed 1] [--segment 2000] [--compact]

Each article gets ~600 words of text, 2017–2026 metadata, 12 entities (countries, places with
coordinates, people, organisations, weapon systems, weapon types) with mention counts, the
mention rows behind them, and 0–3 events. The text is made of sentences drawn at random from
the KCNA corpus (../shared/corpora/kcna_2024_jan_sep.jsonl beside the project, split on ". "), so
that a text search meets real wording; without that corpus, of filler words. A mention's and an
event's ``sentence`` is a sentence of its article's text, and ``start``/``end`` point into it.

The rows go through the store's own writer, one publish per ``--segment`` articles (2,000, as an
ingest publishes: a store of 1,000,000 articles has 500 segments per table). ``--compact`` runs
the automatic compaction after each publish, as an ingest of that many articles does at its end,
so that the store's files are what a user's store holds after as many ingests; without it the
store is what ingests before compaction left. The time the build took is printed at the end (2
cores, with ``--compact``: 20,000 articles in ~5 s, 100,000 in ~26 s; 1,000,000 should take
~5 min, its larger merges included).
"""

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa

from armswatch import views
from armswatch.gazetteer import load_gazetteer
from armswatch.schema import ARTICLES, ENTITIES, EVENT_INCIDENTS, EVENTS, MENTIONS
from armswatch.store import Store
from armswatch.textindex import word_table

EVENT_TYPES = ["missile_test"] * 4 + ["weapons_announcement"] * 2 + [
    "production", "nuclear_test", "satellite_launch", "deployment", "arms_transfer", "sanctions", "exercise"]
SOURCES = ["wire service", "regional daily", "state media", "defence weekly", "agence de presse"]
WORDS = ["missile", "launch", "test", "pyongyang", "seoul", "artillery", "shells", "troops", "kursk", "treaty",
         "sanctions", "report", "drills", "destroyer", "submarine", "satellite", "orbit", "hypersonic", "warhead"]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "kcna_2024_jan_sep.jsonl"
SEGMENT = 2_000  # articles per publish: ingest.FLUSH_EVERY
WORDS_PER_ARTICLE = 600


def load_sentences(rng: random.Random) -> tuple[list[str], str]:
    """Sentences (without their final full stop) to draw article texts from, and where they come from."""
    if CORPUS.is_file():
        sentences = []
        with CORPUS.open(encoding="utf-8") as f:
            for line in f:
                for paragraph in json.loads(line).get("text", "").splitlines():
                    sentences += [s.strip().rstrip(".") for s in paragraph.split(". ")]
        sentences = [s for s in sentences if len(s.split()) >= 3]
        if sentences:
            return sentences, f"{len(sentences):,} sentences of {CORPUS.name}"
    filler = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 22))).capitalize() for _ in range(5_000)]
    return filler, "filler words"


def build(root: Path, articles: int, seed: int, segment: int = SEGMENT, compact: bool = False) -> None:
    rng = random.Random(seed)
    entries = load_gazetteer().entries
    by_type = {t: [e for e in entries if e.entity_type == t] for t in ("COUNTRY", "PLACE", "PERSON", "ORG", "WEAPON",
                                                                        "WEAPON_TYPE")}
    focus = {t: pool[:60] for t, pool in by_type.items()}  # a head of frequent names, as in real coverage
    places = [p for p in by_type["PLACE"] if p.latitude is not None]
    sentences, origin = load_sentences(rng)
    per_sentence = sum(len(s.split()) for s in sentences) / len(sentences)
    mean = WORDS_PER_ARTICLE / per_sentence  # sentences an article takes, on average (KCNA: ~22, 15 to 30)
    fewest, most = max(1, round(mean * 2 / 3)), max(1, round(mean * 4 / 3))
    print(f"text from {origin}: {fewest}-{most} sentences an article", file=sys.stderr)
    start = date(2017, 1, 1)
    now = datetime.now(UTC).replace(microsecond=0)
    began = time.perf_counter()
    links: list[tuple[str, str]] = []
    with Store(root).writer() as writer:
        for first in range(0, articles, segment):
            rows = {"articles": [], "mentions": [], "entities": [], "events": []}
            for n in range(first, min(first + segment, articles)):
                aid = f"syn-{n:07d}"
                published = start + timedelta(days=rng.randrange(3650))
                chosen = rng.choices(sentences, k=rng.randint(fewest, most))
                bounds, at = [], 0  # (start, end) of each sentence in the text, its full stop included
                for sentence in chosen:
                    bounds.append((at, at + len(sentence) + 1))
                    at += len(sentence) + 2
                text = ". ".join(chosen) + "."
                rows["articles"].append({"id": aid, "title": f"Synthetic report {n}", "published": published,
                                         "source": rng.choice(SOURCES), "url": "", "lang": rng.choice("ef") + "n",
                                         "text": text, "published_from": "record", "lang_from": "record",
                                         "model": "synthetic", "origin": "synthetic", "origin_line": n, "extra": "",
                                         "text_key": aid, "ingested_at": now})
                for entity_type, count in (("COUNTRY", 3), ("PLACE", 3), ("PERSON", 2), ("ORG", 2), ("WEAPON", 1),
                                           ("WEAPON_TYPE", 1)):
                    pool = focus[entity_type] if rng.random() < 0.8 else by_type[entity_type]
                    for e in rng.sample(pool, min(count, len(pool))):
                        mentions = rng.randint(1, 4)
                        rows["entities"].append((aid, e.name, entity_type, e.country, e.weapon_type, e.latitude,
                                                 e.longitude, mentions))
                        for _ in range(mentions):
                            begin, end = bounds[rng.randrange(len(bounds))]
                            offset = begin + rng.randrange(max(1, end - begin - 10))
                            rows["mentions"].append((aid, e.name, entity_type, e.name, offset, min(offset + 10, end),
                                                     text[begin:end], "gazetteer", e.country, e.weapon_type,
                                                     e.latitude, e.longitude))
                for k in range(rng.choice((0, 1, 1, 2, 3))):
                    place = rng.choice(places) if rng.random() < 0.6 else None
                    weapon = rng.choice(focus["WEAPON"])
                    day = published - timedelta(days=rng.randrange(3))
                    actor = rng.choice(("KP", "KP", "KP", "RU", "KR", "US", "JP"))
                    begin, end = bounds[rng.randrange(len(bounds))]
                    rows["events"].append({
                        "event_id": f"{aid}-{k}", "article_id": aid, "event_type": rng.choice(EVENT_TYPES),
                        "date": day.isoformat(), "date_precision": "day", "country": actor,
                        "countries": "|".join(sorted({actor, rng.choice(("KP", "RU", "UA", "KR"))})),
                        "weapon_type": weapon.weapon_type, "weapon": weapon.name,
                        "location": place.name if place else "", "latitude": place.latitude if place else None,
                        "longitude": place.longitude if place else None, "sentence": text[begin:end],
                        "start": begin, "end": end, "confidence": 0.8})
            writer.append({
                "articles": pa.Table.from_pylist(rows["articles"], ARTICLES),
                "mentions": pa.Table.from_arrays([pa.array(c) for c in zip(*rows["mentions"], strict=True)],
                                                 schema=MENTIONS),
                "entities": pa.Table.from_arrays([pa.array(c) for c in zip(*rows["entities"], strict=True)],
                                                 schema=ENTITIES),
                "events": pa.Table.from_pylist(rows["events"], EVENTS),
                "article_words": word_table([(a["id"], a["title"], a["text"]) for a in rows["articles"]]),
            })
            links += [(e["event_id"], f"i-{e['event_type']}-{e['date']}-{e['country']}") for e in rows["events"]]
            if compact:
                writer.compact()  # what an ingest runs at its end
            done = min(first + segment, articles)
            if done == articles or done // 20_000 > first // 20_000:
                print(f"{done:,} articles written ({time.perf_counter() - began:.0f} s)", file=sys.stderr)
        # incident links as an ingest leaves them (one derived segment): the reports of one type, day and
        # actor are one incident
        writer.append({"event_incidents": pa.Table.from_arrays([pa.array(c) for c in zip(*links, strict=True)],
                                                               schema=EVENT_INCIDENTS)})
        views.publish(writer, filtered=True)  # the pages, as an ingest publishes them at its end
    elapsed = time.perf_counter() - began
    segments = ", ".join(f"{table} {len(names)}" for table, names in writer.snapshot.files.items() if names)
    print(f"{articles:,} articles in {elapsed:.1f} s ({articles / elapsed:,.0f} a second; 1,000,000 would take "
          f"~{1_000_000 / articles * elapsed / 60:.0f} min); segments: {segments}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--segment", type=int, default=SEGMENT,
                        help=f"articles per publish (default {SEGMENT:,}, as an ingest publishes)")
    parser.add_argument("--compact", action="store_true",
                        help="run the automatic compaction after each publish, as an ingest does at its end")
    args = parser.parse_args()
    if (args.out / "manifest.json").exists():
        print(f"{args.out} already holds a store", file=sys.stderr)
        return 2
    if args.segment < 1:
        parser.error("--segment must be at least 1")
    build(args.out, args.articles, args.seed, args.segment, args.compact)
    return 0


if __name__ == "__main__":
    sys.exit(main())
