"""The store: Parquet segments per table and a manifest naming the published snapshot.

An ingest appends new segment files (it never rewrites old ones), then publishes a new
manifest with ``os.replace``. A reader opens whatever manifest is current and reads only
the files it names, so it never sees a half-written file and never waits for the writer.
Segments a crashed ingest wrote but never published are not in any manifest; the next
writer removes them. One writer at a time: a lock file guards the store.

Derived tables (``schema.DERIVED``: the incident links) are made anew from the whole store at each
publish: their new segment replaces the old one in the manifest. Compaction (``StoreWriter.compact``,
armswatch.compaction) replaces runs of adjacent segments by one with the same rows. A replaced
segment is listed as ``retired`` in the manifest that replaced it, with the time, and deleted by the
first publish at least RETIRED_SECONDS later, so that a reader still on an earlier snapshot can
finish (an ingest publishes its last rows and then compacts, two publishes in a second).
"""

import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from armswatch import compaction, corrections
from armswatch.errors import ArmswatchError
from armswatch.schema import DERIVED, INDEX_ROW_GROUP_ROWS, INDEXES, SUMMARIES, TABLES, VIEW_ROW_GROUP_ROWS
from armswatch.textindex import DERIVED_WORDS_SQL, word_table

MANIFEST = "manifest.json"
FORMAT = 1
# how long a replaced segment stays for the readers of earlier snapshots (an export of a big table
# reads for a minute or two from the snapshot it began on)
RETIRED_SECONDS = 300
DUCKDB_TYPES = {"string": "VARCHAR", "double": "DOUBLE", "int32": "INTEGER", "int64": "BIGINT", "bool": "BOOLEAN",
                "date32[day]": "DATE", "timestamp[s, tz=UTC]": "TIMESTAMPTZ"}


def _in_index_order(data: pa.Table, table: str) -> pa.Table:
    return data.sort_by([(column, "ascending") for column in INDEXES[table]])


def _sync_into_place(tmp: Path, path: Path) -> None:
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _write_segment(data: pa.Table | pa.RecordBatchReader, path: Path, table: str) -> int:
    """A new segment file, whole or not at all; an index's rows in its order (``schema.INDEXES``); the
    rows of a reader as they come (a table of any size, in little memory). Returns how many rows."""
    tmp = path.with_suffix(".tmp")
    if isinstance(data, pa.RecordBatchReader):
        rows = 0
        with pq.ParquetWriter(tmp, TABLES[table], compression="zstd") as out:
            for batch in data:
                out.write_table(pa.Table.from_batches([batch]).cast(TABLES[table]))
                rows += batch.num_rows
    elif table in INDEXES:
        rows = data.num_rows
        pq.write_table(_in_index_order(data, table), tmp, compression="zstd", row_group_size=INDEX_ROW_GROUP_ROWS)
    else:
        rows = data.num_rows
        pq.write_table(data, tmp, compression="zstd", row_group_size=VIEW_ROW_GROUP_ROWS if table == "views" else None)
    _sync_into_place(tmp, path)
    return rows


def _fsync_write(path: Path, data: bytes) -> None:
    with path.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


@dataclass(frozen=True)
class Snapshot:
    """One published state of the store: the segment files of each table."""

    root: Path
    version: int = 0
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    retired: tuple[str, ...] = ()  # segments replaced lately, kept for readers of earlier snapshots
    retired_at: dict[str, float] = field(default_factory=dict)  # when (seconds since the epoch)

    def paths(self, table: str) -> list[str]:
        return [str(self.root / name) for name in self.files.get(table, ())]

    def connect(self, corrected: bool = True) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with one view per table over this snapshot's files, read
        through the analysts' corrections (``armswatch.corrections``) unless ``corrected`` is False
        (the stages that derive tables from the stored rows: what they derive stays undoable)."""
        con = duckdb.connect()
        for table, schema in TABLES.items():
            paths = self.paths(table)
            if paths:
                listed = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
                source = f"read_parquet([{listed}], union_by_name=true)"
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM {source}")
                # segments written before a column was added (events' claimant): the column reads as NULL
                present = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
                if any(f.name not in present for f in schema):  # in the schema's order, as a new store has them
                    listed = ", ".join(f'"{f.name}"' if f.name in present else
                                       f'CAST(NULL AS {DUCKDB_TYPES[str(f.type)]}) AS "{f.name}"' for f in schema)
                    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT {listed} FROM {source}")
            elif table in INDEXES and self.files.get("articles"):  # a store made before the text index
                con.execute(f"CREATE VIEW {table} AS {DERIVED_WORDS_SQL}")
            else:  # a table, not a registered view: cursors of this connection see it too
                con.register(f"_{table}_empty", schema.empty_table())
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM _{table}_empty")
                con.unregister(f"_{table}_empty")
        if corrected and self.files.get("corrections"):  # every query reads the tables as corrected
            corrections.apply(con)
        return con

    def count(self, table: str) -> int:
        paths = self.paths(table)
        return sum(pq.ParquetFile(p).metadata.num_rows for p in paths)


class Store:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def snapshot(self) -> Snapshot:
        """The current published snapshot (empty when nothing was ever ingested)."""
        try:
            manifest = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Snapshot(self.root)
        except (OSError, ValueError) as exc:
            raise ArmswatchError("E303", path=self.root, detail=exc) from exc
        files = {table: tuple(names) for table, names in manifest.get("tables", {}).items()}
        return Snapshot(self.root, manifest.get("version", 0), files, tuple(manifest.get("retired", ())),
                        manifest.get("retired_at", {}))

    @contextmanager
    def writer(self) -> Iterator["StoreWriter"]:
        """Exclusive write access; refused with E302 while another ingest holds it."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ArmswatchError("E302", path=self.root) from None
            writer = StoreWriter(self.root, self.snapshot())
            writer.remove_unpublished()
            yield writer


class StoreWriter:
    def __init__(self, root: Path, snapshot: Snapshot) -> None:
        self.root = root
        self.snapshot = snapshot

    def remove_unpublished(self) -> None:
        """Delete segment files left by an ingest that died before publishing them."""
        published = {name for names in self.snapshot.files.values() for name in names} | set(self.snapshot.retired)
        for path in (self.root / "segments").glob("*/*"):
            if str(path.relative_to(self.root)) not in published:
                shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)

    def _new_segment(self, table: str) -> str:
        name = f"segments/{table}/{self.snapshot.version + 1:08d}-{uuid.uuid4().hex[:8]}.parquet"
        (self.root / name).parent.mkdir(parents=True, exist_ok=True)
        return name

    def append(self, tables: dict[str, pa.Table | pa.RecordBatchReader]) -> Snapshot:
        """Write one segment per non-empty table, then publish them all at once. A derived table's
        segment replaces the table's previous one (its rows may come from a reader); new rows drop the
        summaries (``schema.SUMMARIES``) of the content before them."""
        files = {table: list(self.snapshot.files.get(table, ())) for table in TABLES}
        new_rows = any(data.num_rows for table, data in tables.items() if table not in DERIVED)
        replaced = DERIVED & (set(tables) | (SUMMARIES if new_rows else set()))
        retired = [name for table in replaced for name in files[table]]
        for table in replaced:
            files[table] = []
        for table, data in tables.items():
            if isinstance(data, pa.Table) and data.num_rows == 0:
                continue
            name = self._new_segment(table)
            if _write_segment(data, self.root / name, table):
                files[table].append(name)
            else:
                (self.root / name).unlink()
        return self._publish(files, retired)

    def index_words(self) -> Snapshot:
        """The text index of a store made before it: built once, by the first compaction after an
        upgrade (the end of an ingest, ``armswatch compact``), one articles segment (and a few thousand
        articles in memory) at a time."""
        if self.snapshot.files.get("article_words") or not self.snapshot.files.get("articles"):
            return self.snapshot
        files = {table: list(self.snapshot.files.get(table, ())) for table in TABLES}
        for source in self.snapshot.paths("articles"):
            name = self._new_segment("article_words")
            tmp = (self.root / name).with_suffix(".tmp")
            try:
                with pq.ParquetFile(source) as segment, pq.ParquetWriter(tmp, TABLES["article_words"],
                                                                         compression="zstd") as out:
                    for batch in segment.iter_batches(batch_size=4096, columns=["id", "title", "text"]):
                        rows = word_table(list(zip(*batch.to_pydict().values(), strict=True)))
                        out.write_table(_in_index_order(rows, "article_words"), row_group_size=INDEX_ROW_GROUP_ROWS)
            except (OSError, pa.ArrowException) as exc:  # nothing published: the next writer removes the rest
                raise ArmswatchError("E310", path=source, detail=exc) from exc
            _sync_into_place(tmp, self.root / name)
            files["article_words"].append(name)
        return self._publish(files, [])

    def compact(self, full: bool = False) -> Snapshot:
        """Merge runs of adjacent segments of each table (not the derived ones) and publish the
        result; the merged segments are retired. ``full``: into as few segments as
        ``compaction.MAX_SEGMENT_BYTES`` allows; otherwise the size-tiered policy an ingest runs at
        its end, which returns the snapshot as it is (no publish) when nothing needs merging."""
        self.index_words()
        files = {table: list(self.snapshot.files.get(table, ())) for table in TABLES}
        retired: list[str] = []
        for table in (t for t in TABLES if t not in DERIVED):
            names = files[table]
            segments = [compaction.describe(self.root / name, TABLES[table]) for name in names]
            runs = compaction.plan_full(segments) if full else compaction.plan_automatic(segments)
            for start, stop in reversed(runs):  # from the end: the indexes of earlier runs still hold
                name = self._new_segment(table)
                compaction.merge([self.root / n for n in names[start:stop]], self.root / name, TABLES[table],
                                 INDEXES.get(table, ()))
                retired += names[start:stop]
                names[start:stop] = [name]
        return self._publish(files, retired) if retired else self.snapshot

    def _publish(self, files: dict[str, list[str]], retired: list[str]) -> Snapshot:
        """Make ``files`` the store's snapshot; ``retired``: the segments it no longer names."""
        version = self.snapshot.version + 1
        now = time.time()
        old = self.snapshot.retired_at
        kept = [name for name in self.snapshot.retired if now - old.get(name, 0.0) < RETIRED_SECONDS]
        retired_at = {name: old[name] for name in kept} | {name: now for name in retired}
        manifest = {"format": FORMAT, "version": version, "tables": files, "retired": list(retired_at),
                    "retired_at": retired_at}
        tmp = self.root / f"{MANIFEST}.tmp"
        _fsync_write(tmp, json.dumps(manifest, indent=1).encode())
        os.replace(tmp, self.root / MANIFEST)
        dir_fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        for name in set(self.snapshot.retired) - set(retired_at):  # retired long enough ago: no reader needs it
            (self.root / name).unlink(missing_ok=True)
        self.snapshot = Snapshot(self.root, version, {t: tuple(n) for t, n in files.items()}, tuple(retired_at),
                                 retired_at)
        return self.snapshot
