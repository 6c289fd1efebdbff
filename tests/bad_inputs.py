"""The bad-input matrix of issue 6, as files: each case says which articles must be ingested and which
problems (line, code) must be reported. Used through the command line (test_bad_input) and through
the Ingest page (test_pages), so both are held to the same expectations.
"""

import codecs
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

LONG_CHARS = 2_500_000  # over spaCy's 1,000,000-character limit: read in pieces
BULK = 10_000


@dataclass
class Case:
    name: str
    content: bytes
    ingested: int  # articles stored from this file
    ids: set[str] = field(default_factory=set)  # ids among them that must be in the store
    rejected: set[tuple[int, str]] = field(default_factory=set)  # (line, code); line 0 is the whole file
    warnings: set[tuple[int, str]] = field(default_factory=set)


def _jsonl(records: list[dict | str], encoding: str = "utf-8", newline: str = "\n") -> bytes:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return "".join(line + newline for line in lines).encode(encoding)


def _nested(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


def cases() -> list[Case]:
    said = "North Korea fired a Hwasong-18 missile from Sohae, KCNA said."
    bulk = [{"id": f"bulk-{n}", "lang": "en", "text": f"Bulletin {n}: {said}"} for n in range(BULK)]
    bulk.insert(BULK // 2, '{"id": "bulk-broken", "text": "cut off')
    long_text = ("Seoul and Tokyo held talks on trade and culture. " * (LONG_CHARS // 50) +
                 "\nLater, North Korea tested a Hwasong-18 ICBM from Sohae.")
    return [
        Case("empty.jsonl", b"", 0, rejected={(0, "E101")}),
        Case("whitespace.txt", b" \n\t\r\n  \n", 0, rejected={(0, "E101")}),
        Case("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + random.Random(6).randbytes(30_000), 0,
             rejected={(0, "E102")}),
        Case("truncated.jsonl", _jsonl([
            {"id": "tr-1", "lang": "en", "text": "Russia received artillery shells from North Korea."},
            {"id": "tr-2", "lang": "fr", "text": "La Corée du Nord a livré des obus à la Russie."},
        ]) + b'{"id": "tr-3", "lang": "en", "text": "North Korea fi', 2, {"tr-1", "tr-2"},
            rejected={(3, "E103")}),
        Case("export.json", json.dumps({"status": "ok", "articles": [
            {"id": "js-1", "lang": "en", "text": "North Korea sent shells to Russia.", "source": {"name": "Wire"}},
            {"id": "js-2", "lang": "fr", "text": "Moscou a reçu des missiles."},
            {"id": "js-3", "lang": "en", "text": "South Korea protested."}]}).encode()[:-40], 2, {"js-1", "js-2"},
            rejected={(3, "E103")}),  # a news-API export, cut off in its third record
        Case("bulk.jsonl", _jsonl(bulk), BULK, {"bulk-0", f"bulk-{BULK - 1}"}, rejected={(BULK // 2 + 1, "E103")}),
        Case("columns.csv", (
            b"id,title,text,published\n"
            b"cs-1,Full row,North Korea fired a cruise missile.,2024-03-01\n"
            b"cs-2,Missing fields\n"
            b'cs-3,Extra fields,"Russia and North Korea signed a treaty.",2024-06-19,surplus,more\n'
            b"cs-4,No date,South Korea held drills.\n"), 3, {"cs-1", "cs-3", "cs-4"},
            rejected={(3, "E105")}, warnings={(4, "W204")}),
        Case("no_text_column.csv", b"id,title,body\nnt-1,Title,Body\n", 0, rejected={(1, "E107")}),
        Case("bom.jsonl", codecs.BOM_UTF8 + _jsonl([{"id": "bom-1", "lang": "fr", "text": "Séoul a protesté."}]),
             1, {"bom-1"}),
        Case("utf16.csv", "id,lang,text\nu16-1,fr,Pyongyang a lancé un satellite.\n".encode("utf-16"), 1,
             {"u16-1"}),
        Case("cp1252.jsonl", _jsonl([{"id": "cp-1", "lang": "fr", "text": "L’ONU a condamné l’essai à Séoul."},
                                     {"id": "cp-2", "lang": "en", "text": "Plain ASCII text."}],
                                    encoding="cp1252", newline="\r\n"), 2, {"cp-1", "cp-2"},
             warnings={(1, "W202")}),
        Case("nested.jsonl", _jsonl([
            _nested(100_000),
            {"id": "ne-2", "text": {"body": "an object where the text should be"}},
            '{"id": "ne-3", "lang": "en", "text": "North Korea tested a missile.", "meta": ' + _nested(50) + "}",
            {"id": "ne-4", "lang": "en", "text": "Russia received missiles.", "source": {"id": None, "name": "Wire"}},
        ]), 2, {"ne-3", "ne-4"}, rejected={(1, "E103"), (2, "E115")}),
        Case("page.html", (
            b"<html><head><title>Launch report</title><script>alert('run')</script></head><body>"
            b"<article><h1>Launch report</h1><p>North Korea fired a ballistic missile from Sunan on Monday, "
            b"South Korea's Joint Chiefs of Staff said. <b>The missile flew <i>about 800 km<p>before it fell "
            b"into the sea. <img src=x onerror=alert(2)>Japan protested.<div><p>The launch was the third this "
            b"month.</article><script>document.title = 'changed'</script>"), 1),
        Case("controls.jsonl", _jsonl([
            {"id": "ct-1", "lang": "en", "text": "North\x00 Korea\x07 fired\x1b a missile.\x7f\x85"},
            '{"id": "ct-2", "lang": "en", "text": "Raw\ttab and raw\x01 control inside a JSON string."}',
        ]), 2, {"ct-1", "ct-2"}),
        Case("long_line.jsonl", _jsonl([{"id": "long-1", "lang": "en", "text": long_text}]), 1, {"long-1"}),
        Case("long_line.txt", ("A title that is a very long line " * 20_000).encode(), 1),
        Case("dates.jsonl", _jsonl([
            {"id": "dt-1", "lang": "en", "published": "2999-01-01", "text": "A report from the future."},
            {"id": "dt-2", "lang": "en", "published": "0000-01-01", "text": "A report from year zero."},
            {"id": "dt-3", "lang": "en", "published": "0001-01-01T00:00:00", "text": "A report from year one."},
        ]), 3, {"dt-1", "dt-2", "dt-3"}, warnings={(1, "W205"), (2, "W201"), (3, "W201")}),
        Case("duplicates.jsonl", _jsonl([
            {"id": "du-1", "lang": "en", "text": "The first text of du-1."},
            {"id": "du-1", "lang": "en", "text": "A different text under the same id."},
            {"id": "du-2", "lang": "en", "text": "THE FIRST TEXT  of du-1."},  # same text up to case and spaces
        ]), 1, {"du-1"}, rejected={(2, "E109")}),
    ]


def write_cases(folder: Path) -> dict[str, tuple[Case, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for case in cases():
        path = folder / case.name
        path.write_bytes(case.content)
        written[case.name] = (case, path)
    return written
