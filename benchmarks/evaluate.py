"""Score Arms Watch against annotated articles with the shared scorer.

    python benchmarks/evaluate.py [GOLD.jsonl ...] [--workers N] [--errors]

Defaults to ../shared/eval/dev.jsonl and ../shared/eval/seed.jsonl. Strips the answer keys,
ingests the articles into a temporary store, exports the entities and events tables, and runs
``../shared/eval/score.py score`` on them. Needs ../shared (not part of a user's clone).
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, **kwargs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="*", default=[str(SHARED / "dev.jsonl"), str(SHARED / "seed.jsonl")])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--errors", action="store_true", help="list every miss and extra")
    args = parser.parse_args()
    scorer = SHARED / "score.py"
    if not scorer.exists():
        print(f"needs {scorer} (the shared evaluation folder)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        gold = tmp_path / "gold.jsonl"
        gold.write_text("".join(Path(g).read_text(encoding="utf-8") for g in args.gold), encoding="utf-8")
        articles = tmp_path / "articles.jsonl"
        with articles.open("w", encoding="utf-8") as f:
            run([sys.executable, str(scorer), "strip", str(gold)], stdout=f)
        store = tmp_path / "store"
        run([sys.executable, "-m", "armswatch", "ingest", str(articles), "--store", str(store),
             "--workers", str(args.workers)], stderr=subprocess.DEVNULL)
        for table in ("entities", "events"):
            run([sys.executable, "-m", "armswatch", "export", table, "--raw", "--store", str(store),
                 "--out", str(tmp_path / f"{table}.csv")], stderr=subprocess.DEVNULL)
        cmd = [sys.executable, str(scorer), "score", str(gold), "--entities", str(tmp_path / "entities.csv"),
               "--events", str(tmp_path / "events.csv")]
        print("$ python3 ../shared/eval/score.py score dev.jsonl+seed.jsonl "
              "--entities entities.csv --events events.csv")
        run(cmd + (["--errors"] if args.errors else []))
    return 0


if __name__ == "__main__":
    sys.exit(main())
