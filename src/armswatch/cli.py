"""Command line: ``python -m armswatch ingest PATH...`` and ``python -m armswatch export TABLE``."""

import argparse
import sys
from pathlib import Path

from armswatch.dates import parse_published
from armswatch.errors import ArmswatchError
from armswatch.schema import TABLES
from armswatch.settings import store_path
from armswatch.store import Store


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
    ingest.add_argument("--workers", type=int, default=1, help="NLP worker processes (default 1)")
    ingest.add_argument("--published", type=_published, help="date for articles that carry none (YYYY-MM-DD)")
    ingest.add_argument("--rejects", type=Path, help="where to write rejected records (default: rejects/ in the store)")
    export = sub.add_parser("export", help="write a table of the store as CSV")
    export.add_argument("table", choices=sorted(TABLES))
    export.add_argument("--store", help="store folder (default: $ARMSWATCH_STORE, else data/store)")
    export.add_argument("--out", help="CSV file to write (default: standard output)")
    return parser


def run_ingest(args: argparse.Namespace) -> int:
    from armswatch.ingest import ingest

    summary = ingest(args.paths, Store(store_path(args.store)), workers=max(1, args.workers),
                     published=args.published, progress=sys.stderr.isatty(), rejects=args.rejects)
    print(summary.render(), file=sys.stderr)
    return 0 if summary.read else 1


def run_export(args: argparse.Namespace) -> int:
    from armswatch.export import export_csv

    store = Store(store_path(args.store))
    if args.out:
        out = Path(args.out)
        tmp = out.with_name(out.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as f:
            count = export_csv(store, args.table, f)
        tmp.replace(out)
        print(f"{count} rows written to {out}", file=sys.stderr)
    else:
        export_csv(store, args.table, sys.stdout)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run_ingest(args) if args.command == "ingest" else run_export(args)
    except ArmswatchError as exc:
        print(f"armswatch: {exc}", file=sys.stderr)
        return 2
