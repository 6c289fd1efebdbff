"""The store: Parquet segments per table and a manifest naming the published snapshot.

An ingest appends new segment files (it never rewrites old ones), then publishes a new
manifest with ``os.replace``. A reader opens whatever manifest is current and reads only
the files it names, so it never sees a half-written file and never waits for the writer.
Segments a crashed ingest wrote but never published are not in any manifest; the next
writer removes them. One writer at a time: a lock file guards the store.

Derived tables (``schema.DERIVED``: the incident links) are made anew from the whole store at each
publish: their new segment replaces the old one in the manifest, and the old one is kept one
publish longer, so that a reader still on the previous snapshot can finish.
"""

import fcntl
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from armswatch.errors import ArmswatchError
from armswatch.schema import DERIVED, TABLES

MANIFEST = "manifest.json"
FORMAT = 1
DUCKDB_TYPES = {"string": "VARCHAR", "double": "DOUBLE", "int32": "INTEGER", "int64": "BIGINT", "bool": "BOOLEAN",
                "date32[day]": "DATE", "timestamp[s, tz=UTC]": "TIMESTAMPTZ"}


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
    retired: tuple[str, ...] = ()  # derived segments this version replaced (kept for readers of the last)

    def paths(self, table: str) -> list[str]:
        return [str(self.root / name) for name in self.files.get(table, ())]

    def connect(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with one view per table over this snapshot's files."""
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
            else:  # a table, not a registered view: cursors of this connection see it too
                con.register(f"_{table}_empty", schema.empty_table())
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM _{table}_empty")
                con.unregister(f"_{table}_empty")
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
        return Snapshot(self.root, manifest.get("version", 0), files, tuple(manifest.get("retired", ())))

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
                path.unlink(missing_ok=True)

    def append(self, tables: dict[str, pa.Table]) -> Snapshot:
        """Write one segment per non-empty table, then publish them all at once. A derived table's
        segment replaces the table's previous one."""
        files = {table: list(self.snapshot.files.get(table, ())) for table in TABLES}
        retired = [name for table in DERIVED if table in tables for name in files[table]]
        for table in DERIVED & set(tables):
            files[table] = []
        for table, data in tables.items():
            if data.num_rows == 0:
                continue
            name = f"segments/{table}/{self.snapshot.version + 1:08d}-{uuid.uuid4().hex[:8]}.parquet"
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            pq.write_table(data, tmp, compression="zstd")
            with tmp.open("rb") as f:
                os.fsync(f.fileno())
            os.replace(tmp, path)
            files[table].append(name)
        version = self.snapshot.version + 1
        manifest = {"format": FORMAT, "version": version, "tables": files, "retired": retired}
        tmp = self.root / f"{MANIFEST}.tmp"
        _fsync_write(tmp, json.dumps(manifest, indent=1).encode())
        os.replace(tmp, self.root / MANIFEST)
        dir_fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        for name in self.snapshot.retired:  # replaced two publishes ago: no current reader needs it
            (self.root / name).unlink(missing_ok=True)
        self.snapshot = Snapshot(self.root, version, {t: tuple(n) for t, n in files.items()}, tuple(retired))
        return self.snapshot
