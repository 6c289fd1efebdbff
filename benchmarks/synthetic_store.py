"""Build a synthetic store of N articles for the dashboard benchmark (no NLP: random but
realistic rows drawn from the gazetteer).

    python benchmarks/synthetic_store.py OUT_DIR [--articles 100000] [--seed 1]

Each article gets ~600 words of filler text, 2026-style metadata, 12 entities (countries,
places with coordinates, people, organisations, weapon systems, weapon types) with mention
counts, the mention rows behind them, and 0–3 events. Written in segments of 10,000 articles
through the store's own writer, as an ingest would.
"""

import argparse
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa

from armswatch.gazetteer import load_gazetteer
from armswatch.schema import ARTICLES, ENTITIES, EVENTS, MENTIONS
from armswatch.store import Store

EVENT_TYPES = ["missile_test"] * 4 + ["weapons_announcement"] * 2 + [
    "production", "nuclear_test", "satellite_launch", "deployment", "arms_transfer", "sanctions", "exercise"]
SOURCES = ["wire service", "regional daily", "state media", "defence weekly", "agence de presse"]
WORDS = ["missile", "launch", "test", "pyongyang", "seoul", "artillery", "shells", "troops", "kursk", "treaty",
         "sanctions", "report", "drills", "destroyer", "submarine", "satellite", "orbit", "hypersonic", "warhead"]
SEGMENT = 10_000


def build(root: Path, articles: int, seed: int) -> None:
    rng = random.Random(seed)
    entries = load_gazetteer().entries
    by_type = {t: [e for e in entries if e.entity_type == t] for t in ("COUNTRY", "PLACE", "PERSON", "ORG", "WEAPON",
                                                                        "WEAPON_TYPE")}
    focus = {t: pool[:60] for t, pool in by_type.items()}  # a head of frequent names, as in real coverage
    places = [p for p in by_type["PLACE"] if p.latitude is not None]
    start = date(2017, 1, 1)
    now = datetime.now(UTC).replace(microsecond=0)
    with Store(root).writer() as writer:
        for first in range(0, articles, SEGMENT):
            rows = {"articles": [], "mentions": [], "entities": [], "events": []}
            for n in range(first, min(first + SEGMENT, articles)):
                aid = f"syn-{n:07d}"
                published = start + timedelta(days=rng.randrange(3650))
                text = " ".join(rng.choice(WORDS) for _ in range(600))
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
                            offset = rng.randrange(0, len(text) - 20)
                            rows["mentions"].append((aid, e.name, entity_type, e.name, offset, offset + 10,
                                                     text[offset:offset + 120], "gazetteer", e.country,
                                                     e.weapon_type, e.latitude, e.longitude))
                for k in range(rng.choice((0, 1, 1, 2, 3))):
                    place = rng.choice(places) if rng.random() < 0.6 else None
                    weapon = rng.choice(focus["WEAPON"])
                    day = published - timedelta(days=rng.randrange(3))
                    actor = rng.choice(("KP", "KP", "KP", "RU", "KR", "US", "JP"))
                    rows["events"].append({
                        "event_id": f"{aid}-{k}", "article_id": aid, "event_type": rng.choice(EVENT_TYPES),
                        "date": day.isoformat(), "date_precision": "day", "country": actor,
                        "countries": "|".join(sorted({actor, rng.choice(("KP", "RU", "UA", "KR"))})),
                        "weapon_type": weapon.weapon_type, "weapon": weapon.name,
                        "location": place.name if place else "", "latitude": place.latitude if place else None,
                        "longitude": place.longitude if place else None, "sentence": text[:160], "start": 0,
                        "end": 160, "confidence": 0.8})
            writer.append({
                "articles": pa.Table.from_pylist(rows["articles"], ARTICLES),
                "mentions": pa.Table.from_arrays([pa.array(c) for c in zip(*rows["mentions"], strict=True)],
                                                 schema=MENTIONS),
                "entities": pa.Table.from_arrays([pa.array(c) for c in zip(*rows["entities"], strict=True)],
                                                 schema=ENTITIES),
                "events": pa.Table.from_pylist(rows["events"], EVENTS),
            })
            print(f"{min(first + SEGMENT, articles):,} articles written", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if (args.out / "manifest.json").exists():
        print(f"{args.out} already holds a store", file=sys.stderr)
        return 2
    build(args.out, args.articles, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
