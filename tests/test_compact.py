"""Compaction: adjacent segments merged with their rows in order, published atomically, the merged
ones retired for the readers of the previous snapshot; the size-tiered policy keeps few segments."""

import io
import json
import random
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import armswatch.store
from armswatch import compaction
from armswatch.cli import main
from armswatch.compaction import FANOUT, MAX_SEGMENT_BYTES, Segment, plan_automatic, plan_full
from armswatch.export import EXPORTS, export_csv
from armswatch.schema import INDEXES, TABLES
from armswatch.store import MANIFEST, Snapshot, Store
from armswatch.textindex import word_table

NOW = datetime(2024, 11, 1, 12, 0, tzinfo=UTC)
STORED = ["articles", "mentions", "entities", "events", "article_words"]  # what ``rows`` writes, not derived


@pytest.fixture(autouse=True)
def retired_at_the_next_publish(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replaced segments go at the next publish, as if it came long enough after (the grace itself is
    tested in test_store)."""
    monkeypatch.setattr(armswatch.store, "RETIRED_SECONDS", 0)


def rows(first: int, count: int = 1) -> dict[str, pa.Table]:
    """Articles ``first``.. ``first + count - 1`` with two mentions, an entity and an event each, and
    incident links for their events (a derived table: replaced at each publish)."""
    ids = [f"a{n:04d}" for n in range(first, first + count)]
    articles = [{"id": i, "title": f"Title {i}", "published": date(2024, 1, 1 + n % 28), "source": "wire",
                 "url": f"http://example.org/{i}", "lang": "en", "text": f"North Korea fired a missile ({i}), «ça».",
                 "published_from": "record", "lang_from": "record", "model": "blank:en", "origin": "t.jsonl",
                 "origin_line": n, "extra": "", "text_key": f"key-{i}", "ingested_at": NOW}
                for n, i in zip(range(first, first + count), ids, strict=True)]
    mentions = [{"article_id": i, "entity": entity, "entity_type": "COUNTRY", "text": entity, "start": start,
                 "end": start + 11, "sentence": "North Korea fired a missile.", "origin": "gazetteer",
                 "country": "KP", "weapon_type": "", "latitude": None, "longitude": None}
                for i in ids for entity, start in (("North Korea", 0), ("missile", 20))]
    entities = [{"article_id": i, "entity": "North Korea", "entity_type": "COUNTRY", "country": "KP",
                 "weapon_type": "", "latitude": 40.0, "longitude": 127.0, "mentions": 1} for i in ids]
    events = [{"event_id": f"{i}-0", "article_id": i, "event_type": "missile_test", "date": a["published"].isoformat(),
               "date_precision": "day", "country": "KP", "countries": "KP", "weapon_type": "missile",
               "weapon": "", "location": "", "sentence": "North Korea fired a missile.", "start": 0, "end": 28,
               "confidence": 0.9, "claimant": "KCNA", "missiles": 1} for i, a in zip(ids, articles, strict=True)]
    links = [{"event_id": e["event_id"], "incident_id": e["event_id"]} for e in events]
    return {name: pa.Table.from_pylist(data, TABLES[name]) for name, data in
            (("articles", articles), ("mentions", mentions), ("entities", entities), ("events", events),
             ("event_incidents", links))} | {"article_words": word_table([(a["id"], a["title"], a["text"])
                                                                          for a in articles])}


def exports(store: Store) -> dict[str, str]:
    out = {}
    for table in EXPORTS:
        f = io.StringIO()
        export_csv(store, table, f, raw=True)
        out[table] = f.getvalue()
    return out


def stored_rows(snapshot: Snapshot, table: str) -> list[dict]:
    """Every row of the table, segment after segment in manifest order (a column a segment lacks: None);
    an index's in its own order (a merge sorts them)."""
    found = [{name: row.get(name) for name in TABLES[table].names}
             for path in snapshot.paths(table) for row in pq.read_table(path).to_pylist()]
    return sorted(found, key=lambda row: [row[c] for c in INDEXES[table]]) if table in INDEXES else found


def build(store: Store, appends: int, per_append: int = 1) -> None:
    with store.writer() as writer:
        for n in range(appends):
            writer.append(rows(n * per_append, per_append))


def test_full_compaction_merges_each_table_into_one_segment_with_its_rows_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    build(store, 6, per_append=3)
    before = store.snapshot()
    assert all(len(before.files[t]) == 6 for t in STORED)
    exported = exports(store)
    in_order = {t: stored_rows(before, t) for t in TABLES}
    with store.writer() as writer:
        after = writer.compact(full=True)
    assert after == store.snapshot()
    assert after.version == before.version + 1
    assert {t: len(after.files[t]) for t in STORED} == {t: 1 for t in STORED}
    assert after.files["event_incidents"] == before.files["event_incidents"]  # derived: left alone
    assert sorted(after.retired) == sorted(n for t in STORED for n in before.files[t])
    assert exports(store) == exported  # every export byte for byte
    assert {t: stored_rows(after, t) for t in TABLES} == in_order  # and the rows in their order
    for table in STORED:
        assert pq.read_table(after.paths(table)[0]).schema.names == TABLES[table].names
    with store.writer() as writer:  # nothing left to merge
        assert writer.compact(full=True) == after
        assert writer.compact() == after


def test_full_compaction_under_the_size_cap_makes_several_segments(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "store")
    build(store, 6, per_append=3)
    before = store.snapshot()
    exported = exports(store)
    in_order = {t: stored_rows(before, t) for t in TABLES}
    sizes = [compaction.describe(Path(p), TABLES["articles"]).bytes for p in before.paths("articles")]
    assert 3 * min(sizes) > 2 * max(sizes)  # two article segments fit the cap below, three never
    monkeypatch.setattr(compaction, "MAX_SEGMENT_BYTES", 2 * max(sizes))
    with store.writer() as writer:
        after = writer.compact(full=True)
    assert len(after.files["articles"]) == 3
    assert {t: stored_rows(after, t) for t in TABLES} == in_order
    assert exports(store) == exported


def test_a_merge_streams_row_groups_and_keeps_the_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compaction, "ROW_GROUP_ROWS", 7)
    monkeypatch.setattr(compaction, "READ_BATCH_ROWS", 3)
    store = Store(tmp_path / "store")
    build(store, 4, per_append=5)
    expected = stored_rows(store.snapshot(), "articles")
    with store.writer() as writer:
        after = writer.compact(full=True)
    (merged,) = after.paths("articles")
    metadata = pq.read_metadata(merged)
    groups = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert groups == [8, 7, 5]  # batches of 3 or 2 rows (segments of 5) written once 7 rows wait: never all 20
    assert stored_rows(after, "articles") == expected


def test_automatic_compaction_keeps_segments_logarithmic_over_many_small_ingests(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    most = 0
    with store.writer() as writer:
        first = writer.append(rows(0))
        assert writer.compact() is first  # nothing to merge: no publish
        for n in range(1, 300):
            writer.append(rows(n))
            snapshot = writer.compact()  # what an ingest runs at its end
            tiers = Segment(n + 1, 0).tier + 1
            counts = [len(snapshot.files[t]) for t in ("articles", "entities", "events")]
            assert max(counts) <= (FANOUT - 1) * tiers, (n, counts)
            most = max(most, *counts)
    snapshot = store.snapshot()
    assert most < 3 * FANOUT
    assert len(snapshot.files["articles"]) <= (FANOUT - 1) * 3  # 300 rows: tiers 0, 1, 2
    assert len(snapshot.files["mentions"]) <= (FANOUT - 1) * 4  # 600 rows: tiers 0..3
    assert [r["id"] for r in stored_rows(snapshot, "articles")] == [f"a{n:04d}" for n in range(300)]
    assert stored_rows(snapshot, "mentions") == [r for n in range(300) for r in rows(n)["mentions"].to_pylist()]
    assert snapshot.count("events") == 300
    on_disk = {str(p.relative_to(store.root)) for p in (store.root / "segments").glob("*/*")}
    assert on_disk == {n for names in snapshot.files.values() for n in names} | set(snapshot.retired)


def _compacted(segments: list[Segment]) -> list[Segment]:
    """The segments after an automatic compaction merged what it plans to."""
    segments = list(segments)
    for start, stop in reversed(plan_automatic(segments)):
        segments[start:stop] = [Segment(sum(s.rows for s in segments[start:stop]),
                                        sum(s.bytes for s in segments[start:stop]))]
    return segments


def _simulate(appends: list[Segment]) -> list[Segment]:
    """The segments of a table after each append is followed by the automatic compaction."""
    segments: list[Segment] = []
    for appended in appends:
        segments = _compacted([*segments, appended])
    return segments


def test_a_million_articles_in_segments_of_2000_end_up_in_a_few_tens() -> None:
    ingest = Segment(2_000, 2_000 * 1_500)  # ~1.5 KB of Parquet an article
    segments = _simulate([ingest] * 500)
    assert sum(s.rows for s in segments) == 1_000_000
    assert len(segments) <= 20  # 7 of 128,000 articles, 6 of 16,000, 4 of 2,000
    assert all(s.bytes <= MAX_SEGMENT_BYTES for s in segments)
    # a store written before compaction existed: its first compaction leaves even fewer
    legacy = _compacted([ingest] * 500)
    assert sum(s.rows for s in legacy) == 1_000_000
    assert len(legacy) <= 20 and all(s.bytes <= MAX_SEGMENT_BYTES for s in legacy)
    # ten million: the size cap leaves more, larger segments, never one over the cap
    segments = _simulate([ingest] * 5_000)
    assert all(s.bytes <= MAX_SEGMENT_BYTES for s in segments)
    assert len(segments) <= 10_000_000 * 1_500 // (MAX_SEGMENT_BYTES // 2) + (FANOUT - 1) * 3


def test_ingests_of_mixed_sizes_keep_at_most_fanout_minus_one_segments_a_tier() -> None:
    rng = random.Random(5)
    appends = [Segment(rows, rows * 100) for rows in (rng.choice((1, 1, 3, 40, 2_000)) for _ in range(2_000))]
    total = 0
    segments: list[Segment] = []
    for appended in appends:
        segments = _compacted([*segments, appended])
        total += appended.rows
        tiers = [s.tier for s in segments]
        assert tiers == sorted(tiers, reverse=True)  # the oldest rows in the largest segments
        assert all(tiers.count(t) < FANOUT for t in set(tiers))
        assert len(segments) <= (FANOUT - 1) * (Segment(total, 0).tier + 1)


def test_full_plan_packs_adjacent_segments_up_to_the_cap() -> None:
    third = MAX_SEGMENT_BYTES // 3
    segments = [Segment(10, third)] * 7 + [Segment(10, 2 * MAX_SEGMENT_BYTES), Segment(1, 5), Segment(1, 5, False)]
    assert plan_full(segments) == [(0, 3), (3, 6), (8, 10)]  # 6 → 7 alone, too large 8 alone (not rewritten)
    assert plan_full([Segment(1, 5, current=False)]) == [(0, 1)]  # an old schema alone is rewritten
    assert plan_full([Segment(1, 5)]) == []


def test_a_snapshot_opened_before_compaction_still_reads_until_the_publish_after(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    build(store, 5, per_append=2)
    old = store.snapshot()
    old_con = old.connect()
    with store.writer() as writer:
        compacted = writer.compact(full=True)
        assert old_con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (10, 10)
        reopened = old.connect()  # the old snapshot opened anew after the compaction
        assert reopened.execute("SELECT count(*) FROM mentions").fetchone() == (20,)
        assert reopened.execute("SELECT list(id ORDER BY id) FROM articles").fetchone()[0] == [
            f"a{n:04d}" for n in range(10)]
        retired = [store.root / n for n in compacted.retired]
        assert len(retired) == len(STORED) * 5 and all(p.is_file() for p in retired)
        manifest = json.loads((store.root / MANIFEST).read_text(encoding="utf-8"))
        assert sorted(manifest["retired"]) == sorted(compacted.retired)
        writer.append(rows(10))  # the next publish deletes them
        assert not any(p.exists() for p in retired)
    assert store.snapshot().count("articles") == 11


def test_retired_segments_survive_a_compaction_that_merges_nothing_and_a_new_writer(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    build(store, 3)
    with store.writer() as writer:
        compacted = writer.compact(full=True)
    with store.writer() as writer:  # remove_unpublished: retired segments are still published
        assert writer.compact() is writer.snapshot  # nothing to merge: no publish, nothing deleted
    assert all((store.root / n).is_file() for n in compacted.retired)
    with store.writer() as writer:
        writer.append(rows(3))
    assert not any((store.root / n).exists() for n in compacted.retired)


def test_a_segment_without_a_later_column_compacts_to_the_full_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    old_events = pa.schema([f for f in TABLES["events"] if not f.name.startswith("claimant")])
    old = rows(0)["events"].select(old_events.names).cast(old_events)
    with store.writer() as writer:
        writer.append({"events": old})
        writer.append({"events": rows(1)["events"]})
        before = [r for r in stored_rows(writer.snapshot, "events")]
        after = writer.compact(full=True)
    (merged,) = after.paths("events")
    written = pq.read_table(merged)
    assert written.schema.equals(TABLES["events"])
    assert written.column("claimant").to_pylist() == [None, "KCNA"]
    assert written.column("claimant_country").to_pylist() == [None, None]
    assert written.to_pylist() == before
    con = after.connect()
    assert con.execute("SELECT event_id, claimant FROM events").fetchall() == [("a0000-0", None), ("a0001-0", "KCNA")]
    # alone, an old segment is rewritten by a full compaction too
    store = Store(tmp_path / "alone")
    with store.writer() as writer:
        writer.append({"events": old})
        alone = writer.compact(full=True)
    assert pq.read_schema(alone.paths("events")[0]).names == TABLES["events"].names


def test_a_compaction_that_dies_before_publishing_leaves_the_store_as_it_was(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "store")
    build(store, 4)
    before = store.snapshot()
    exported = exports(store)
    real_merge = compaction.merge
    merged: list[Path] = []

    def merge_then_die(sources: list[Path], target: Path, schema: pa.Schema, order: tuple[str, ...] = ()) -> None:
        if merged:
            target.with_suffix(".tmp").write_bytes(b"PAR1 half written")
            raise KeyboardInterrupt  # as if killed mid-write
        real_merge(sources, target, schema, order)
        merged.append(target)

    monkeypatch.setattr(compaction, "merge", merge_then_die)
    with pytest.raises(KeyboardInterrupt), store.writer() as writer:
        writer.compact(full=True)
    assert merged[0].is_file()  # a finished merge nobody published
    assert store.snapshot() == before
    assert exports(store) == exported
    monkeypatch.setattr(compaction, "merge", real_merge)
    with store.writer() as writer:  # the next writer removes what the dead one left
        assert not merged[0].exists()
        assert not list((store.root / "segments").glob("*/*.tmp"))
        writer.compact(full=True)
    assert exports(store) == exported


def test_cli_compact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(tmp_path / "store")
    build(store, 3)
    exported = exports(store)
    with store.writer():  # an ingest holds the store
        assert main(["compact", "--store", str(store.root)]) == 2
    assert "armswatch: [E302] store" in capsys.readouterr().err
    assert store.snapshot().version == 3
    assert main(["compact", "--store", str(store.root)]) == 0
    err = capsys.readouterr().err
    for table in STORED:
        assert f"{table}: 3 segments -> 1\n" in err
    assert "event_incidents: 1 segments -> 1\n" in err
    assert exports(store) == exported
    assert main(["compact", "--store", str(tmp_path / "none")]) == 0
    assert "holds nothing to compact" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()


def test_a_damaged_segment_stops_the_merge_with_its_name_and_changes_nothing(tmp_path: Path, capsys) -> None:
    store = Store(tmp_path / "store")
    build(store, 3)
    before = store.snapshot()
    damaged = store.root / before.files["mentions"][1]
    damaged.write_bytes(b"not parquet")
    assert main(["compact", "--store", str(store.root)]) == 2
    err = capsys.readouterr().err
    assert "[E310]" in err and str(damaged) in err
    assert store.snapshot() == before
    assert all((store.root / name).is_file() for names in before.files.values() for name in names)
