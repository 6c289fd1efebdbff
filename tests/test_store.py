"""The store: published snapshots, one writer at a time, unpublished segments ignored then removed."""

import json
import multiprocessing
from datetime import UTC, date, datetime
from multiprocessing.synchronize import Event
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from armswatch.cli import main
from armswatch.errors import ArmswatchError
from armswatch.schema import ARTICLES, MENTIONS, TABLES
from armswatch.store import MANIFEST, Store

NOW = datetime(2024, 11, 1, 12, 0, tzinfo=UTC)


def article_rows(*ids: str) -> pa.Table:
    return pa.Table.from_pylist([
        {"id": i, "title": f"Title {i}", "published": date(2024, 1, 2), "source": "test", "url": "", "lang": "en",
         "text": f"Text of {i}.", "published_from": "record", "lang_from": "record", "model": "blank:en",
         "origin": "test.jsonl", "origin_line": n, "extra": "", "text_key": f"key-{i}", "ingested_at": NOW}
        for n, i in enumerate(ids, 1)
    ], ARTICLES)


def mention_rows(article_id: str) -> pa.Table:
    return pa.Table.from_pylist([
        {"article_id": article_id, "entity": "North Korea", "entity_type": "COUNTRY", "text": "North Korea",
         "start": 0, "end": 11, "sentence": "North Korea.", "origin": "gazetteer", "country": "KP",
         "weapon_type": "", "latitude": None, "longitude": None},
    ], MENTIONS)


def tables(articles: pa.Table, mentions: pa.Table | None = None) -> dict[str, pa.Table]:
    return {"articles": articles, "mentions": mentions if mentions is not None else MENTIONS.empty_table(),
            "entities": TABLES["entities"].empty_table()}


def article_ids(store: Store) -> list[str]:
    return [r[0] for r in store.snapshot().connect().execute("SELECT id FROM articles ORDER BY id").fetchall()]


def test_empty_store_snapshot(tmp_path: Path) -> None:
    root = tmp_path / "never-written"
    snapshot = Store(root).snapshot()
    assert (snapshot.version, snapshot.files) == (0, {})
    con = snapshot.connect()
    for table, schema in TABLES.items():
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        assert [d[0] for d in con.execute(f"SELECT * FROM {table}").description] == schema.names
        assert snapshot.count(table) == 0
    assert not root.exists()  # reading never creates the store


def test_append_publishes_a_new_manifest_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    with store.writer() as writer:
        first = writer.append(tables(article_rows("a1", "a2"), mention_rows("a1")))
        assert first.version == 1
        assert store.snapshot() == first  # published at once, while the writer still holds the lock
        second = writer.append(tables(article_rows("a3")))
    assert second.version == 2
    manifest = json.loads((store.root / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["version"] == 2
    assert len(manifest["tables"]["articles"]) == 2
    assert len(manifest["tables"]["mentions"]) == 1  # empty tables write no segment
    assert manifest["tables"]["entities"] == []
    assert manifest["tables"]["articles"][0] == first.files["articles"][0]  # old segments are never rewritten
    for names in manifest["tables"].values():
        for name in names:
            assert (store.root / name).is_file()
            assert name.startswith("segments/")
    snapshot = store.snapshot()
    assert (snapshot.count("articles"), snapshot.count("mentions"), snapshot.count("entities")) == (3, 1, 0)
    assert article_ids(store) == ["a1", "a2", "a3"]
    row = snapshot.connect().execute("SELECT published, ingested_at, origin_line FROM articles WHERE id = 'a2'"
                                      ).fetchone()
    assert row[0] == date(2024, 1, 2) and row[1] == NOW and row[2] == 2


def test_second_writer_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    with store.writer() as writer:
        writer.append(tables(article_rows("a1")))
        with pytest.raises(ArmswatchError) as refused, Store(tmp_path / "store").writer():
            pytest.fail("a second writer got the lock")
        assert refused.value.code == "E302"
        assert str(refused.value).startswith("[E302] store ")
        assert "being written by another ingest" in str(refused.value)
    with store.writer() as writer:  # released when the first writer ends
        assert writer.append(tables(article_rows("a2"))).version == 2
    assert article_ids(store) == ["a1", "a2"]


def _hold_writer(root: str, holding: Event, release: Event) -> None:
    with Store(Path(root)).writer():
        holding.set()
        release.wait(30)


def test_writer_in_another_process_is_refused(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    holding, release = context.Event(), context.Event()
    other = context.Process(target=_hold_writer, args=(str(tmp_path / "store"), holding, release))
    other.start()
    try:
        assert holding.wait(30)
        with pytest.raises(ArmswatchError) as refused, Store(tmp_path / "store").writer():
            pytest.fail("got the lock another process holds")
        assert refused.value.code == "E302"
    finally:
        release.set()
        other.join(30)
    assert other.exitcode == 0
    with Store(tmp_path / "store").writer() as writer:  # the lock died with its holder
        assert writer.append(tables(article_rows("a1"))).version == 1


def test_cli_ingest_while_the_store_is_locked(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              blank_models: Path) -> None:
    store = Store(tmp_path / "store")
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "x1", "text": "North Korea.", "lang": "en"}\n', encoding="utf-8")
    with store.writer():
        code = main(["ingest", str(path), "--store", str(store.root), "--workers", "1"])
    assert code == 2
    assert "armswatch: [E302] store" in capsys.readouterr().err
    assert store.snapshot().version == 0
    assert main(["ingest", str(path), "--store", str(store.root), "--workers", "1"]) == 0
    assert article_ids(store) == ["x1"]


def test_unpublished_segments_are_ignored_then_removed(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    with store.writer() as writer:
        writer.append(tables(article_rows("a1")))
    published = store.snapshot()
    # what an ingest that died before publishing leaves behind
    stray = store.root / "segments" / "articles" / "00000002-deadbeef.parquet"
    pq.write_table(article_rows("ghost1", "ghost2"), stray)
    half = store.root / "segments" / "mentions" / "00000002-cafebabe.tmp"
    half.parent.mkdir(parents=True, exist_ok=True)
    half.write_bytes(b"PAR1 half written")

    assert store.snapshot() == published
    assert store.snapshot().count("articles") == 1
    assert article_ids(store) == ["a1"]

    with store.writer():
        assert not stray.exists()
        assert not half.exists()
    for name in published.files["articles"]:
        assert (store.root / name).is_file()
    assert article_ids(store) == ["a1"]


def test_old_snapshot_still_reads_after_an_append(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    with store.writer() as writer:
        writer.append(tables(article_rows("a1", "a2")))
    old = store.snapshot()
    old_con = old.connect()
    assert old_con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    with store.writer() as writer:
        writer.append(tables(article_rows("a3"), mention_rows("a3")))
    assert store.snapshot().version == old.version + 1
    assert old_con.execute("SELECT count(*) FROM articles").fetchone() == (2,)  # an open connection
    reopened = old.connect()  # and the old snapshot opened anew
    assert reopened.execute("SELECT list(id ORDER BY id) FROM articles").fetchone() == (["a1", "a2"],)
    assert reopened.execute("SELECT count(*) FROM mentions").fetchone() == (0,)
    assert article_ids(store) == ["a1", "a2", "a3"]


def test_unreadable_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "store"
    root.mkdir()
    (root / MANIFEST).write_text('{"version": 3, "tables": ', encoding="utf-8")
    with pytest.raises(ArmswatchError) as broken:
        Store(root).snapshot()
    assert broken.value.code == "E303"
    assert main(["export", "articles", "--store", str(root)]) == 2
    assert "armswatch: [E303] store" in capsys.readouterr().err


def test_store_path_with_a_quote(tmp_path: Path) -> None:
    store = Store(tmp_path / "analyst's store")
    with store.writer() as writer:
        writer.append(tables(article_rows("q1")))
    assert article_ids(store) == ["q1"]


def test_segments_written_before_a_column_was_added_read_it_as_null(tmp_path: Path) -> None:
    """A store from before events had a claimant still opens: the new columns read as NULL."""
    store = Store(tmp_path / "store")
    old_events = pa.schema([f for f in TABLES["events"] if not f.name.startswith("claimant")])
    row = {"event_id": "e1", "article_id": "a1", "event_type": "missile_test", "date": "2024-01-02",
           "confidence": 0.9}
    with store.writer() as writer:
        writer.append(tables(article_rows("a1")) | {"events": pa.Table.from_pylist([row], old_events)})
    con = store.snapshot().connect()
    assert con.execute("SELECT event_id, claimant, claimant_country FROM events").fetchall() == [("e1", None, None)]
    assert [d[0] for d in con.execute("SELECT * FROM events").description] == TABLES["events"].names


def test_a_replaced_segment_stays_for_its_readers_until_a_publish_long_enough_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import armswatch.store
    from armswatch.schema import EVENT_INCIDENTS

    clock = [1_000_000.0]
    monkeypatch.setattr(armswatch.store.time, "time", lambda: clock[0])
    store = Store(tmp_path)
    links = [pa.table({"event_id": [f"e{n}"], "incident_id": [f"i{n}"]}, schema=EVENT_INCIDENTS) for n in range(4)]
    with store.writer() as writer:
        first = writer.append({"event_incidents": links[0]})
        second = writer.append({"event_incidents": links[1]})
        old = first.connect()  # a reader still on the first snapshot
        assert old.execute("SELECT incident_id FROM event_incidents").fetchall() == [("i0",)]
        assert second.connect().execute("SELECT incident_id FROM event_incidents").fetchall() == [("i1",)]
        clock[0] += 1  # a publish right after (an ingest's last rows, then its compaction)
        third = writer.append({"event_incidents": links[2]})
        assert old.execute("SELECT incident_id FROM event_incidents").fetchall() == [("i0",)]  # still readable
        assert set(third.retired) == {first.files["event_incidents"][0], second.files["event_incidents"][0]}
        clock[0] += armswatch.store.RETIRED_SECONDS
        writer.append({"event_incidents": links[3]})
    current = store.snapshot()
    assert current.connect().execute("SELECT incident_id FROM event_incidents").fetchall() == [("i3",)]
    assert not (tmp_path / first.files["event_incidents"][0]).exists()  # retired long enough ago: removed
    assert not (tmp_path / second.files["event_incidents"][0]).exists()
    assert (tmp_path / third.files["event_incidents"][0]).exists()  # the last one: kept for its readers
    assert current.retired == third.files["event_incidents"]
