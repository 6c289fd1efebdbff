"""Incidents on the sample corpus: how many reports, how many incidents, against its distinct events.

    python benchmarks/incidents.py [--store DIR]

Ingests ``data/sample/articles.jsonl`` into a temporary store (or reads ``--store``), then prints
the events (reports) and incidents the store holds, all and at the dashboard's default minimum
confidence, beside the number of distinct real events ``data/sample/SOURCES.md`` lists (the
stories the articles are about) and the distinct occurrences the answer key holds (those and the
earlier events the articles mention), and the incidents told by more than one article, with their
languages and sources.
"""

import argparse
import csv
import io
import json
import re
import sys
import tempfile
from pathlib import Path

from armswatch.export import export_csv
from armswatch.ingest import ingest
from armswatch.queries.filters import DEFAULT_MIN_CONFIDENCE
from armswatch.store import Store

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
KEY = Path(__file__).resolve().parents[1] / "data" / "eval" / "sample_events.jsonl"


def rows(store: Store, table: str) -> list[dict]:
    out = io.StringIO()
    export_csv(store, table, out, raw=True)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def distinct_events() -> int:
    table = (SAMPLE / "SOURCES.md").read_text(encoding="utf-8").split("## Distinct events", 1)[1]
    return len(re.findall(r"^\| \d+ \|", table, flags=re.MULTILINE))


def keyed_occurrences() -> tuple[int, int, int]:
    """The answer key's events (``data/eval/sample_events.jsonl``), its distinct occurrences (type,
    actor, date: the articles also mention earlier events, "the first since September 2016"), and
    those dated to the day."""
    events = [e for line in KEY.read_text(encoding="utf-8").splitlines() for e in json.loads(line)["gold"]["events"]]
    keys = {(e["type"], e["country"] or "", e["date"] or "") for e in events}
    return len(events), len(keys), sum(len(k[2]) == 10 for k in keys)


def report(store: Store) -> None:
    events = rows(store, "events")
    confident = [e for e in events if float(e["confidence"] or 0) >= DEFAULT_MIN_CONFIDENCE]
    print(f"sample corpus: {distinct_events()} distinct real events listed in data/sample/SOURCES.md")
    print("answer key (data/eval/sample_events.jsonl): {} events, {} distinct occurrences, {} dated to the day"
          .format(*keyed_occurrences()))
    print(f"all events:        {len(events)} reports, {len({e['incident_id'] for e in events})} incidents")
    print(f"confidence >= {DEFAULT_MIN_CONFIDENCE}: {len(confident)} reports, "
          f"{len({e['incident_id'] for e in confident})} incidents")
    incidents = [i for i in rows(store, "incidents") if int(i["articles"]) > 1]
    print(f"incidents told by several articles: {len(incidents)}")
    for i in incidents:
        print(f"  {i['date']:10} {i['event_type']:20} {i['country']:2} {i['weapon'] or i['weapon_type']:18} "
              f"{i['reports']} reports, {i['languages']}, {i['sources']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="read this store instead of ingesting the sample corpus")
    args = parser.parse_args()
    if args.store:
        report(Store(args.store))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        ingest([str(SAMPLE / "articles.jsonl")], store)
        report(store)
    return 0


if __name__ == "__main__":
    sys.exit(main())
