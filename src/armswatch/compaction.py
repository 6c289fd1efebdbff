"""Compaction: which adjacent segments of a table to merge, and the streamed merge itself.

An ingest publishes a segment per table every 2,000 articles, and a small ingest publishes small
ones: left alone, a store of 1,000,000 articles would be 500 files per table, and DuckDB scans
over hundreds of files are slow. ``StoreWriter.compact`` (armswatch.store) merges runs of
ADJACENT segments, in manifest order, so that every table's rows keep their order exactly.

The automatic policy (run at the end of each ingest) is size-tiered: a segment of ``rows`` rows
is in tier ``floor(log_FANOUT(rows / BASE_ROWS))``. Walking the segments in order it merges

- a segment with smaller-tier segments just before it together with them (new segments are
  appended at the end, so tiers then fall from the oldest to the newest), and
- FANOUT or more consecutive segments of one tier into one (of a higher tier),

until neither applies, never making a segment larger than MAX_SEGMENT_BYTES. Each tier then holds
fewer than FANOUT segments (but for those too large to merge under that cap, each at least a
fraction of it): a table has at most (FANOUT - 1) segments per tier, and the number of tiers grows
with the logarithm of its rows (500 segments of 2,000 articles: 17), while a row is rewritten
about once per tier it climbs. The full policy (``armswatch compact``) merges each run
of adjacent segments into as few segments as MAX_SEGMENT_BYTES allows.

A merge streams batches from the old files into a new one (memory: a few row groups), cast
to the table's current schema: a column an older segment lacks reads as nulls.
"""

import io
import os
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from armswatch.errors import ArmswatchError
from armswatch.schema import INDEX_ROW_GROUP_ROWS

# 8 segments of one tier merge into one of the next: the usual fan-out of size-tiered merging. A
# larger one leaves more files (up to FANOUT - 1 per tier), a smaller one rewrites each row more
# often (once per tier: log_FANOUT of the table's rows).
FANOUT = 8
# Tier 0 is under FANOUT * BASE_ROWS rows. 1 keeps the tiers of a table of single-article ingests
# as fine as those of a bulk one, so that no merge at the end of a small ingest rewrites much.
BASE_ROWS = 1
# Largest segment a merge makes, in Parquet bytes (~170,000 articles of ~4 KB of text, zstd, or
# a few million mention rows). DuckDB scans the row groups of one file in parallel, so larger files
# would not read faster; this bounds what one merge at the end of an ingest rewrites (a few
# seconds) and keeps each file easy to copy. A store of 1,000,000 articles is then ~6 files per
# table after a full compaction.
MAX_SEGMENT_BYTES = 250_000_000
# A merged file's row groups: DuckDB's own row-group size (its unit of parallel scanning), or fewer
# rows when they would take more than ROW_GROUP_BYTES in memory (~8,000 article texts), which
# bounds the memory of a merge whatever the table's size: a row group being read, one being
# written (~300 MB at most for articles, measured; 64 MB row groups: ~350 MB, no faster to scan).
# Batches are read READ_BATCH_ROWS at a time.
ROW_GROUP_ROWS = 122_880
ROW_GROUP_BYTES = 32 * 2**20
READ_BATCH_ROWS = 4_096
SORT_MEMORY = "128MB"  # an index merge sorts its rows; beyond this DuckDB spills them to disk


@dataclass(frozen=True)
class Segment:
    """What the policies need to know of a segment file."""

    rows: int
    bytes: int  # Parquet data bytes (the file less its footer): what a merged file adds up to
    current: bool = True  # written with the table's current schema

    @property
    def tier(self) -> int:
        tier, units = 0, self.rows // BASE_ROWS
        while units >= FANOUT:
            units //= FANOUT
            tier += 1
        return tier


@cache
def _as_read(schema: pa.Schema) -> pa.Schema:
    """The schema a segment written in ``schema`` reads back with (Parquet keeps no timestamp[s])."""
    buffer = io.BytesIO()
    pq.write_table(schema.empty_table(), buffer)
    return pq.read_schema(pa.BufferReader(buffer.getvalue()))


def describe(path: Path, schema: pa.Schema) -> Segment:
    """Rows, size and schema of a segment, from its footer (E310 when it has none: a damaged store)."""
    try:
        with pq.ParquetFile(path) as segment:
            metadata = segment.metadata
            current = segment.schema_arrow.remove_metadata().equals(_as_read(schema).remove_metadata())
    except (OSError, pa.ArrowException) as exc:
        raise ArmswatchError("E310", path=path, detail=exc) from exc
    return Segment(metadata.num_rows, max(0, path.stat().st_size - metadata.serialized_size), current)


def _merged(segments: list[Segment]) -> Segment:
    return Segment(sum(s.rows for s in segments), sum(s.bytes for s in segments))


def _fitting(segments: list[Segment], start: int, stop: int, from_end: bool = False) -> tuple[int, int]:
    """The longest run of segments[start:stop] that keeps its first (or, ``from_end``, its last)
    segment and whose merge stays within MAX_SEGMENT_BYTES."""
    total = 0
    if from_end:
        first = stop
        while first > start and total + segments[first - 1].bytes <= MAX_SEGMENT_BYTES:
            first -= 1
            total += segments[first].bytes
        return first, stop
    last = start
    while last < stop and total + segments[last].bytes <= MAX_SEGMENT_BYTES:
        total += segments[last].bytes
        last += 1
    return start, last


def _next_merge(segments: list[Segment]) -> tuple[int, int] | None:
    """The first run ``[start, stop)`` the automatic policy merges, or None."""
    run_end = 0  # where the run of segments of one tier that holds segment i ends
    for i, segment in enumerate(segments):
        first = i
        while first > 0 and segments[first - 1].tier < segment.tier:  # smaller ones just before it
            first -= 1
        start, stop = _fitting(segments, first, i + 1, from_end=True)
        if stop - start >= 2:
            return start, stop
        if i >= run_end:
            run_end = i
            while run_end < len(segments) and segments[run_end].tier == segment.tier:
                run_end += 1
        if run_end - i >= FANOUT:  # a full tier: as many of its run as fit one segment
            start, stop = _fitting(segments, i, run_end)
            if stop - start >= 2:
                return start, stop
    return None


def plan_automatic(segments: list[Segment]) -> list[tuple[int, int]]:
    """Runs ``[start, stop)`` of segment indexes to merge, each into one segment (the size-tiered
    policy: see the module docstring). Empty when nothing needs merging."""
    merged: list[tuple[int, int]] = [(i, i + 1) for i in range(len(segments))]  # what each entry stands for
    current = list(segments)
    while (run := _next_merge(current)) is not None:  # each merge leaves one entry fewer: it ends
        start, stop = run
        current[start:stop] = [_merged(current[start:stop])]
        merged[start:stop] = [(merged[start][0], merged[stop - 1][1])]
    return [(start, stop) for start, stop in merged if stop - start > 1]


def plan_full(segments: list[Segment]) -> list[tuple[int, int]]:
    """Runs covering every segment: adjacent ones packed, in order, into as few as
    MAX_SEGMENT_BYTES allows (a larger one stays alone). A run of one segment is listed only
    when it was written with an older schema (so that its rewrite brings it to the current one)."""
    runs, start = [], 0
    while start < len(segments):
        stop = max(_fitting(segments, start, len(segments))[1], start + 1)
        if stop - start > 1 or not segments[start].current:
            runs.append((start, stop))
        start = stop
    return runs


def _conform(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """The batch in ``schema``: its columns in the schema's order and types, absent ones null."""
    columns = []
    for field in schema:
        at = batch.schema.get_field_index(field.name)
        column = batch.column(at) if at >= 0 else pa.nulls(batch.num_rows, field.type)
        columns.append(column if column.type == field.type else column.cast(field.type))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def merge(sources: list[Path], target: Path, schema: pa.Schema, order: tuple[str, ...] = ()) -> None:
    """Write the rows of ``sources``, in order (or sorted by the columns ``order``: an index), to the
    new segment ``target`` (through a ``.tmp`` file, synced before it takes its name), a row group at
    a time."""
    tmp = target.with_suffix(".tmp")
    if order:
        _merge_sorted(sources, tmp, schema, order)
    else:
        _merge_in_order(sources, tmp, schema)
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, target)


def _merge_sorted(sources: list[Path], tmp: Path, schema: pa.Schema, order: tuple[str, ...]) -> None:
    """DuckDB's external sort: memory stays within SORT_MEMORY, the rest spills next to the store."""
    con = duckdb.connect()
    spill = tmp.with_suffix(".sort")  # a crash leaves it unpublished: the next writer removes it
    try:
        con.execute(f"SET memory_limit = '{SORT_MEMORY}'")
        con.execute(f"SET temp_directory = '{_quoted(str(spill))}'")
        listed = ", ".join(f"'{_quoted(str(source))}'" for source in sources)
        columns = ", ".join(f'"{name}"' for name in schema.names)
        con.execute(f"COPY (SELECT {columns} FROM read_parquet([{listed}]) ORDER BY {', '.join(order)}) "
                    f"TO '{_quoted(str(tmp))}' (FORMAT parquet, COMPRESSION zstd, "
                    f"ROW_GROUP_SIZE {INDEX_ROW_GROUP_ROWS})")
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def _merge_in_order(sources: list[Path], tmp: Path, schema: pa.Schema) -> None:
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        pending: list[pa.RecordBatch] = []
        rows = size = 0
        for source in sources:
            with pq.ParquetFile(source) as segment:
                names = [n for n in schema.names if n in segment.schema_arrow.names]
                for batch in segment.iter_batches(batch_size=READ_BATCH_ROWS, columns=names):
                    pending.append(_conform(batch, schema))
                    rows, size = rows + batch.num_rows, size + batch.nbytes
                    if rows >= ROW_GROUP_ROWS or size >= ROW_GROUP_BYTES:
                        writer.write_table(pa.Table.from_batches(pending, schema), row_group_size=rows)
                        pending, rows, size = [], 0, 0
        if pending:
            writer.write_table(pa.Table.from_batches(pending, schema), row_group_size=rows)
