"""The analyst's corrections, applied: the one layer every page, count, chart and export reads through.

The store keeps corrections as an append-only log (the ``corrections`` table: what, the value
before and after, who, when, a note; an undo is an entry too). ``apply`` runs when a snapshot is
opened (``Snapshot.connect``): the stored tables are renamed ``<table>_raw`` and the names every
query reads (``entities``, ``mentions``, ``events``, ``event_incidents``) become views with the
corrections applied, so that no view of the data can show it uncorrected. A publish (an ingest's
last, each correction's) stores them applied with its snapshot (``published``): the entities, events
and incident links corrected in full, read as they are, so that opening a snapshot computes nothing
and its queries cost what they cost uncorrected; a snapshot without them (an ingest's rows, before its
last publish) computes them from the log when it is opened. Corrections are keyed
on what the analyst saw (an entity's type and name, an event's id, an incident's id), so they
apply to the rows of articles ingested later too: a renamed entity stays renamed.

What each correction does:

- entity: ``rename`` and ``merge`` (into another entity of its type) give its rows another name;
  ``set_type`` another type; ``country`` another country; ``reject`` removes its rows (not an
  entity). Renames follow one another (A merged into B, B renamed C: A's rows read C). An
  article's rows of entities that became one are one row (mentions summed), as the store has them.
  Events name weapons and places: a renamed weapon or place is renamed in them too.
- event: ``reject`` removes it; ``type``, ``date``, ``country`` (its actor), ``weapon``,
  ``location`` set that field (a date as YYYY, YYYY-MM or YYYY-MM-DD gives its precision).
- incident: the same, for every report it has; ``split`` makes one report (``after``: its event
  id) an incident of its own; ``merge`` moves its reports into another incident (``after``).

Only the latest active entry of a kind counts (one per target, key and action; rename, merge and
set_type are one kind: what the entity is); an undone entry counts for nothing.
"""

from dataclasses import dataclass, replace

import pyarrow as pa
from duckdb import DuckDBPyConnection

from armswatch.incidents import INCIDENT_ID_SQL
from armswatch.schema import APPLIED

ENTITY_ACTIONS = ("rename", "merge", "set_type", "country", "reject")
EVENT_ACTIONS = ("reject", "type", "date", "country", "weapon", "location")
INCIDENT_ACTIONS = (*EVENT_ACTIONS, "split", "merge")
IDENTITY = {"rename", "merge", "set_type"}  # what an entity is: the latest of these three counts
CORRECTED = ("entities", "mentions", "events", "event_incidents")
# published with a snapshot (``published``): these tables corrected in full (``corrected_<table>``), and
# the small tables the mentions are read through (the mentions, a gigabyte at a million articles, are
# read one article at a time: corrected as they are read). The entities are kept in their articles'
# order and by type in each, as an ingest stores them: the row groups of a filter's articles are then
# few, and the types' runs short to read (written unordered, the entities' queries took about 1.5
# times as long at a million articles, in runs of benchmarks/corrections.py while this was built)
# (table: the order its rows are kept in)
PUBLISHED = {"entities": "ORDER BY article_id, entity_type", "events": "", "event_incidents": ""}
FIXES = ("entity_fixes", "entity_names")
BATCH_ROWS = 122_880  # rows a publish holds at once of a table it corrects (DuckDB's row group)
# the event fields a correction sets (``type`` is the event_type column)
EVENT_FIELDS = {"type": "event_type", "date": "date", "country": "country", "weapon": "weapon", "location": "location"}


@dataclass(frozen=True)
class Entry:
    """One active correction, as ``apply`` reads it."""

    target: str
    entity_type: str
    key: str
    action: str
    after: str


def active(rows: list[dict]) -> list[Entry]:
    """The entries that count, in the log's order: not undone, the latest of each kind."""
    undone = {row["undoes"] for row in rows if row["action"] == "undo"}
    latest: dict[tuple, Entry] = {}
    for row in rows:
        if row["action"] == "undo" or row["correction_id"] in undone:
            continue
        kind = "identity" if row["target"] == "entity" and row["action"] in IDENTITY else row["action"]
        slot = (row["target"], row["entity_type"], row["key"], kind)
        latest.pop(slot, None)  # re-inserted last: the dict keeps the log's order
        latest[slot] = Entry(row["target"], row["entity_type"], row["key"], row["action"], row["after"])
    return list(latest.values())


def _follow(start: tuple[str, str], moves: dict[tuple[str, str], tuple[str, str]]) -> tuple[str, str]:
    """Where an entity ends after its renames, merges and type changes (a cycle stops where it closes)."""
    seen, here = {start}, start
    while here in moves and moves[here] not in seen:
        here = moves[here]
        seen.add(here)
    return here


def entity_moves(entries: list[Entry]) -> dict[tuple[str, str], tuple[str, str]]:
    """(type, name) → (type, name) where each renamed, merged or retyped entity ends."""
    moves = {}
    for entry in (e for e in entries if e.target == "entity" and e.action in IDENTITY):
        key = (entry.entity_type, entry.key)
        moves[key] = (entry.after, entry.key) if entry.action == "set_type" else (entry.entity_type, entry.after)
    return {key: _follow(key, moves) for key in moves}


def entity_fixes(entries: list[Entry], stored: set[tuple[str, str]]) -> pa.Table:
    """old_type, old_entity → entity_type, entity, country (None: unchanged), rejected, grouped: one row
    per entity a correction changes, and per entity others became. ``grouped`` where an article may
    then hold two rows of one entity, to be summed: two entities ended as one, or one ended as an
    entity the store holds (``stored``: those of the ends it holds)."""
    ends = entity_moves(entries)
    countries = {(e.entity_type, e.key): e.after for e in entries if e.target == "entity" and e.action == "country"}
    rejected = {(e.entity_type, e.key) for e in entries if e.target == "entity" and e.action == "reject"}
    arrivals: dict[tuple[str, str], int] = {}
    for key, end in ends.items():
        if key != end:
            arrivals[end] = arrivals.get(end, 0) + 1
    grouped = {end for end, count in arrivals.items() if count > 1 or (end in stored and end not in ends)}
    rows = []
    for key in sorted(set(ends) | set(countries) | rejected | grouped):
        end = ends.get(key, key)
        rows.append({"old_type": key[0], "old_entity": key[1], "entity_type": end[0], "entity": end[1],
                     "country": countries.get(end), "rejected": end in rejected or key in rejected,
                     "grouped": end in grouped})
    schema = pa.schema([("old_type", pa.string()), ("old_entity", pa.string()), ("entity_type", pa.string()),
                        ("entity", pa.string()), ("country", pa.string()), ("rejected", pa.bool_()),
                        ("grouped", pa.bool_())])
    return pa.Table.from_pylist(rows, schema)


def _date_fields(value: str) -> tuple[str, str]:
    return value, {4: "year", 7: "month"}.get(len(value), "day")


def event_fixes(entries: list[Entry], members: dict[str, list[str]],
                places: dict[str, tuple[float, float]]) -> pa.Table:
    """event_id → rejected and the fields set (None: unchanged), from the event corrections and those
    of their incidents (``members``: incident id → its events' ids, after splits and merges); a
    location set takes its coordinates from ``places`` (none when the store knows no such place)."""
    fixes: dict[str, dict] = {}
    for entry in entries:
        if entry.target == "event":
            ids = [entry.key]
        elif entry.target == "incident" and entry.action in EVENT_ACTIONS:
            ids = members.get(entry.key, [entry.key])  # an event never linked is an incident of its own
        else:
            continue
        for event_id in ids:
            fix = fixes.setdefault(event_id, {"event_id": event_id, "rejected": False})
            if entry.action == "reject":
                fix["rejected"] = True
            elif entry.action == "date":
                fix["date"], fix["date_precision"] = _date_fields(entry.after)
            else:
                fix[EVENT_FIELDS[entry.action]] = entry.after
    for fix in fixes.values():
        if "location" in fix:
            fix["latitude"], fix["longitude"] = places.get(fix["location"], (None, None))
    schema = pa.schema([("event_id", pa.string()), ("rejected", pa.bool_()),
                        *((name, pa.string()) for name in (*EVENT_FIELDS.values(), "date_precision")),
                        ("latitude", pa.float64()), ("longitude", pa.float64())])
    return pa.Table.from_pylist(list(fixes.values()), schema)


def incident_moves(entries: list[Entry]) -> tuple[dict[str, str], set[str]]:
    """Incident merges (incident → the one it ends in) and the events split out of theirs."""
    merges = {e.key: e.after for e in entries if e.target == "incident" and e.action == "merge"}
    ends = {key: _follow(("", key), {("", k): ("", v) for k, v in merges.items()})[1] for key in merges}
    return ends, {e.after for e in entries if e.target == "incident" and e.action == "split"}


def _strings(name: str) -> pa.Schema:
    """The schema of a table of one text column."""
    return pa.schema([(name, pa.string())])


def _rename(con: DuckDBPyConnection) -> None:
    for table in CORRECTED:
        con.execute(f"ALTER VIEW {table} RENAME TO {table}_raw")


def _register(con: DuckDBPyConnection, name: str, table: pa.Table) -> None:
    """A small table of this connection (a table, not a registered view: its cursors see it too)."""
    con.register(f"_{name}_arrow", table)
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM _{name}_arrow")
    con.unregister(f"_{name}_arrow")


def _untouched(table: str) -> str:
    """The rows of ``table`` (``entities`` or ``mentions``) no entity correction touches, as stored (an
    anti-join on the name: the filters of the queries still reach the Parquet scan)."""
    return f"SELECT x.* FROM {table}_raw x ANTI JOIN entity_names n ON n.entity = x.entity"


def _renamed(table: str, unless: str = "") -> str:
    """The rows of ``table`` of the names the entity corrections touch, with the names, types and
    countries they give, rejected entities left out (``unless``: a condition on their fix that leaves
    them out here)."""
    return f"""
SELECT x.* REPLACE (coalesce(f.entity, x.entity) AS entity, coalesce(f.entity_type, x.entity_type) AS entity_type,
                    coalesce(f.country, x.country) AS country)
FROM {table}_raw x SEMI JOIN entity_names n ON n.entity = x.entity
  LEFT JOIN entity_fixes f ON f.old_type = x.entity_type AND f.old_entity = x.entity
WHERE f.rejected IS NOT TRUE {unless}"""


# the entities' rows the corrections touch, corrected; an article's rows of entities that became one
# are summed into one row, as the store has them
CORRECTED_ENTITIES_SQL = f"""{_renamed("entities", "AND f.grouped IS NOT TRUE")}
UNION ALL
SELECT x.article_id, f.entity, f.entity_type, max(coalesce(f.country, x.country)) AS country,
  max(x.weapon_type) AS weapon_type, max(x.latitude) AS latitude, max(x.longitude) AS longitude,
  CAST(sum(x.mentions) AS INTEGER) AS mentions
FROM entities_raw x JOIN entity_fixes f ON f.old_type = x.entity_type AND f.old_entity = x.entity
WHERE f.grouped AND NOT f.rejected
GROUP BY x.article_id, f.entity, f.entity_type
"""
ENTITIES_SQL = f"CREATE VIEW entities AS {_untouched('entities')} UNION ALL {CORRECTED_ENTITIES_SQL}"
MENTIONS_SQL = f"CREATE VIEW mentions AS {_untouched('mentions')} UNION ALL {_renamed('mentions')}"
EVENT_INCIDENTS_SQL = """
CREATE VIEW event_incidents AS
SELECT l.event_id, CASE WHEN s.event_id IS NOT NULL THEN l.event_id ELSE coalesce(m.into_id, l.incident_id) END
  AS incident_id
FROM event_incidents_raw l LEFT JOIN incident_splits s ON s.event_id = l.event_id
  LEFT JOIN incident_merges m ON m.incident_id = l.incident_id
"""
EVENTS_SQL = """
CREATE VIEW events AS
SELECT e.* REPLACE (
  coalesce(f.event_type, e.event_type) AS event_type, coalesce(f.date, e.date) AS date,
  coalesce(f.date_precision, e.date_precision) AS date_precision, coalesce(f.country, e.country) AS country,
  coalesce(f.weapon, w.entity, e.weapon) AS weapon, coalesce(f.location, p.entity, e.location) AS location,
  CASE WHEN f.location IS NULL THEN e.latitude ELSE f.latitude END AS latitude,
  CASE WHEN f.location IS NULL THEN e.longitude ELSE f.longitude END AS longitude)
FROM events_raw e LEFT JOIN event_fixes f ON f.event_id = e.event_id
  LEFT JOIN entity_fixes w ON w.old_type = 'WEAPON' AND w.old_entity = e.weapon AND NOT w.rejected
  LEFT JOIN entity_fixes p ON p.old_type = 'PLACE' AND p.old_entity = e.location AND NOT p.rejected
WHERE f.rejected IS NOT TRUE
"""


def _current(con: DuckDBPyConnection, entries: list[Entry]) -> list[Entry]:
    """``entries`` with the incidents they name (an incident correction's key, a merge's target) by
    their ids now. An incident's id is its first report's (``incidents.incident_id``): a later article
    that reports it earlier gives it another, and the incident that holds the report the old id
    names is the one corrected."""
    named = {e.key for e in entries if e.target == "incident"} | {
        e.after for e in entries if e.target == "incident" and e.action == "merge"}
    _register(con, "named_incidents", pa.table({"incident_id": sorted(named)}, _strings("incident_id")))
    held = {i for (i,) in con.execute("SELECT DISTINCT incident_id FROM event_incidents_raw "
                                      "SEMI JOIN named_incidents USING (incident_id)").fetchall()}
    if held == named:
        return entries
    # the ids no incident has now: each event's id as its incident's would be, for the few it finds
    now = dict(con.execute(f"SELECT named, incident_id FROM (SELECT {INCIDENT_ID_SQL} AS named, incident_id "
                           "FROM event_incidents_raw) SEMI JOIN named_incidents ON named_incidents.incident_id = "
                           "named").fetchall())
    return [replace(e, key=now.get(e.key, e.key), after=now.get(e.after, e.after) if e.action == "merge" else e.after)
            if e.target == "incident" else e for e in entries]


def _fixes(con: DuckDBPyConnection, entries: list[Entry]) -> None:
    """The small tables of ``entries`` (``FIXES``), from what the store holds of the ids and names they
    name, and the corrected ``event_incidents`` (the members of a corrected incident are read through it)."""
    entries = _current(con, entries)
    merges, splits = incident_moves(entries)
    _register(con, "incident_merges", pa.table({"incident_id": list(merges), "into_id": list(merges.values())},
                                               pa.schema([("incident_id", pa.string()), ("into_id", pa.string())])))
    _register(con, "incident_splits", pa.table({"event_id": sorted(splits)}, _strings("event_id")))
    con.execute(EVENT_INCIDENTS_SQL)
    # each table read once, through a join to the few ids and names the corrections name (a join to a
    # small table is how DuckDB skips the rest: a list of names is not)
    members: dict[str, list[str]] = {}
    _register(con, "corrected_incidents", pa.table({"incident_id": sorted(
        {e.key for e in entries if e.target == "incident" and e.action in EVENT_ACTIONS})}, _strings("incident_id")))
    for event_id, incident_id in con.execute("SELECT event_id, incident_id FROM event_incidents "
                                             "SEMI JOIN corrected_incidents USING (incident_id)").fetchall():
        members.setdefault(incident_id, []).append(event_id)
    located = {e.after for e in entries if e.action == "location"}
    ends = {end[1] for end in entity_moves(entries).values()}
    _register(con, "named", pa.table({"entity": sorted(located | ends)}, _strings("entity")))
    found = con.execute("SELECT entity_type, entity, any_value(latitude), any_value(longitude) FROM entities_raw "
                        "SEMI JOIN named USING (entity) GROUP BY entity_type, entity").fetchall()
    places = {name: (lat, lon) for kind, name, lat, lon in found if kind == "PLACE" and lat is not None}
    fixes = entity_fixes(entries, {(kind, name) for kind, name, _, _ in found})
    _register(con, "entity_fixes", fixes)
    _register(con, "entity_names", pa.table({"entity": sorted(set(fixes.column("old_entity").to_pylist()))},
                                            _strings("entity")))
    _register(con, "event_fixes", event_fixes(entries, members, places))


def apply(con: DuckDBPyConnection) -> None:
    """Put the corrections of the snapshot ``con`` reads between its stored tables and every query:
    as the snapshot publishes them applied (``published``), else computed from its log and rows."""
    stored = con.execute("SELECT name, data FROM corrections_applied").fetchall()
    if stored:
        _rename(con)
        for name, data in stored:
            _register(con, name, pa.ipc.open_stream(data).read_all())
        for table in PUBLISHED:
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM corrected_{table}")
        con.execute(MENTIONS_SQL)
        return
    entries = active(con.sql("SELECT * FROM corrections").to_arrow_table().to_pylist())
    if not entries:
        return
    _rename(con)
    _fixes(con, entries)
    for sql in (ENTITIES_SQL, MENTIONS_SQL, EVENTS_SQL):
        con.execute(sql)


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def published(con: DuckDBPyConnection) -> dict[str, pa.Table | pa.RecordBatchReader]:
    """The corrections ``con`` computed from its log and rows, as a publish stores them with the
    snapshot (none when it applies none, or read them stored): the ``PUBLISHED`` tables corrected in
    full, and the small tables the mentions are read through (``corrections_applied``). Its readers
    then read corrected rows as they read stored ones: they neither compute the corrections when
    they open it nor join every row to them in every query (which made a page's queries 1.75 times
    as long at a million articles, the entities' 4 to 6 times: ``benchmarks/corrections.py``)."""
    computed = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "entity_fixes" not in computed or con.execute("SELECT count(*) FROM corrections_applied").fetchall()[0][0]:
        return {}
    applied = pa.table({"name": list(FIXES), "data": [_ipc(con.table(name).to_arrow_table()) for name in FIXES]},
                       APPLIED)
    return {"corrections_applied": applied, **{f"corrected_{table}": con.cursor().sql(
        f"SELECT * FROM {table} {order}").to_arrow_reader(BATCH_ROWS) for table, order in PUBLISHED.items()}}
