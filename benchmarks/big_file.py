"""Streaming big files: wall time, throughput and peak memory of ``armswatch ingest`` by file size.

    python benchmarks/big_file.py [--sizes 20 200] [--formats jsonl csv] [--repeat 3]

For each format, writes one file per size (German reports, stored without NLP, with one English
report in 1,000 through the installed English pipeline and one broken line in 50,000), then
ingests each into a fresh store in a child process, alternating sizes, ``--repeat`` times.
Prints the medians of seconds, MB/s and peak resident memory, and the peak memory of the
largest size over the smallest: close to 1 means the file is streamed, not held in memory.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from big_files import measured_ingest, write_big_file  # the tests' file builder, shared

MB = 1024 * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 200], help="file sizes in MB")
    parser.add_argument("--formats", nargs="+", default=["jsonl", "csv"], choices=["jsonl", "csv"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats:
            files = {}
            for size in args.sizes:
                path = Path(tmp) / f"dump{size}.{fmt}"
                good, _ = write_big_file(path, size)
                files[size] = (path, good)
            runs: dict[int, list[tuple[float, int]]] = {size: [] for size in args.sizes}
            for round_ in range(args.repeat):
                for size, (path, good) in files.items():
                    seconds, peak, err = measured_ingest([path], Path(tmp) / f"store-{fmt}-{size}-{round_}")
                    if f"ingested: {good} " not in err:
                        raise SystemExit(f"{path.name}: expected {good} articles ingested:\n{err[-1500:]}")
                    runs[size].append((seconds, peak))
            print(f"{fmt}: median of {args.repeat} runs")
            for size, (path, good) in files.items():
                seconds = statistics.median(s for s, _ in runs[size])
                peak = statistics.median(p for _, p in runs[size])
                speed = path.stat().st_size / MB / seconds
                print(f"  {size:>5} MB  {good:>7} articles  {seconds:7.1f} s  {speed:5.1f} MB/s  "
                      f"peak memory {peak / MB:6.0f} MB")
            small, large = min(args.sizes), max(args.sizes)
            ratio = statistics.median(p for _, p in runs[large]) / statistics.median(p for _, p in runs[small])
            print(f"  peak memory {large} MB / {small} MB file: {ratio:.2f}")
            for path, _ in files.values():
                path.unlink()


if __name__ == "__main__":
    main()
