"""What publishing the dashboard's pages costs an ingest at its end, on a big store.

    python benchmarks/views.py STORE

Computes, without publishing them, what ``armswatch.views.publish`` publishes: every page on the
default filters (the first screens, also published every ten flushes of a long ingest), then every
page on one value of each filtered list (at the end of an ingest), with DuckDB held to the memory
an ingest gives it. Prints the time, the number of results and their bytes, and the process's peak
memory. Build the store first with ``benchmarks/synthetic_store.py``.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

from armswatch import views
from armswatch.store import Store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path)
    args = parser.parse_args()
    if not (args.store / "manifest.json").exists():
        print(f"no store at {args.store}: build one with benchmarks/synthetic_store.py", file=sys.stderr)
        return 2
    snapshot = Store(args.store).snapshot()
    con = snapshot.connect()
    con.execute(f"SET memory_limit = '{views.MEMORY}'")
    print(f"store {args.store}: {snapshot.count('articles'):,} articles; DuckDB memory limit {views.MEMORY}")
    values = views.frequent_values(con)
    for label, filtered in (("first screens", False), (f"and {len(values)} filter values", True)):
        start = time.perf_counter()
        table = views.published_views(con, filtered)
        took = time.perf_counter() - start
        size = sum(len(data) for data in table.column("data").to_pylist())
        print(f"{label:24} {took:7.1f} s  {table.num_rows:4} results  {size / 1e6:6.1f} MB", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS) {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
