"""Readers for files on disk: JSONL, CSV, plain text and Markdown, HTML, and folders of them."""

import codecs
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from armswatch.dates import date_in_name
from armswatch.errors import message
from armswatch.readers.decode import read_lines, read_text, sniff
from armswatch.readers.html import html_to_record
from armswatch.readers.records import to_article
from armswatch.records import Article, Problem

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
DOCUMENT_SUFFIXES = {".txt", ".md", ".html", ".htm"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
FOLDER_SUFFIXES = JSONL_SUFFIXES | JSON_SUFFIXES | DOCUMENT_SUFFIXES | {".csv"}

Item = Article | Problem
csv.field_size_limit(sys.maxsize)


def _emit(record: dict, origin: str, line: int, published: str | None, name_date: str | None) -> Iterator[Item]:
    article, problems = to_article(record, origin, line, published, name_date)
    yield from problems
    if article is not None:
        yield article


def _encoding_warning(origin: str, line: int, encoding: str) -> Problem:
    return Problem(origin, line, message("W202", encoding=encoding), severity="warning")


def read_jsonl(path: Path, encoding: str, published: str | None) -> Iterator[Item]:
    origin = str(path)
    for number, line, fallback in read_lines(path, encoding):
        if not line.strip():
            continue
        try:
            record = json.loads(line, strict=False)  # raw control characters are removed later
        except (json.JSONDecodeError, RecursionError) as exc:
            detail = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield Problem(origin, number, message("E103", detail=detail), record={"raw": line.rstrip("\n")})
            continue
        if not isinstance(record, dict):
            yield Problem(origin, number, message("E104", kind=type(record).__name__),
                          record={"raw": line.rstrip("\n")})
            continue
        if fallback:
            yield _encoding_warning(origin, number, fallback)
        yield from _emit(record, origin, number, published, None)


class _Utf8Recoder:
    """A UTF-16 file read as UTF-8 bytes, as it streams (ijson reads UTF-8 bytes only)."""

    def __init__(self, path: Path) -> None:
        self.text = path.open(encoding="utf-16", errors="replace")

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing first, to learn the type
            return b""
        return self.text.read(max(1, size // 4) if size > 0 else -1).encode("utf-8")  # a char takes up to 4 bytes

    def __enter__(self) -> "_Utf8Recoder":
        return self

    def __exit__(self, *exc: object) -> None:
        self.text.close()


def _open_json(path: Path, encoding: str) -> IO[bytes] | _Utf8Recoder:
    """The file as UTF-8 bytes, which ijson reads: a UTF-16 file is recoded, a UTF-8 BOM skipped."""
    if encoding == "utf-16":
        return _Utf8Recoder(path)
    f = path.open("rb")
    if f.read(3) != codecs.BOM_UTF8:
        f.seek(0)
    return f


def _records_key(path: Path, encoding: str) -> str | None:
    """Where a .json file keeps its articles, as an ijson prefix: ``item`` for a top-level array,
    ``KEY.item`` for the first array of objects in a top-level object (``{"articles": [...]}``, as
    news APIs export), None for a single record (an object whose ``text`` comes before any such array)."""
    import ijson

    with _open_json(path, encoding) as f:
        for prefix, event, value in ijson.parse(f):
            if prefix == "" and event == "start_array":
                return "item"
            if prefix == "" and event == "map_key" and value == "text":
                break
            if event == "start_map" and prefix.endswith(".item") and prefix.count(".") == 1:
                return prefix
            if prefix == "" and event == "end_map":
                break
    return None


def read_json(path: Path, encoding: str, published: str | None) -> Iterator[Item]:
    """A .json file: an array of records, an object holding one, or a single record; streamed with
    ijson, so a big export is never held in memory. A problem's line is the record's position."""
    import ijson

    origin, number = str(path), 0
    try:
        key = _records_key(path, encoding)
        with _open_json(path, encoding) as f:
            records = ijson.items(f, key, use_float=True) if key else iter([json.load(f)])
            for number, record in enumerate(records, 1):
                if not isinstance(record, dict):
                    yield Problem(origin, number, message("E104", kind=type(record).__name__),
                                  record={"raw": json.dumps(record, ensure_ascii=False, default=str)[:10_000]})
                    continue
                yield from _emit(record, origin, number, published, None)
    except (ijson.JSONError, ValueError, RecursionError) as exc:  # truncated, malformed, not UTF-8
        detail = f"after record {number}: " + " ".join(str(exc).split())[:200]
        yield Problem(origin, number + 1, message("E103", detail=detail))


def read_csv(path: Path, encoding: str, published: str | None) -> Iterator[Item]:
    origin = str(path)
    fallbacks: dict[int, str] = {}

    def lines() -> Iterator[str]:
        for number, line, fallback in read_lines(path, encoding):
            if fallback:
                fallbacks[number] = fallback
            yield line

    reader = csv.DictReader(lines())
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        yield Problem(origin, 1, message("E114", detail=exc))
        return
    if "text" not in [h.strip().lower() for h in header]:
        yield Problem(origin, 1, message("E107", columns=", ".join(header) or "none"))
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a stray carriage return, an unclosed quote...: this row only
            yield Problem(origin, reader.line_num, message("E114", detail=exc))
            continue
        number = reader.line_num
        extra = row.pop(None, None)
        record = {(k or "").strip().lower(): v for k, v in row.items()}
        if extra:
            yield Problem(origin, number, message("W204", extra=len(extra)), severity="warning")
        if number in fallbacks:
            yield _encoding_warning(origin, number, fallbacks.pop(number))
        yield from _emit(record, origin, number, published, None)


def read_document(path: Path, encoding: str, published: str | None) -> Iterator[Item]:
    """A .txt/.md file (title = first line) or an .html page (trafilatura) is one article."""
    origin = str(path)
    content, fallback = read_text(path, encoding)
    if fallback:
        yield _encoding_warning(origin, 0, fallback)
    if path.suffix.lower() in {".html", ".htm"}:
        record = html_to_record(content)
        if record is None:
            yield Problem(origin, 0, message("E111"))
            return
    else:
        first, _, rest = content.strip().partition("\n")
        record = {"title": first.lstrip("# ").strip(), "text": rest.strip() or first}
    record.setdefault("id", "")
    yield from _emit(record, origin, 0, published, date_in_name(path.name))


def read_file(path: Path, published: str | None) -> Iterator[Item]:
    """Dispatch one file to its reader by suffix (or by its first bytes when the suffix says nothing)."""
    from armswatch.readers.web import read_feed_file

    origin = str(path)
    encoding, problem = sniff(path)
    if problem:
        yield Problem(origin, 0, problem)
        return
    suffix = path.suffix.lower()
    if suffix not in FOLDER_SUFFIXES | FEED_SUFFIXES:
        with path.open("rb") as f:
            head = f.read(512).lstrip()
        suffix = ".xml" if head.startswith((b"<?xml", b"<rss", b"<feed")) else (
            ".jsonl" if head.startswith(b"{") else suffix)
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, encoding, published)
    elif suffix in JSON_SUFFIXES:
        yield from read_json(path, encoding, published)
    elif suffix == ".csv":
        yield from read_csv(path, encoding, published)
    elif suffix in DOCUMENT_SUFFIXES:
        yield from read_document(path, encoding, published)
    elif suffix in FEED_SUFFIXES:
        yield from read_feed_file(path, published)
    else:
        yield Problem(origin, 0, message("E106", suffix=path.suffix or "(none)"))


def read_file_reporting(path: Path, published: str | None) -> Iterator[Item]:
    """``read_file``, but a file that cannot be read (here or in a folder) is a problem, not the end of the run."""
    try:
        yield from read_file(path, published)
    except OSError as exc:
        yield Problem(str(path), 0, message("E108", detail=exc.strerror or exc))


def read_folder(folder: Path, published: str | None) -> Iterator[Item]:
    """Every readable file below a folder, in a stable order; other files are passed over."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        # only the parts below the folder: a folder given as ../x or inside ~/.cache is still read
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if path.suffix.lower() in FOLDER_SUFFIXES and not hidden:
            yield from read_file_reporting(path, published)
