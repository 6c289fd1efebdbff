"""Score Arms Watch against annotated articles with the shared scorer, set by set.

    python benchmarks/evaluate.py [--set NAME=GOLD.jsonl[,GOLD.jsonl] ...] [--workers N] [--errors]

By default, three sets, in the order of how much they say about unseen text:

- ``real, measured only``: ``data/eval/kcna_test.jsonl`` and ``kcna_events_test.jsonl`` (events
  only: its entities are not annotated, so its articles count for events alone), real state media
  never developed or trained on;
- ``real, developed on``: ``data/eval/kcna_dev.jsonl``, real state media the rules were developed on;
- ``wire style, developed on``: ``../shared/eval/dev.jsonl`` + ``seed.jsonl``, whose entities are all in
  the gazetteer;
- ``stories told several times, developed on``: ``data/eval/sample_events.jsonl``, the sample corpus
  with its events keyed by hand (events only), where most occurrences are told by several articles
  in both languages: the incident stage's measure.

For each set: strips the answer keys, ingests the articles into a temporary store, exports the
entities and events tables (``--raw``), and runs ``../shared/eval/score.py score`` on them; the
scorer scores incidents too (the events' ``incident_id``), and the same events grouped by exact
(type, actor, date) are scored beside them ("exact key"), the baseline the incident stage must
beat. Needs ../shared (not part of a user's clone).
"""

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
EVENTS_ONLY = {"kcna_events_test.jsonl", "sample_events.jsonl"}  # answer keys of events alone: not scored for entities
EVAL = ROOT / "data" / "eval"
SETS = {
    "real, measured only": [EVAL / "kcna_test.jsonl", EVAL / "kcna_events_test.jsonl"],
    "real, developed on": [EVAL / "kcna_dev.jsonl"],
    "wire style, developed on": [SHARED / "dev.jsonl", SHARED / "seed.jsonl"],
    "stories told several times, developed on": [EVAL / "sample_events.jsonl"],
}


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, **kwargs)


def score_set(name: str, files: list[Path], workers: int, errors: bool) -> None:
    scorer = SHARED / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        gold = tmp_path / "gold.jsonl"
        gold.write_text("".join(f.read_text(encoding="utf-8") for f in files), encoding="utf-8")
        entity_gold = tmp_path / "entity_gold.jsonl"
        entity_gold.write_text("".join(f.read_text(encoding="utf-8") for f in files if f.name not in EVENTS_ONLY),
                               encoding="utf-8")
        articles = tmp_path / "articles.jsonl"
        with articles.open("w", encoding="utf-8") as f:
            run([sys.executable, str(scorer), "strip", str(gold)], stdout=f)
        store = tmp_path / "store"
        run([sys.executable, "-m", "armswatch", "ingest", str(articles), "--store", str(store),
             "--workers", str(workers)], stderr=subprocess.DEVNULL)
        for table in ("entities", "events"):
            run([sys.executable, "-m", "armswatch", "export", table, "--raw", "--store", str(store),
                 "--out", str(tmp_path / f"{table}.csv")], stderr=subprocess.DEVNULL)
        print(f"\n== {name}: {' + '.join(f.name for f in files)}")
        flags = ["--errors"] if errors else []
        if entity_gold.stat().st_size:
            run([sys.executable, str(scorer), "score", str(entity_gold), "--entities", str(tmp_path / "entities.csv"),
                 *flags])
        run([sys.executable, str(scorer), "score", str(gold), "--events", str(tmp_path / "events.csv"), *flags])
        # the baseline the incident stage must beat: events grouped by exact (type, actor, date)
        keyed = tmp_path / "events_by_key.csv"
        with (tmp_path / "events.csv").open(encoding="utf-8") as f, keyed.open("w", encoding="utf-8") as out:
            rows = list(csv.DictReader(f))
            writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["incident_id"])
            writer.writeheader()
            writer.writerows({**r, "incident_id": f"{r['event_type']}|{r['country']}|{r['date']}"} for r in rows)
        baseline = run([sys.executable, str(scorer), "score", str(gold), "--events", str(keyed)],
                       capture_output=True).stdout
        print("\n".join(line.replace("incidents", "exact key", 1) for line in baseline.splitlines()
                        if line.startswith("incidents")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=GOLD[,GOLD]",
                        help="score these files instead of the default sets (repeatable)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--errors", action="store_true", help="list every miss and extra")
    args = parser.parse_args()
    if not (SHARED / "score.py").exists():
        print(f"needs {SHARED / 'score.py'} (the shared evaluation folder)", file=sys.stderr)
        return 2
    sets = {name: [Path(p) for p in files.split(",")] for name, _, files in (s.partition("=") for s in args.set)}
    for name, files in (sets or SETS).items():
        score_set(name, files, args.workers, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
