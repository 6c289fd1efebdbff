"""The reference check on a corpus: North Korea's missile-test incidents against the CNS record.

    python benchmarks/reference_check.py [--corpus sample|kcna|PATH] [--store DIR]

Ingests the corpus (``sample``: ``data/sample/articles.jsonl``; ``kcna``:
``../shared/corpora/kcna_2024_jan_sep.jsonl``) into a temporary store, or reads ``--store``, and
prints ``python -m armswatch reference check``'s rows by status: the incidents matched to a
reference test, those not in the reference, those outside it (cruise missiles, artillery), and
the reference tests of the period the articles cover that no incident matched.
"""

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

from armswatch.ingest import ingest
from armswatch.reference import check_rows
from armswatch.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {"sample": ROOT / "data" / "sample" / "articles.jsonl",
           "kcna": ROOT.parent / "shared" / "corpora" / "kcna_2024_jan_sep.jsonl"}


def report(store: Store) -> None:
    rows = check_rows(store)
    print("reference check: " + ", ".join(f"{status} {n}" for status, n in Counter(r["status"] for r in rows).items()))
    for row in rows:
        incident = f"{row['date']} {row['weapon'] or row['weapon_type'] or row['event_type']}" if row["incident_id"] \
            else ""
        test = f"{row['reference_date']} {row['reference_missile']} ({row['reference_class']})" \
            if row["reference_date"] else ""
        print(f"  {row['status']:18} {incident:34} {test}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="sample", help="sample, kcna, or a path ingest reads")
    parser.add_argument("--store", type=Path, help="read this store instead of ingesting a corpus")
    args = parser.parse_args()
    if args.store:
        report(Store(args.store))
        return 0
    corpus = CORPORA.get(args.corpus, Path(args.corpus))
    if not corpus.exists():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        ingest([str(corpus)], store)
        report(store)
    return 0


if __name__ == "__main__":
    sys.exit(main())
