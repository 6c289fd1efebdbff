"""Server-side time of every dashboard page on a big store, and the process's peak memory.

    python benchmarks/dashboard.py STORE [--repeat 5]

Build the store first: ``python benchmarks/synthetic_store.py /tmp/syn100k`` (100,000
articles). Each page runs in Streamlit's AppTest (the page's script with its queries and
figures, as the server runs it, without a browser): once cold, then ``--repeat`` times as is
(median: a page view), then ``--repeat`` times alternating a filter change in the sidebar
(country RU, then none; median: a filter change). Targets: page < 1 s, filter change < 0.5 s,
memory < 1.5 GB.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["dashboard.py", "pages/1_Timeline.py", "pages/2_Entities.py", "pages/3_Map.py", "pages/4_Articles.py",
         "pages/5_Ingest.py"]


def timed(app: AppTest) -> float:
    start = time.perf_counter()
    app.run()
    if app.exception:
        raise RuntimeError(app.exception[0].message)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not (args.store / "manifest.json").exists():
        print(f"no store at {args.store}: build one with benchmarks/synthetic_store.py", file=sys.stderr)
        return 2
    os.environ["ARMSWATCH_STORE"] = str(args.store)
    from armswatch.store import Store

    articles = Store(args.store).snapshot().count("articles")
    print(f"store {args.store}: {articles:,} articles; medians of {args.repeat} runs")
    print(f"{'page':24} {'cold s':>7} {'view s':>7} {'filter s':>9}")
    for page in PAGES:
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300).switch_page(page)
        cold = timed(app)
        views = [timed(app) for _ in range(args.repeat)]
        changes = []
        for n in range(args.repeat if app.multiselect else 0):  # the Ingest page has no filters
            app.multiselect(key="f_countries").set_value(["RU"] if n % 2 == 0 else [])
            changes.append(timed(app))
        change = f"{statistics.median(changes):9.2f}" if changes else f"{'-':>9}"
        print(f"{page:24} {cold:7.2f} {statistics.median(views):7.2f} {change}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS) {peak:,.0f} MB  (target < 1,536 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
