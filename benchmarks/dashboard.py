"""Server-side time of every dashboard page on a big store, and the process's peak memory.

    python benchmarks/dashboard.py STORE [--repeat 5]

Build the store first: ``python benchmarks/synthetic_store.py /tmp/syn1m --articles 1000000
--compact`` (published as an ingest publishes). Each page runs in Streamlit's AppTest (the page's
script with its queries and figures, as the server runs it, without a browser), in this order:

- cold: the process's very first page run (the Overview), then each page's first view;
- view: the page drawn again as it is (a click elsewhere on it, a return to it), median of ``--repeat``;
- filter: a change of the country filter to one country not asked before on that page (so that
  nothing of it is in memory yet), median of ``--repeat`` (at most 6): what an ingest publishes
  for the countries most events name (``armswatch.views``);
- two: a change to two countries, a pair not asked before (computed from the rows: what every
  filter not published costs), median of ``--repeat`` (at most 6);
- search: a text search of a word not searched before on that page (Overview and Articles), median
  of ``--repeat``.

Targets (issue 14, at 1,000,000 articles): view < 0.5 s, filter change < 0.3 s, text search < 0.5 s,
cold first view < 2 s, peak memory < 1 GB.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["dashboard.py", "pages/1_Timeline.py", "pages/2_Entities.py", "pages/3_Map.py", "pages/4_Articles.py",
         "pages/7_Incidents.py", "pages/6_Reference_check.py", "pages/5_Ingest.py"]
SEARCHED = ("dashboard.py", "pages/4_Articles.py")
# The countries the synthetic events name (actors and involved), so that a change finds real rows, and
# words of the KCNA sentences the synthetic text is made of, rare and common. Each page starts with
# Streamlit's cache emptied (the snapshot's published views stay), and asks each of its values once:
# no filter change and no search finds its answer in memory.
COUNTRIES = ["RU", "KR", "UA", "US", "JP", "KP"]
PAIRS = [["RU", "KP"], ["KR", "US"], ["UA", "JP"], ["RU", "UA"], ["KR", "JP"], ["US", "KP"]]
WORDS = ["hwasong", "kursk", "nuclear", "satellite", "uranium", "artillery", "sanctions", "submarine"]


def timed(app: AppTest) -> float:
    start = time.perf_counter()
    app.run()
    if app.exception:
        raise RuntimeError(app.exception[0].message)
    return time.perf_counter() - start


def median(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f}" if values else f"{'-':>7}"


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

    snapshot = Store(args.store).snapshot()
    segments = max(len(names) for names in snapshot.files.values())
    print(f"store {args.store}: {snapshot.count('articles'):,} articles, at most {segments} segments per table; "
          f"medians of {args.repeat} runs")
    print(f"{'page':26} {'cold s':>7} {'view s':>7} {'filter s':>8} {'two s':>7} {'search s':>8}")
    for page in PAGES:
        st.cache_data.clear()
        countries, pairs, words = iter(COUNTRIES), iter(PAIRS), iter(WORDS)
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600).switch_page(page)
        cold = timed(app)
        views = [timed(app) for _ in range(args.repeat)]
        changes, twos, searches = [], [], []
        if app.multiselect:  # the Ingest page has no filters
            for _ in range(args.repeat):
                app.multiselect(key="f_countries").set_value([next(countries)])
                changes.append(timed(app))
            for _ in range(args.repeat):
                app.multiselect(key="f_countries").set_value(next(pairs))
                twos.append(timed(app))
            app.multiselect(key="f_countries").set_value([])
            timed(app)
        if page in SEARCHED:
            for _ in range(args.repeat):
                app.text_input(key="f_text").set_value(f"{next(words)}")
                searches.append(timed(app))
            app.text_input(key="f_text").set_value("")
        print(f"{page:26} {cold:7.2f} {median(views)} {median(changes):>8} {median(twos)} {median(searches):>8}",
              flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS) {peak:,.0f} MB  (target < 1,024 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
