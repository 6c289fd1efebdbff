"""Ingest throughput against bare spaCy, and the gain from a second worker, local and on Dask.

    python benchmarks/ingest.py [CORPUS.jsonl] [--repeat 3] [--limit N] [--dask local:2]

Defaults to ../shared/corpora/kcna_2024_jan_sep.jsonl. In one run, alternating, ``--repeat``
times each: bare ``nlp.pipe`` of the same statistical model over the same (normalised) texts
that ingest processes (ingest skips the corpus's duplicate articles, so bare spaCy gets the
de-duplicated texts too), with the batch size ingest uses;
``armswatch ingest`` into a fresh store with 1 worker; with 2 workers; and, with ``--dask``, on
that Dask cluster (``local:N`` starts a LocalCluster of N processes before timing, as a cluster is
started once and serves many ingests; its start is printed apart). Models are loaded before
timing in every case (a forked worker inherits the loaded pipeline; a Dask worker loads it when
it joins, and a first small ingest waits for that). Prints medians of docs/s and tokens/s, the
ratios the project targets (ingest / bare >= 0.8; 2 workers / 1 worker >= 1.5; Dask local:2 /
1 worker >= 1.6), and how throughput would grow with more workers. That estimate comes from
two measurements: the CPU time of the ingest's own process while 2 forked workers do the NLP
(the single writer's share: reading, de-duplication, Arrow tables, Parquet, incidents, views,
which no worker takes over), and the 1-worker time less that share (the NLP a worker does). With
W workers on W free cores, an article costs max(writer, NLP / W): the writer caps the rate.
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


WRITER_CPU: list[float] = []  # CPU seconds of this process in each 2-worker run: the writer's own work


def armswatch(corpus: Path, workers: int = 1, dask: str | None = None) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        cpu = time.process_time()  # this process only: forked workers are not counted
        start = time.perf_counter()
        summary = ingest([str(corpus)], Store(Path(tmp)), workers=workers, dask=dask)
        if workers == 2:
            WRITER_CPU.append(time.process_time() - cpu)
        return time.perf_counter() - start, summary.tokens, summary.ingested


def start_cluster(address: str, corpus: Path):  # -> (scheduler address, LocalCluster or None)
    """A running cluster whose workers hold the pipelines: ``local:N`` is started here."""
    from armswatch.cluster import parse_address

    workers, scheduler = parse_address(address)
    cluster = None
    start = time.perf_counter()
    if workers:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        scheduler = cluster.scheduler_address
    armswatch(corpus, dask=scheduler)  # the workers load their pipelines
    print(f"Dask cluster {address}: started and warmed in {time.perf_counter() - start:.1f} s (not timed below)",
          flush=True)
    return scheduler, cluster


def projection(one_worker: float, writer: float, docs: int) -> None:
    """Articles a second with W workers, from the 1-worker time and the writer's CPU time (seconds per run)."""
    nlp = max(one_worker - writer, 0.0)
    print(f"per article: writer {writer / docs * 1000:.1f} ms of CPU (median of {len(WRITER_CPU)}), "
          f"NLP {nlp / docs * 1000:.1f} ms; the writer caps an ingest at {docs / writer:.0f} articles/s")
    for workers in (1, 2, 4, 8, 16, 32, 64):
        print(f"  {workers:2d} workers: {docs / max(writer, nlp / workers):7.1f} articles/s (estimate)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, help="use only the first N articles")
    parser.add_argument("--dask", metavar="ADDRESS", help="also ingest on this Dask cluster (local:N or tcp://...)")
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
    scheduler, cluster = start_cluster(args.dask, corpus) if args.dask else (None, None)
    on_dask = f"ingest, Dask {args.dask}"
    if scheduler:
        runs[on_dask] = []
    for round_number in range(1, args.repeat + 1):
        seconds, tokens = bare(texts, base)
        runs["bare nlp.pipe"].append((seconds, tokens, len(texts)))
        runs["ingest, 1 worker"].append(armswatch(corpus, 1))
        runs["ingest, 2 workers"].append(armswatch(corpus, 2))
        if scheduler:
            runs[on_dask].append(armswatch(corpus, dask=scheduler))
        times = ", ".join(f"{name} {results[-1][0]:.1f} s" for name, results in runs.items())
        print(f"round {round_number}: {times}", flush=True)
    medians = {}
    for name, results in runs.items():
        docs_s = statistics.median(n / s for s, _, n in results)
        tokens_s = statistics.median(t / s for s, t, _ in results)
        medians[name] = docs_s
        print(f"{name:26} {docs_s:8.1f} docs/s  {tokens_s:10.0f} tokens/s  (median of {len(results)})")
    print(f"ratio ingest (1 worker) / bare nlp.pipe: {medians['ingest, 1 worker'] / medians['bare nlp.pipe']:.2f}"
          "  (target >= 0.80)")
    print(f"ratio 2 workers / 1 worker:              {medians['ingest, 2 workers'] / medians['ingest, 1 worker']:.2f}"
          "  (target >= 1.50)")
    if scheduler:
        print(f"ratio Dask {args.dask} / 1 worker: {medians[on_dask] / medians['ingest, 1 worker']:.2f}"
              "  (target >= 1.60 on local:2)")
    if cluster is not None:
        cluster.close()
    one_worker = statistics.median(s for s, _, _ in runs["ingest, 1 worker"])
    print("how throughput would grow with workers (each on a core of its own):")
    projection(one_worker, statistics.median(WRITER_CPU), runs["ingest, 1 worker"][0][2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
