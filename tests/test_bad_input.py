"""Bad input through the real command line: clear messages, every valid record ingested, nothing lost."""

import csv
import json
import random
import re
import time
from pathlib import Path

import pytest

from armswatch.cli import main
from armswatch.store import Store
from bad_inputs import Case, cases, write_cases

pytestmark = pytest.mark.usefixtures("blank_models")

GOOD = [
    {"id": "good-1", "title": "Launch", "lang": "en", "published": "2024-01-02", "source": "Wire",
     "url": "http://example.org/1",
     "text": "North Korea launched a Hwasong-18 ICBM from Sohae, Kim Jong Un said. The UN condemned the launch."},
    {"id": "good-2", "title": "Tir", "lang": "fr", "published": "2024-01-03",
     "text": "La Corée du Nord a tiré un missile balistique intercontinental. L’ONU a réagi."},
    {"id": "good-3", "title": "Drills", "lang": "en",
     "text": "South Korea and the United States held drills.\nThe DPRK called them a rehearsal for invasion."},
]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str]:
    """Exit code and standard error of ``armswatch ARGS``."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


def ingest(capsys: pytest.CaptureFixture[str], store: Path, *paths: object, workers: int = 1) -> tuple[int, str]:
    return run(capsys, "ingest", *paths, "--store", store, "--workers", workers)


def articles(store: Path) -> dict[str, str]:
    """id → text of every article in the store's current snapshot."""
    return dict(Store(store).snapshot().connect().execute("SELECT id, text FROM articles").fetchall())


def counts(store: Path) -> dict[str, int]:
    con = Store(store).snapshot().connect()
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "mentions", "entities")}


def version(store: Path) -> int:
    return Store(store).snapshot().version


def export(capsys: pytest.CaptureFixture[str], store: Path, table: str, out: Path) -> tuple[list[str], list[dict]]:
    code, err = run(capsys, "export", table, "--store", store, "--out", out)
    assert code == 0, err
    with out.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert f"{len(rows)} rows written to {out}" in err
    return list(reader.fieldnames or []), rows


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str], blank_models: Path) -> Path:
    """A store that already holds the GOOD articles."""
    path = tmp_path / "store"
    code, err = ingest(capsys, path, write_jsonl(tmp_path / "good.jsonl", GOOD))
    assert code == 0, err
    assert "ingested: 3 (en 2, fr 1)" in err
    assert set(articles(path)) == {"good-1", "good-2", "good-3"}
    return path


def assert_kept(store: Path) -> None:
    """Everything the good file brought in is still there, unchanged."""
    stored = articles(store)
    for record in GOOD:
        assert stored[record["id"]] == record["text"]


# --- the bad-input list --------------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\n  \n\t\n")
    before = version(store)
    code, err = ingest(capsys, store, empty, blank)
    assert code == 1
    assert f"rejected {empty}: [E101] file is empty" in err
    assert f"rejected {blank}: [E101] file is empty" in err
    assert "read: 0" in err
    assert version(store) == before
    assert_kept(store)


def test_binary_file(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "dump.jsonl"
    binary.write_bytes(b"{\x00" + random.Random(7).randbytes(50_000))
    code, err = ingest(capsys, store, binary)
    assert code == 1
    assert f"rejected {binary}: [E102] binary content (NUL bytes): not a text file" in err
    assert "rejected: 1\n" in err  # one message for the file, not one per line
    assert counts(store)["articles"] == 3
    assert_kept(store)


def test_binary_file_that_starts_like_utf16(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """FF FE looks like a UTF-16 byte order mark: the bytes are then decoded as UTF-16, never a crash."""
    binary = tmp_path / "looks16.jsonl"
    binary.write_bytes(b"\xff\xfe" + random.Random(1).randbytes(5_000))
    good = write_jsonl(tmp_path / "after.jsonl", [{"id": "after", "text": "Read after the binary file."}])
    code, err = ingest(capsys, store, binary, good)
    assert code == 0, err
    assert f"rejected {binary}:1: [E103] invalid JSON" in err
    assert "ingested: 1" in err
    assert set(articles(store)) == {"good-1", "good-2", "good-3", "after"}
    assert_kept(store)


def test_invalid_json_line_among_good_ones(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "m1", "text": "First good record.", "lang": "en"}\n'
        '{"id": "m2", "text": "Second good record.", "lang": "en"}\n'
        '{"id": "broken", "text": \n'
        '\n'
        '{"id": "m3", "text": "Third good record.", "lang": "en"}\n'
        '{"id": "m4" "text": "missing comma"}\n'
        '{"id": "m5", "text": "Fifth good record.", "lang": "en"}',  # no newline at the end
        encoding="utf-8",
    )
    code, err = ingest(capsys, store, path)
    assert code == 0
    assert f"rejected {path}:3: [E103] invalid JSON: Expecting value" in err
    assert f"rejected {path}:6: [E103] invalid JSON: Expecting ',' delimiter" in err
    assert "rejected: 2\n" in err
    assert set(articles(store)) == {"good-1", "good-2", "good-3", "m1", "m2", "m3", "m5"}
    assert_kept(store)


def test_record_without_text(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_jsonl(tmp_path / "notext.jsonl", [
        {"id": "t1", "text": "Has text.", "lang": "en"},
        {"id": "t2", "title": "Only a title"},
        {"id": "t3", "text": "   \n\t "},
        {"id": "t4", "text": None},
        {"id": "t5", "text": "Also has text.", "lang": "en"},
    ])
    code, err = ingest(capsys, store, path)
    assert code == 0
    for line in (2, 3, 4):
        assert f"rejected {path}:{line}: [E105] record has no text" in err
    assert "ingested: 2" in err
    assert set(articles(store)) == {"good-1", "good-2", "good-3", "t1", "t5"}
    assert_kept(store)


def test_cp1252_text(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "windows.jsonl"
    lines = [
        {"id": "w1", "lang": "fr", "text": "La Corée du Nord défie l’ONU."},
        {"id": "w2", "lang": "fr", "text": "Plain ASCII line."},
        {"id": "w3", "lang": "fr", "title": "Séoul", "text": "Séoul répond «fermement» à l’essai."},
    ]
    path.write_bytes(b"".join(json.dumps(r, ensure_ascii=False).encode("cp1252") + b"\r\n" for r in lines))
    assert "Corée".encode("cp1252") in path.read_bytes() and b"\x92" in path.read_bytes()
    code, err = ingest(capsys, store, path)
    assert code == 0
    assert f"warning {path}:1: [W202] not UTF-8: decoded as cp1252" in err
    assert f"warning {path}:3: [W202] not UTF-8: decoded as cp1252" in err
    assert f"{path}:2:" not in err  # ASCII is valid UTF-8
    stored = articles(store)
    assert stored["w1"] == "La Corée du Nord défie l’ONU."
    assert stored["w3"] == "Séoul répond «fermement» à l’essai."
    con = Store(store).snapshot().connect()
    assert con.execute("SELECT title FROM articles WHERE id = 'w3'").fetchone() == ("Séoul",)
    assert_kept(store)


def test_20_mb_file_in_a_language_without_pipeline(tmp_path: Path, store: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.jsonl"
    filler = "Ein kurzer Bericht über Raketen und Manöver in der Region. " * 15
    n, size = 0, 0
    with path.open("w", encoding="utf-8") as f:
        while size < 20 * 1024 * 1024:
            line = json.dumps({"id": f"de-{n}", "text": f"Meldung {n}: {filler}", "lang": "de"}) + "\n"
            f.write(line)
            size += len(line.encode())
            n += 1
    assert path.stat().st_size >= 20 * 1024 * 1024
    started = time.perf_counter()
    code, err = ingest(capsys, store, path)
    elapsed = time.perf_counter() - started
    assert code == 0, err
    assert f"read: {n}\n" in err
    assert f"ingested: {n} (de {n})" in err
    assert f"stored without entities (no pipeline for the language): de {n}" in err
    con = Store(store).snapshot().connect()
    assert con.execute("SELECT count(*), count(DISTINCT id), min(lang), max(lang), max(model) FROM articles "
                       "WHERE id LIKE 'de-%'").fetchone() == (n, n, "de", "de", "")
    assert con.execute("SELECT count(*) FROM mentions WHERE article_id LIKE 'de-%'").fetchone() == (0,)
    assert counts(store)["articles"] == n + 3
    assert_kept(store)
    assert elapsed < 60


def test_duplicate_ids(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_jsonl(tmp_path / "dups.jsonl", [
        {"id": "d1", "text": "Original text.", "lang": "en"},
        {"id": "d1", "text": "Original text.", "lang": "en"},  # same id, same text: a duplicate
        {"id": "d1", "text": "Changed text.", "lang": "en"},  # same id, other text: rejected
        {"id": "good-1", "text": GOOD[0]["text"], "lang": "en"},  # already in the store
        {"id": "good-2", "text": "Not what the store holds.", "lang": "fr"},  # conflicts with the store
        {"id": "d2", "text": "ORIGINAL   text.", "lang": "en"},  # same text as d1 up to case and spacing
    ])
    before = counts(store)
    code, err = ingest(capsys, store, path)
    assert code == 0
    assert "skipped as duplicates: 3" in err
    assert f"rejected {path}:3: [E109] id 'd1' already holds a different article in the store or this run" in err
    assert f"rejected {path}:5: [E109] id 'good-2' already holds a different article in the store or this run" in err
    assert "rejected: 2\n" in err
    stored = articles(store)
    assert stored["d1"] == "Original text."
    assert "d2" not in stored
    assert counts(store)["articles"] == before["articles"] + 1
    assert_kept(store)


def test_unparseable_date(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_jsonl(tmp_path / "dates.jsonl", [
        {"id": "p1", "text": "Dated.", "published": "2024-02-29", "lang": "en"},
        {"id": "p2", "text": "Badly dated.", "published": "31/02/2024", "lang": "en"},
    ])
    code, err = ingest(capsys, store, path)
    assert code == 0
    assert (f"warning {path}:2: [W201] unparseable date '31/02/2024': published date taken from nowhere: left empty"
            in err)
    con = Store(store).snapshot().connect()
    rows = con.execute("SELECT id, CAST(published AS VARCHAR), published_from FROM articles "
                       "WHERE id IN ('p1', 'p2') ORDER BY id").fetchall()
    assert rows == [("p1", "2024-02-29", "record"), ("p2", None, "none")]
    assert_kept(store)


def test_unparseable_date_uses_published_option(tmp_path: Path, store: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = write_jsonl(tmp_path / "dates.jsonl", [{"id": "p3", "text": "Badly dated.", "published": "someday"}])
    code, err = run(capsys, "ingest", path, "--store", store, "--workers", 1, "--published", "2024-05-06")
    assert code == 0
    expected = "[W201] unparseable date 'someday': published date taken from the --published option"
    assert f"warning {path}:1: {expected}" in err
    con = Store(store).snapshot().connect()
    assert con.execute("SELECT CAST(published AS VARCHAR), published_from FROM articles WHERE id = 'p3'"
                       ).fetchone() == ("2024-05-06", "option")


def test_messages_show_their_code(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The codes exist so an analyst can look a message up; the summary prints them."""
    path = write_jsonl(tmp_path / "coded.jsonl", [
        {"id": "good-1", "text": "Different text."},
        {"id": "c1", "text": "Dated badly.", "published": "31/02/2024"},
    ])
    _, err = ingest(capsys, store, path)
    assert f"{path}:1: [E109]" in err
    assert f"{path}:2: [W201]" in err


# --- exit codes, re-runs ---------------------------------------------------------------------------------------


def test_exit_code_non_zero_only_when_nothing_was_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    notext = write_jsonl(tmp_path / "notext.jsonl", [{"id": "x", "title": "no text"}])
    code, err = ingest(capsys, store, empty, notext, tmp_path / "missing.csv")
    assert code == 1
    assert "read: 0" in err and "rejected: 3" in err
    assert f"rejected {tmp_path / 'missing.csv'}: [E113] path does not exist" in err
    good = write_jsonl(tmp_path / "good.jsonl", GOOD[:1])
    code, err = ingest(capsys, store, empty, good, notext)
    assert code == 0
    assert "ingested: 1" in err and "rejected: 2" in err
    code, err = ingest(capsys, store, good)  # read but all duplicates: still a successful run
    assert code == 0
    assert "ingested: 0" in err and "skipped as duplicates: 1" in err


def test_rerun_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    good = write_jsonl(tmp_path / "good.jsonl", GOOD)
    other = write_jsonl(tmp_path / "other.jsonl", [
        {"title": "No id", "text": "An article without an id, in English.", "lang": "en"},
        {"id": "bad", "text": "Bad date.", "published": "not a date at all"},
    ])
    code, _ = ingest(capsys, store, good, other)
    assert code == 0
    first = (version(store), counts(store), articles(store))
    assert first[1]["articles"] == 5 and first[1]["mentions"] > 0
    manifest = (store / "manifest.json").read_bytes()
    code, err = ingest(capsys, store, good, other)
    assert code == 0
    assert "ingested: 0" in err and "skipped as duplicates: 5" in err
    assert (version(store), counts(store), articles(store)) == first
    assert (store / "manifest.json").read_bytes() == manifest


def test_interrupted_ingest_keeps_what_it_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import armswatch.executors
    import armswatch.ingest

    path = write_jsonl(tmp_path / "long.jsonl", [
        {"id": f"i{n}", "text": f"Report {n}: North Korea fired a missile.", "lang": "en"} for n in range(100)])
    store = Store(tmp_path / "store")
    real = armswatch.executors.process_articles
    calls = []

    def stop_on_third_batch(batch: list, *args: object) -> object:
        calls.append(len(batch))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(batch, *args)

    monkeypatch.setattr(armswatch.executors, "process_articles", stop_on_third_batch)
    with pytest.raises(KeyboardInterrupt):
        armswatch.ingest.ingest([str(path)], store, flush_every=40)
    # the first flush (after the batch that reached 40) was published; the rest was never written
    assert store.snapshot().count("articles") == 64
    monkeypatch.setattr(armswatch.executors, "process_articles", real)
    summary = armswatch.ingest.ingest([str(path)], store, flush_every=40)
    assert (summary.read, summary.ingested, summary.duplicates) == (100, 36, 64)
    assert sorted(articles(store.root)) == sorted(f"i{n}" for n in range(100))


def test_workers_2_gives_the_same_rows_as_workers_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = []
    for i in range(90):  # several batches of 32
        if i % 3 == 0:
            text = f"Dépêche {i}: la Corée du Nord a tiré un missile balistique intercontinental depuis Sohae."
            records.append({"id": f"w{i}", "text": text, "lang": "fr"})
        else:
            text = f"Report {i}: North Korea tested the Hwasong-18 ICBM; the UN and South Korea protested."
            records.append({"id": f"w{i}", "text": text, "lang": "en" if i % 3 == 1 else "de"})
    path = write_jsonl(tmp_path / "many.jsonl", records)
    exports = []
    for workers in (1, 2):
        store = tmp_path / f"store{workers}"
        code, err = ingest(capsys, store, path, workers=workers)
        assert code == 0, err
        assert "ingested: 90" in err
        tables = {}
        for table in ("articles", "mentions", "entities"):
            header, rows = export(capsys, store, table, tmp_path / f"{table}{workers}.csv")
            tables[table] = (header, [{k: v for k, v in r.items() if k != "ingested_at"} for r in rows])
        exports.append(tables)
    assert len(exports[0]["articles"][1]) == 90
    assert len(exports[0]["mentions"][1]) > 90
    assert exports[0] == exports[1]


# --- export contract -------------------------------------------------------------------------------------------


def test_export_contract(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header, rows = export(capsys, store, "articles", tmp_path / "articles.csv")
    assert header[:7] == ["id", "title", "published", "source", "url", "lang", "text"]
    assert "text_key" not in header
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {"good-1", "good-2", "good-3"}
    g1 = by_id["good-1"]
    assert (g1["title"], g1["published"], g1["source"], g1["url"], g1["lang"], g1["text"]) == (
        "Launch", "2024-01-02", "Wire", "http://example.org/1", "en", GOOD[0]["text"])
    assert by_id["good-3"]["published"] == ""
    assert by_id["good-3"]["text"] == GOOD[2]["text"]  # newline survives the CSV round trip

    header, mentions = export(capsys, store, "mentions", tmp_path / "mentions.csv")
    assert header[:7] == ["article_id", "entity", "entity_type", "text", "start", "end", "sentence"]
    assert len(mentions) == counts(store)["mentions"] > 0
    for m in mentions:
        text = by_id[m["article_id"]]["text"]
        start, end = int(m["start"]), int(m["end"])
        assert text[start:end] == m["text"]
        assert m["text"] in m["sentence"] and m["sentence"] in text
    assert ("good-1", "North Korea", "COUNTRY", "North Korea", "0", "11") in {
        (m["article_id"], m["entity"], m["entity_type"], m["text"], m["start"], m["end"]) for m in mentions}

    header, entities = export(capsys, store, "entities", tmp_path / "entities.csv")
    assert header[:8] == ["article_id", "entity", "entity_type", "country", "weapon_type", "latitude", "longitude",
                          "mentions"]
    assert len(entities) == counts(store)["entities"]
    mention_counts: dict[tuple[str, str, str], int] = {}
    for m in mentions:
        key = (m["article_id"], m["entity"], m["entity_type"])
        mention_counts[key] = mention_counts.get(key, 0) + 1
    assert {(e["article_id"], e["entity"], e["entity_type"]): int(e["mentions"]) for e in entities} == mention_counts
    sohae = [e for e in entities if e["entity"] == "Sohae"]
    assert [(e["country"], float(e["latitude"]), float(e["longitude"])) for e in sohae] == [("KP", 39.66, 124.705)]


def test_export_of_empty_store_writes_header_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header, rows = export(capsys, tmp_path / "nothing", "entities", tmp_path / "entities.csv")
    assert header == ["article_id", "entity", "entity_type", "country", "weapon_type", "latitude", "longitude",
                      "mentions"]
    assert rows == []


def test_rejected_records_go_to_a_rejects_file_that_can_be_fixed_and_ingested(
        tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "ok-1", "text": "North Korea fired a missile."}\n'
                    '{"id": "no-text", "title": "Missing text"}\n'
                    'not json at all\n', encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    code, err = run(capsys, "ingest", path, "--store", store, "--workers", 1, "--rejects", rejects)
    assert code == 0 and f"rejected records written to {rejects}" in err
    rows = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [(r["_line"], r["_reason"][:6]) for r in rows] == [(2, "[E105]"), (3, "[E103]")]
    assert rows[0]["id"] == "no-text" and rows[1]["raw"] == "not json at all"
    fixed = tmp_path / "fixed.jsonl"
    fixed.write_text(json.dumps(rows[0] | {"text": "Russia received shells."}) + "\n", encoding="utf-8")
    code, err = run(capsys, "ingest", fixed, "--store", store, "--workers", 1)
    assert code == 0 and "ingested: 1" in err
    assert Store(store).snapshot().connect().execute("SELECT count(*) FROM articles WHERE id = 'no-text'"
                                                     ).fetchone() == (1,)


def test_thousands_of_rejections_are_all_in_the_rejects_file_and_the_first_thousand_listed(
        tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mostly_bad.jsonl"
    path.write_text("".join(f"not json {n}\n" for n in range(1500)) + '{"id": "fine", "text": "Fine."}\n',
                    encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    code, err = run(capsys, "ingest", path, "--store", store, "--workers", 1, "--rejects", rejects)
    assert code == 0 and "ingested: 1" in err and "rejected: 1500\n" in err
    assert len(reported(err)["rejected"]) == 1000 and "  ... and 500 more problems, not listed" in err
    rows = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [(r["_line"], r["raw"]) for r in rows] == [(n + 1, f"not json {n}") for n in range(1500)]


# --- the bad-input matrix (tests/bad_inputs.py), file by file and all at once ------------------------------------

PROBLEM_LINE = re.compile(r"^  (rejected|warning) (.+?)(?::(\d+))?: \[(\w+)\]")


def reported(err: str) -> dict[str, set[tuple[str, int, str]]]:
    """Problems the summary lists, by severity: (file, line, code)."""
    found: dict[str, set[tuple[str, int, str]]] = {"rejected": set(), "warning": set()}
    for line in err.splitlines():
        if m := PROBLEM_LINE.match(line):
            found[m[1]].add((m[2], int(m[3] or 0), m[4]))
    return found


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Case, Path]]:
    return write_cases(tmp_path_factory.mktemp("matrix"))


@pytest.mark.parametrize("name", [case.name for case in cases()])
def test_bad_input_matrix_through_the_cli(name: str, matrix: dict[str, tuple[Case, Path]], store: Path,
                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case, path = matrix[name]
    rejects = tmp_path / "rejects.jsonl"
    before = counts(store)["articles"]
    code, err = run(capsys, "ingest", path, "--store", store, "--workers", 1, "--rejects", rejects)
    assert code == (0 if case.ingested else 1), err
    assert f"ingested: {case.ingested}" in err and f"rejected: {len(case.rejected)}\n" in err
    problems = reported(err)
    assert problems["rejected"] == {(str(path), line, code) for line, code in case.rejected}
    assert problems["warning"] == {(str(path), line, code) for line, code in case.warnings}
    if case.rejected:  # each rejected record, with where and why, in a file to fix and ingest again
        rows = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
        assert {(r["_origin"], r["_line"], r["_reason"][1:5]) for r in rows} == problems["rejected"]
    else:
        assert not rejects.exists()
    stored = articles(store)
    assert case.ids <= set(stored)
    assert len(stored) == before + case.ingested
    assert_kept(store)


def test_bad_input_matrix_all_at_once_keeps_every_valid_record_whole(
        matrix: dict[str, tuple[Case, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    code, err = ingest(capsys, store, *(path for _, path in matrix.values()))
    assert code == 0, err
    assert f"ingested: {sum(case.ingested for case, _ in matrix.values())} " in err
    assert reported(err)["rejected"] == {(str(path), line, code) for case, path in matrix.values()
                                         for line, code in case.rejected}
    con = Store(store).snapshot().connect()

    def one(sql: str, *params: object) -> tuple:
        return con.execute(sql, params).fetchone()

    assert one("SELECT text FROM articles WHERE id = 'cp-1'") == ("L’ONU a condamné l’essai à Séoul.",)
    assert one("SELECT text FROM articles WHERE id = 'bom-1'") == ("Séoul a protesté.",)
    assert one("SELECT text FROM articles WHERE id = 'u16-1'") == ("Pyongyang a lancé un satellite.",)
    assert one("SELECT text FROM articles WHERE id = 'ct-1'") == ("North Korea fired a missile.",)
    assert one("SELECT text FROM articles WHERE id = 'ct-2'") == ("Raw\ttab and raw control inside a JSON string.",)
    assert one("SELECT source, extra LIKE '%\"meta\"%' FROM articles WHERE id IN ('ne-3', 'ne-4') ORDER BY id") == (
        "", True)
    assert one("SELECT source FROM articles WHERE id = 'ne-4'") == ("Wire",)
    assert one("SELECT CAST(published AS VARCHAR) FROM articles WHERE id = 'dt-1'") == ("2999-01-01",)
    page_text, = one("SELECT text FROM articles WHERE origin LIKE '%page.html'")
    assert "Japan protested" in page_text and "third this month" in page_text
    assert "alert" not in page_text and "changed" not in page_text
    title, = one("SELECT title FROM articles WHERE origin LIKE '%long_line.txt'")
    assert 100 < len(title) <= 301
    # the 2.5 MB article is read whole, in pieces: names and events near its end, at their true offsets
    text, = one("SELECT text FROM articles WHERE id = 'long-1'")
    start, end = one("SELECT start, \"end\" FROM mentions WHERE article_id = 'long-1' AND entity = 'Hwasong-18'")
    assert start > 2_000_000 and text[start:end] == "Hwasong-18"
    start, end = one("SELECT start, \"end\" FROM events WHERE article_id = 'long-1' AND event_type = 'missile_test'")
    assert text[start:end].strip() == "Later, North Korea tested a Hwasong-18 ICBM from Sohae."
