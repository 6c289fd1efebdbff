"""The command line as a shell user meets it: spreadsheet-safe exports, a closed pipe, progress for programs."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from armswatch.cli import EXIT_BROKEN_PIPE, main
from armswatch.csvsafe import to_csv_bytes
from armswatch.queries.articles import article_rows
from armswatch.queries.filters import Filters
from armswatch.store import Store

pytestmark = pytest.mark.usefixtures("blank_models")

HOSTILE = [
    {"id": "f-1", "lang": "en", "published": "2024-03-01", "title": "+cmd|' /C calc'!A0",
     "source": "@wire", "url": "http://example.org/f-1",
     "text": '=HYPERLINK("http://evil.example","click") North Korea fired a missile from Sohae.'},
    {"id": "f-2", "lang": "en", "published": "2024-03-02", "title": "-2+3", "source": "wire",
     "text": "@SUM(A1:A9) South Korea said North Korea launched a Hwasong-18 ICBM."},
]


def ingest(tmp_path: Path, records: list[dict], capsys: pytest.CaptureFixture[str]) -> Path:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = tmp_path / "store"
    assert main(["ingest", str(source), "--store", str(store)]) == 0
    capsys.readouterr()
    return store


def export(store: Path, table: str, capsys: pytest.CaptureFixture[str], *options: str) -> list[dict]:
    assert main(["export", table, "--store", str(store), *options]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_export_neutralises_formulas_as_the_dashboard_downloads_do(tmp_path, capsys):
    store = ingest(tmp_path, HOSTILE, capsys)
    exported = export(store, "articles", capsys)
    by_id = {r["id"]: r for r in exported}
    assert by_id["f-1"]["text"].startswith("'=HYPERLINK(")
    assert (by_id["f-1"]["title"], by_id["f-1"]["source"]) == ("'+cmd|' /C calc'!A0", "'@wire")
    assert by_id["f-2"]["text"].startswith("'@SUM(") and by_id["f-2"]["title"] == "'-2+3"
    # cell for cell what the Articles page's download gives
    download = to_csv_bytes(article_rows(Store(store).snapshot().connect(), Filters())).decode("utf-8-sig")
    downloaded = {r["id"]: r for r in csv.DictReader(io.StringIO(download))}
    assert by_id == downloaded


def test_export_raw_keeps_exact_values(tmp_path, capsys):
    store = ingest(tmp_path, HOSTILE, capsys)
    by_id = {r["id"]: r for r in export(store, "articles", capsys, "--raw")}
    assert by_id["f-1"]["text"] == HOSTILE[0]["text"] and by_id["f-1"]["title"] == HOSTILE[0]["title"]
    assert by_id["f-2"]["text"] == HOSTILE[1]["text"]
    events = export(store, "events", capsys, "--raw")
    assert events and all(not e["sentence"].startswith("'") for e in events)


def test_export_into_a_closed_pipe_stops_quietly(tmp_path, capsys):
    """``armswatch export articles | head -1``: no traceback, the exit code of a tool stopped by SIGPIPE."""
    store = ingest(tmp_path, [{"id": f"a{n}", "lang": "en", "text": f"Article {n}. " + "Pyongyang said. " * 200}
                              for n in range(200)], capsys)  # about 600 KB of CSV: far more than a pipe holds
    reader = subprocess.Popen([sys.executable, "-m", "armswatch", "export", "articles", "--store", str(store)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ)
    assert reader.stdout.readline().startswith(b"id,title,published")
    reader.stdout.close()  # what head does once it has its lines
    assert reader.wait(timeout=60) == EXIT_BROKEN_PIPE
    assert reader.stderr.read().decode() == ""


def test_json_progress_is_machine_readable(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in HOSTILE) + "not json\n", encoding="utf-8")
    assert main(["ingest", str(source), "--store", str(tmp_path / "store"), "--json-progress"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0] == {"processed": 2}  # after the first batch: both articles
    summary = lines[-1]["summary"]
    assert {k: summary[k] for k in ("read", "ingested", "duplicates", "rejected", "warnings")} == {
        "read": 2, "ingested": 2, "duplicates": 0, "rejected": 1, "warnings": 0}
    assert summary["problems"] == [f"{source}:3: [E103] invalid JSON: Expecting value"]
    assert summary["rejects_file"].startswith(str(tmp_path / "store" / "rejects"))
    assert all(set(line) in ({"processed"}, {"summary"}) for line in lines)


def test_dates_and_times_read_the_same_in_exports_and_downloads(tmp_path, capsys):
    store = ingest(tmp_path, HOSTILE, capsys)
    (row,) = [r for r in export(store, "articles", capsys) if r["id"] == "f-1"]
    assert row["published"] == "2024-03-01"
    assert pd.Timestamp(row["ingested_at"]).tzname() == "UTC" and row["ingested_at"].endswith("Z")
