"""Big input files and an ingest run measured from outside (wall time, peak memory), for the
streaming test (test_big_file) and the benchmark (benchmarks/big_file.py)."""

import csv
import json
import subprocess
import sys
import time
from pathlib import Path

FILLER = "Ein kurzer Bericht über Raketen, Manöver und Lieferungen in der Region. " * 50  # ~3.6 KB
ENGLISH = "North Korea fired a Hwasong-18 ICBM from Sohae on Monday; the UN condemned the launch."
# run the command line in a child that reports its own peak resident memory (ru_maxrss, in KB on Linux)
MEASURED_CLI = ("import resource, sys\nfrom armswatch.cli import main\ncode = main(sys.argv[1:])\n"
                "print('peak_rss_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
                "sys.exit(code)")


def write_big_file(path: Path, megabytes: int, english_every: int = 1000, bad_every: int = 50_000) -> tuple[int, int]:
    """A JSONL or CSV file (by suffix) of at least ``megabytes`` MB: German reports (stored without NLP),
    every ``english_every``-th one an English report (through the pipeline), every ``bad_every``-th
    line broken. Returns (good records, bad lines)."""
    good = bad = 0
    limit = megabytes * 1024 * 1024
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f) if path.suffix == ".csv" else None
        if writer:
            writer.writerow(["id", "lang", "published", "text"])
        while f.tell() < limit:
            n = good + bad + 1
            if n % bad_every == 0:
                f.write('{"id": "broken", "text": "cut\n' if writer is None else "broken,de\r\n")  # E103 / E105
                bad += 1
                continue
            english = n % english_every == 0
            record = {"id": f"big-{n}", "lang": "en" if english else "de", "published": "2024-05-01",
                      "text": f"Report {n}. " + (ENGLISH if english else FILLER)}
            if writer:
                writer.writerow(record.values())
            else:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
            good += 1
    return good, bad


def measured_ingest(inputs: list[Path], store: Path, workers: int = 1) -> tuple[float, int, str]:
    """(seconds, peak resident memory in bytes, standard error) of ``armswatch ingest`` in a child process."""
    args = [sys.executable, "-c", MEASURED_CLI, "ingest", *map(str, inputs), "--store", str(store),
            "--workers", str(workers)]
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("peak_rss_kb"))
    return seconds, peak * 1024, done.stderr
