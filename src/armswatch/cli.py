"""Command line: ``python -m armswatch ingest PATH...``, ``export TABLE``, ``reference ...`` and ``compact``."""

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

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell tool killed by a closed pipe exits with


def _published(value: str) -> str:
    iso = parse_published(value)
    if iso is None:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (expected YYYY-MM-DD)")
    return iso


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
    return parser


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


COMMANDS = {"ingest": run_ingest, "export": run_export, "reference": run_reference, "compact": run_compact}


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
