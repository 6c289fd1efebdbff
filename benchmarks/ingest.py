"""Ingest throughput against bare spaCy, and the gain from a second worker.

    python benchmarks/ingest.py [CORPUS.jsonl] [--repeat 3] [--limit N]

Defaults to ../shared/corpora/kcna_2024_jan_sep.jsonl. In one run, alternating, ``--repeat``
times each: bare ``nlp.pipe`` of the same statistical model over the same (normalised) texts
that ingest processes (ingest skips the corpus's duplicate articles, so bare spaCy gets the
de-duplicated texts too), with the batch size ingest uses;
``armswatch ingest`` into a fresh store with 1 worker; and with 2 workers. Models are loaded
before timing in every case (a forked worker inherits the loaded pipeline). Prints medians of
docs/s and tokens/s and the two ratios the project targets: ingest / bare >= 0.8 and
2 workers / 1 worker >= 1.5.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from armswatch.ingest import BATCH_SIZE, ingest
from armswatch.nlp.pipeline import get_pipeline, load_base, model_name
from armswatch.store import Store
from armswatch.textnorm import nlp_view, normalize_text, text_key

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "kcna_2024_jan_sep.jsonl"


def bare(texts: list[str], nlp) -> tuple[float, int]:
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))
    return time.perf_counter() - start, tokens


def armswatch(corpus: Path, workers: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = ingest([str(corpus)], Store(Path(tmp)), workers=workers)
        return time.perf_counter() - start, summary.tokens, summary.ingested


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, help="use only the first N articles")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    corpus = args.corpus
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        records = records[: args.limit]
        tmp_corpus = Path(tempfile.mkdtemp()) / "corpus.jsonl"
        tmp_corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        corpus = tmp_corpus
    lang = records[0].get("lang", "en")
    unique = {text_key(normalize_text(r["text"])): normalize_text(r["text"]) for r in reversed(records)}
    texts = [nlp_view(text) for text in unique.values()]
    base = load_base(lang)
    get_pipeline(lang)  # loaded once here; workers forked later inherit it
    print(f"corpus: {args.corpus.name}, {len(records)} articles ({len(texts)} after de-duplication), "
          f"model {model_name(lang)}, repeat {args.repeat}", flush=True)
    runs: dict[str, list[tuple[float, int, int]]] = {"bare nlp.pipe": [], "ingest, 1 worker": [],
                                                      "ingest, 2 workers": []}
    for round_number in range(1, args.repeat + 1):
        seconds, tokens = bare(texts, base)
        runs["bare nlp.pipe"].append((seconds, tokens, len(texts)))
        runs["ingest, 1 worker"].append(armswatch(corpus, 1))
        runs["ingest, 2 workers"].append(armswatch(corpus, 2))
        times = ", ".join(f"{name} {results[-1][0]:.1f} s" for name, results in runs.items())
        print(f"round {round_number}: {times}", flush=True)
    medians = {}
    for name, results in runs.items():
        docs_s = statistics.median(n / s for s, _, n in results)
        tokens_s = statistics.median(t / s for s, t, _ in results)
        medians[name] = docs_s
        print(f"{name:18} {docs_s:8.1f} docs/s  {tokens_s:10.0f} tokens/s  (median of {len(results)})")
    print(f"ratio ingest (1 worker) / bare nlp.pipe: {medians['ingest, 1 worker'] / medians['bare nlp.pipe']:.2f}"
          "  (target >= 0.80)")
    print(f"ratio 2 workers / 1 worker:              {medians['ingest, 2 workers'] / medians['ingest, 1 worker']:.2f}"
          "  (target >= 1.50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
