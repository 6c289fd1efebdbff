"""Command line: ``python -m armswatch ingest PATH...``, ``export TABLE``, ``reference ...``, ``compact``,
``watch SOURCE...``, ``correct ...`` and ``corrections ...``."""

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from armswatch.dates import parse_published
from armswatch.errors import ArmswatchError
from armswatch.export import EXPORTS
from armswatch.schema import TABLES
from armswatch.settings import store_path
from armswatch.store import Store
from armswatch.watch import duration

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell tool killed by a closed pipe exits with


def _published(value: str) -> str:
    iso = parse_published(value)
    if iso is None:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (expected YYYY-MM-DD)")
    return iso


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a number of runs: {value!r} (expected 1 or more)")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="armswatch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="read articles into the store")
    ingest.add_argument("paths", nargs="+", metavar="PATH",
                        help="JSONL/CSV file, folder, .txt/.md/.html file, RSS/Atom feed (file or URL), article URL")
    ingest.add_argument("--store", help="store folder (default: $ARMSWATCH_STORE, else data/store)")
    runs_on = ingest.add_mutually_exclusive_group()
    runs_on.add_argument("--workers", type=int, default=1, help="NLP worker processes on this machine (default 1)")
    runs_on.add_argument("--dask", metavar="ADDRESS",
                         help="run the NLP on a Dask cluster: local:N (N worker processes on this machine) or a "
                              "scheduler's address (tcp://host:8786); see the README, Running on a cluster")
    ingest.add_argument("--published", type=_published, help="date for articles that carry none (YYYY-MM-DD)")
    ingest.add_argument("--rejects", type=Path, help="where to write rejected records (default: rejects/ in the store)")
    ingest.add_argument("--json-progress", action="store_true",
                        help='for programs that drive ingest: JSON lines on standard output, {"processed": N} as '
                             'articles are processed, then {"summary": {...}}')
    export = sub.add_parser("export", help="write a table of the store as CSV")
    export.add_argument("table", choices=sorted(EXPORTS))
    export.add_argument("--store", help="store folder (default: $ARMSWATCH_STORE, else data/store)")
    export.add_argument("--out", help="CSV file to write (default: standard output)")
    export.add_argument("--raw", action="store_true",
                        help="exact cell values, for programs; by default a text cell starting with = + - @ or a "
                             "tab gets a leading ' so that spreadsheets show it instead of running it")
    reference = sub.add_parser("reference", help="the CNS missile test record: import a newer export, check incidents")
    action = reference.add_subparsers(dest="action", required=True)
    imported = action.add_parser("import", help="keep an analyst's newer CNS CSV export in the store")
    imported.add_argument("file", type=Path)
    imported.add_argument("--store", help="store folder (default: $ARMSWATCH_STORE, else data/store)")
    checked = action.add_parser("check", help="North Korea's missile-test incidents against the record, as CSV: "
                                              "matched, not in reference, not covered")
    checked.add_argument("--store", help="store folder (default: $ARMSWATCH_STORE, else data/store)")
    checked.add_argument("--out", help="CSV file to write (default: standard output)")
    compact = sub.add_parser("compact", help="merge each table's segment files into as few as their size allows "
                                             "(an ingest merges small ones at its end already)")
    compact.add_argument("--store", help="store folder (default: $ARMSWATCH_STORE, else data/store)")
    watch = sub.add_parser("watch", help="poll feeds, article pages and folders on a schedule and ingest only what "
                                         "is new; exit code 1 when the last run had a failing source")
    watch.add_argument("sources", nargs="+", metavar="SOURCE", help="RSS/Atom feed URL, article URL, or folder")
    watch.add_argument("--every", type=duration, default="15m", metavar="DURATION",
                       help="from the start of one run to the start of the next: 30s, 15m, 1h, 2h30m (default 15m)")
    watch.add_argument("--max-runs", type=_positive, metavar="N", help="stop after N runs (default: run until Ctrl-C)")
    watch.add_argument("--store", help="store folder (default: $ARMSWATCH_STORE, else data/store)")
    _correction_parsers(sub)
    return parser


# (option, action, metavar, help) of each kind of correction; exactly one is given
FIXES = {
    "entity": (("--rename", "rename", "NEW", "its right name"),
               ("--merge-into", "merge", "NAME", "another entity of its type that it is"),
               ("--set-type", "set_type", "TYPE", "its right type (PERSON, ORG, COUNTRY, PLACE, WEAPON, WEAPON_TYPE)"),
               ("--country", "country", "CC", "its country, as an ISO code"),
               ("--reject", "reject", None, "not an entity: its rows are left out")),
    "event": (("--reject", "reject", None, "it did not happen as told: left out"),
              ("--type", "type", "TYPE", "its right event type"),
              ("--date", "date", "DATE", "its right date: YYYY-MM-DD, YYYY-MM or YYYY"),
              ("--country", "country", "CC", "the country that acted, as an ISO code"),
              ("--weapon", "weapon", "NAME", "the weapon"), ("--location", "location", "PLACE", "where")),
}
FIXES["incident"] = (*((o, a, m, h.replace("its", "every report's") if a != "reject" else h)
                       for o, a, m, h in FIXES["event"]),
                     ("--split", "split", "EVENT_ID", "make one of its reports an incident of its own"),
                     ("--merge-into", "merge", "INCIDENT_ID", "move its reports into another incident"))


def _correction_parsers(sub: argparse._SubParsersAction) -> None:
    correct = sub.add_parser("correct", help="record an analyst's correction of an entity, an event or an incident "
                                             "(applied everywhere; see armswatch corrections)")
    target = correct.add_subparsers(dest="target", required=True)
    for name, fixes in FIXES.items():
        parser = target.add_parser(name, help=f"correct an {name}" if name[0] in "aei" else f"correct a {name}")
        if name == "entity":
            parser.add_argument("entity_type", metavar="TYPE", help="its type, as the dashboard shows it")
            parser.add_argument("key", metavar="NAME", help="its name, as the dashboard shows it")
        else:
            parser.add_argument("key", metavar="ID", help=f"the {name}'s id (in the exports and on the pages)")
        given = parser.add_mutually_exclusive_group(required=True)
        for option, action, metavar, text in fixes:
            if metavar is None:
                given.add_argument(option, dest="fix", action="store_const", const=(action, ""), help=text)
            else:
                given.add_argument(option, dest="fix", metavar=metavar, help=text,
                                   type=lambda value, action=action: (action, value))
        parser.add_argument("--note", default="", help="why, for the analysts who read the log")
        parser.add_argument("--store", help="store folder (default: $ARMSWATCH_STORE, else data/store)")
    log = sub.add_parser("corrections", help="the log of corrections: list, undo, export, import, promote")
    action = log.add_subparsers(dest="action", required=True)
    listed = action.add_parser("list", help="every entry, newest first, with its status, as CSV")
    listed.add_argument("--out", help="CSV file to write (default: standard output)")
    undone = action.add_parser("undo", help="undo one correction (the undo is an entry of the log too)")
    undone.add_argument("correction_id", metavar="ID")
    undone.add_argument("--note", default="", help="why")
    exported = action.add_parser("export", help="write the log as JSON Lines, for another store")
    exported.add_argument("file", type=Path)
    imported = action.add_parser("import", help="add the entries of an exported log that the store does not hold")
    imported.add_argument("file", type=Path)
    promoted = action.add_parser("promote", help="write an entity's correction as a line of the store's own "
                                                 "gazetteer, so that the next ingest extracts it as corrected")
    promoted.add_argument("correction_id", metavar="ID")
    for parser in (listed, undone, exported, imported, promoted):
        parser.add_argument("--store", help="store folder (default: $ARMSWATCH_STORE, else data/store)")


def _json_line(record: dict) -> None:
    print(json.dumps(record), flush=True)


def _json_progress(every: float = 0.2) -> Callable[[int], None]:
    """A progress callback writing ``{"processed": N}`` lines, at most one per ``every`` seconds."""
    last = 0.0

    def report(done: int) -> None:
        nonlocal last
        if (now := time.monotonic()) - last >= every:
            last = now
            _json_line({"processed": done})

    return report


def run_ingest(args: argparse.Namespace) -> int:
    from armswatch.ingest import ingest

    summary = ingest(args.paths, Store(store_path(args.store)), workers=max(1, args.workers), dask=args.dask,
                     published=args.published, progress=sys.stderr.isatty() and not args.json_progress,
                     rejects=args.rejects, on_article=_json_progress() if args.json_progress else None)
    if args.json_progress:
        _json_line({"summary": {"read": summary.read, "ingested": summary.ingested, "duplicates": summary.duplicates,
                                "rejected": summary.rejected, "warnings": summary.warned,
                                "problems": [str(p) for p in summary.problems if p.severity == "rejected"],
                                "rejects_file": str(summary.rejects_file or "")}})
    print(summary.render(), file=sys.stderr)
    return 0 if summary.read else 1


def _write(out: str | None, write: Callable[[TextIO], int]) -> None:
    """To standard output, or atomically to the file ``out``."""
    if not out:
        write(sys.stdout)
        return
    path = Path(out)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        count = write(f)
    tmp.replace(path)
    print(f"{count} rows written to {path}", file=sys.stderr)


def run_export(args: argparse.Namespace) -> int:
    from armswatch.export import export_csv

    store = Store(store_path(args.store))
    _write(args.out, lambda f: export_csv(store, args.table, f, raw=args.raw))
    return 0


def run_reference(args: argparse.Namespace) -> int:
    from armswatch.reference import import_reference, reference_path, write_check

    store = Store(store_path(args.store))
    if args.action == "import":
        count = import_reference(args.file, store.root)
        print(f"{count} reference rows kept in {reference_path(store.root)} (the check now reads them)",
              file=sys.stderr)
        return 0
    _write(args.out, lambda f: write_check(store, f))
    return 0


def run_compact(args: argparse.Namespace) -> int:
    store = Store(store_path(args.store))
    if not store.snapshot().version:  # nothing ever published: no store to make (or lock) there
        print(f"store {store.root} holds nothing to compact", file=sys.stderr)
        return 0
    with store.writer() as writer:
        before = writer.snapshot
        after = writer.compact(full=True)
    for table in TABLES:
        print(f"{table}: {len(before.files.get(table, ()))} segments -> {len(after.files.get(table, ()))}",
              file=sys.stderr)
    return 0


def run_watch(args: argparse.Namespace) -> int:
    from armswatch.watch import watch

    last = watch(args.sources, Store(store_path(args.store)), every=args.every, max_runs=args.max_runs)
    return 1 if last and last.failures else 0


def _said(entry: dict) -> str:
    what = f"{entry['target']} {entry['entity_type']} {entry['key']!r}".replace("  ", " ")
    change = f"{entry['before']!r} -> {entry['after']!r}" if entry["after"] or entry["before"] else ""
    return f"correction {entry['correction_id']}: {what} {entry['action']} {change}".rstrip()


def run_correct(args: argparse.Namespace) -> int:
    from armswatch.correct import correct

    action, value = args.fix
    entry = correct(Store(store_path(args.store)), args.target, args.key, action, value,
                    entity_type=getattr(args, "entity_type", ""), note=args.note)
    print(entry["correction_id"])  # for scripts: the id to undo it
    print(_said(entry), file=sys.stderr)
    return 0


def run_corrections(args: argparse.Namespace) -> int:
    from armswatch import correct
    from armswatch.csvsafe import to_csv_bytes

    store = Store(store_path(args.store))
    if args.action == "list":
        entries = correct.log(store)
        data = to_csv_bytes(entries).decode("utf-8-sig")

        def write(out: TextIO) -> int:
            out.write(data)
            return len(entries)

        _write(args.out, write)
    elif args.action == "undo":
        entry = correct.undo(store, args.correction_id, note=args.note)
        print(entry["correction_id"])
        print(f"correction {args.correction_id} undone by {entry['correction_id']}", file=sys.stderr)
    elif args.action == "promote":
        path, line = correct.promote(store, args.correction_id)
        print(f"{path}: {line}", file=sys.stderr)
    elif args.action == "export":
        with args.file.open("w", encoding="utf-8") as out:
            print(f"{correct.export_log(store, out)} corrections written to {args.file}", file=sys.stderr)
    else:
        added, held = correct.import_log(store, args.file)
        print(f"{added} corrections imported, {held} already held", file=sys.stderr)
    return 0


COMMANDS = {"ingest": run_ingest, "export": run_export, "reference": run_reference, "compact": run_compact,
            "watch": run_watch, "correct": run_correct, "corrections": run_corrections}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ArmswatchError as exc:
        print(f"armswatch: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped (``export events | head``): stop quietly, as a shell tool does. Standard output
        # is pointed at /dev/null so that the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
