"""What the analysts' corrections cost the dashboard's queries, on a big store.

    python benchmarks/corrections.py STORE [--repeat 5] [--entities 100] [--events 200] [--incidents 50]
                                           [--copy COPY] [--pages]

A log of corrections is drawn from the store's own entities, events and incidents — renames,
merges, type and country changes and rejections of entities (a tenth of them among the 20 most
frequent, whose rows are millions, the others drawn from all), rejected and fixed events, retyped,
split and merged incidents — and recorded in COPY (STORE hard-linked: segments are never changed
in place; STORE-corrected unless given) as ``correct`` records it: one publish, then the
corrections applied and the first screens published again. STORE itself is not written.

Every page's queries (``armswatch.views.start_views``) are then run side by side and in turn on
STORE as it is, on COPY as a reader opens it (the corrections as published), and on STORE with the
log applied when it is opened (what a reader computes until they are published). The filters are
two countries (computed from the rows: a page's first view and its published filters read stored
results). Prints each query's median on each, the ratios, and the totals.

With ``--pages``, the page views too: each page is viewed in Streamlit's AppTest on STORE and COPY
in turn, Streamlit's cache emptied before each: its first view (the snapshot opened), and a view again.
"""

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from armswatch import corrections, views
from armswatch.queries.filters import Filters
from armswatch.schema import CORRECTIONS
from armswatch.store import Store
from armswatch.ui.common import QUERY_MEMORY

FILTERS = Filters(countries=("RU", "KP"))


def log(con: object, entities: int, events: int, incidents: int, seed: int = 1) -> pa.Table:
    """A log of corrections of the store's own things."""
    rng = random.Random(seed)
    ranked = con.execute("SELECT entity_type, entity FROM entities GROUP BY ALL "
                         "ORDER BY count(*) DESC, 1, 2").fetchall()
    frequent = rng.sample(ranked[:20], min(20, max(1, entities // 10)))
    top = frequent + rng.sample(ranked[20:], min(len(ranked) - 20, entities - len(frequent)))
    rows = []

    def add(target: str, entity_type: str, key: str, action: str, after: str = "") -> None:
        rows.append({"correction_id": f"c{len(rows):012x}", "made_at": datetime(2026, 1, 1, tzinfo=UTC),
                     "made_by": "bench", "target": target, "entity_type": entity_type, "key": key,
                     "action": action, "before": "", "after": after, "note": "", "undoes": ""})

    for n, (entity_type, name) in enumerate(top[:entities]):
        action = ("rename", "merge", "country", "reject", "set_type")[n % 5]
        other = next((e for e in ranked if e[0] == entity_type and e[1] != name), (entity_type, name))[1]
        after = {"rename": f"{name} (renamed)", "merge": other,
                 "country": "KP", "reject": "", "set_type": "ORG"}[action]
        add("entity", entity_type, name, action, after)
    ids = [row[0] for row in con.execute(f"SELECT event_id FROM events USING SAMPLE {events} ROWS").fetchall()]
    for n, event_id in enumerate(ids):
        action = ("reject", "type", "date", "country", "weapon", "location")[n % 6]
        after = {"reject": "", "type": "exercise", "date": "2024-05", "country": "RU", "weapon": "Hwasong-18",
                 "location": "Sohae"}[action]
        add("event", "", event_id, action, after)
    linked = con.execute(f"SELECT incident_id, any_value(event_id) FROM event_incidents GROUP BY 1 "
                         f"USING SAMPLE {incidents * 2} ROWS").fetchall()
    rng.shuffle(linked)
    for n, (incident_id, event_id) in enumerate(linked[:incidents]):
        action = ("type", "reject", "split", "merge")[n % 4]
        after = {"type": "exercise", "reject": "", "split": event_id, "merge": linked[-1 - n][0]}[action]
        add("incident", "", incident_id, action, after)
    return pa.Table.from_pylist(rows, CORRECTIONS)


def connect(store: Store, table: pa.Table | None) -> object:
    con = store.snapshot().connect()
    con.execute(f"SET memory_limit = '{QUERY_MEMORY}'")
    if table is not None:
        con.execute("DROP TABLE corrections")  # the store has none: an empty table
        con.register("_log", table)
        con.execute("CREATE TABLE corrections AS SELECT * FROM _log")
        corrections.apply(con)
    return con


def page_views(plain: Path, corrected: Path, repeat: int) -> None:
    """Each page's first view and view again, on the plain store and the corrected one, in turn."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parents[1]
    pages = ["dashboard.py", "pages/1_Timeline.py", "pages/2_Entities.py", "pages/3_Map.py", "pages/4_Articles.py",
             "pages/7_Incidents.py", "pages/6_Reference_check.py"]
    print(f"{'page':28} {'first plain':>11} {'corrected':>9} {'again plain':>11} {'corrected':>9}")
    totals = [0.0] * 4
    for script in pages:
        times: list[list[float]] = [[], [], [], []]
        for _ in range(repeat):
            for side, store in enumerate((plain, corrected)):
                os.environ["ARMSWATCH_STORE"] = str(store)
                st.cache_data.clear()
                st.cache_resource.clear()  # the snapshot's connection too: the first view opens it
                app = AppTest.from_file(str(root / "dashboard.py"), default_timeout=600).switch_page(script)
                for again in (0, 1):
                    start = time.perf_counter()
                    app.run()
                    times[side + 2 * again].append(time.perf_counter() - start)
                    if app.exception:
                        raise RuntimeError(app.exception[0].message)
        medians = [statistics.median(t) for t in times]
        totals = [a + b for a, b in zip(totals, medians, strict=True)]
        print(f"{script:28} {medians[0]:11.2f} {medians[1]:9.2f} {medians[2]:11.2f} {medians[3]:9.2f}", flush=True)
    print(f"{'all pages':28} {totals[0]:11.2f} {totals[1]:9.2f} {totals[2]:11.2f} {totals[3]:9.2f}  "
          f"ratios {totals[1] / totals[0]:.2f} (first view), {totals[3] / totals[2]:.2f} (again)")


def corrected_copy(store: Path, copy: Path, table: pa.Table) -> float:
    """STORE hard-linked to COPY, with the log recorded as ``correct`` records it; seconds it took."""
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(store, copy, copy_function=os.link)
    start = time.perf_counter()
    with Store(copy).writer() as writer:
        writer.append({"corrections": table})
        views.publish(writer)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--entities", type=int, default=100)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--incidents", type=int, default=50)
    parser.add_argument("--copy", type=Path, help="where the corrected copy is made (STORE-corrected)")
    parser.add_argument("--pages", action="store_true", help="also time the page views")
    args = parser.parse_args()
    if not (args.store / "manifest.json").exists():
        print(f"no store at {args.store}: build one with benchmarks/synthetic_store.py", file=sys.stderr)
        return 2
    copy = args.copy or args.store.with_name(args.store.name + "-corrected")
    store = Store(args.store)
    plain = connect(store, None)
    table = log(plain, args.entities, args.events, args.incidents)
    took = corrected_copy(args.store, copy, table)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the process's peak so far: the publish's
    started = time.perf_counter()
    published = connect(Store(copy), None)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    computed = connect(store, table)
    print(f"store {args.store}: {store.snapshot().count('articles'):,} articles; {table.num_rows} corrections, "
          f"recorded in {copy} and published in {took:.1f} s ({peak:.0f} MB peak); a snapshot opened in "
          f"{opened:.2f} s with them published, {time.perf_counter() - started:.2f} s computed; "
          f"filters {FILTERS.to_params()}; "
          f"medians of {args.repeat}")
    print(f"{'query':42} {'plain s':>8} {'published':>9} {'ratio':>6} {'computed':>9} {'ratio':>6}")
    totals = [0.0, 0.0, 0.0]
    for query, filters, extra in views.start_views(FILTERS)[1:]:
        times: list[list[float]] = [[], [], []]
        for _ in range(args.repeat):
            for side, con in enumerate((plain, published, computed)):
                start = time.perf_counter()
                query(con.cursor(), filters, *extra)
                times[side].append(time.perf_counter() - start)
        medians = [statistics.median(t) for t in times]
        totals = [a + b for a, b in zip(totals, medians, strict=True)]
        name = f"{query.__module__.rsplit('.', 1)[-1]}.{query.__name__}"
        print(f"{name:42} {medians[0]:8.3f} {medians[1]:9.3f} {medians[1] / medians[0]:6.2f} "
              f"{medians[2]:9.3f} {medians[2] / medians[0]:6.2f}", flush=True)
    print(f"{'all queries of every page':42} {totals[0]:8.3f} {totals[1]:9.3f} {totals[1] / totals[0]:6.2f} "
          f"{totals[2]:9.3f} {totals[2] / totals[0]:6.2f}")
    if args.pages:
        page_views(args.store, copy, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
