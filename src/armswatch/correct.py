"""The analyst's corrections, recorded: checked against the store, appended to its log, published.

Every change goes through ``correct`` (or ``undo``, ``import_log``): the value before is read from
the store as the analyst sees it (corrections applied), the entry is appended to the ``corrections``
table in one publish, and the dashboard's first screens are published again for the new content.
``armswatch.corrections`` applies the log to every query.
"""

import csv
import getpass
import json
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from hashlib import sha256
from pathlib import Path
from typing import TextIO

import pandas as pd
import pyarrow as pa
from duckdb import DuckDBPyConnection

from armswatch import views
from armswatch.corrections import ENTITY_ACTIONS, EVENT_ACTIONS, EVENT_FIELDS, INCIDENT_ACTIONS, active
from armswatch.errors import ArmswatchError
from armswatch.events.patterns import EVENT_TYPES
from armswatch.gazetteer import ENTITY_FILES, USER_GAZETTEER
from armswatch.queries.entities import ENTITY_TYPES
from armswatch.schema import CORRECTIONS
from armswatch.settings import gazetteer_path
from armswatch.store import Store

ACTIONS = {"entity": ENTITY_ACTIONS, "event": EVENT_ACTIONS, "incident": INCIDENT_ACTIONS}
MAX_VALUE = 200  # characters of a name or value: a name longer than this is a paste gone wrong
MAX_NOTE = 2000
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
TOLD = "event_type || ' ' || coalesce(nullif(date, ''), '?') || ': ' || left(sentence, 160)"  # an event, in a line


def system_user() -> str:
    """Who corrects when nobody is signed in: the account running Arms Watch."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "system"


def _value(action: str, value: str) -> str:
    """The value a correction sets, checked and normalised (E314 when it cannot be)."""
    value = " ".join(str(value).split())
    if action == "reject":
        return ""
    if not value or len(value) > MAX_VALUE:
        raise ArmswatchError("E314", action=action, value=value[:MAX_VALUE], detail=f"1 to {MAX_VALUE} characters")
    if action == "type" and value not in EVENT_TYPES:
        raise ArmswatchError("E314", action=action, value=value, detail="one of " + ", ".join(EVENT_TYPES))
    if action == "set_type" and value not in ENTITY_TYPES:
        raise ArmswatchError("E314", action=action, value=value, detail="one of " + ", ".join(ENTITY_TYPES))
    if action == "country":
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            raise ArmswatchError("E314", action=action, value=value, detail="a two-letter ISO code such as KP")
        return value.upper()
    if action == "date":
        try:
            if not DATE.fullmatch(value):
                raise ValueError
            date.fromisoformat((value + "-01-01")[:10])  # a year or a month: its first day must exist
        except ValueError:
            raise ArmswatchError("E314", action=action, value=value, detail="YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


def _entity_before(con: DuckDBPyConnection, entity_type: str, name: str, action: str) -> str:
    found = con.execute("SELECT count(*), max(country) FROM entities WHERE entity_type = ? AND entity = ?",
                        [entity_type, name]).fetchone()
    if not found[0]:
        raise ArmswatchError("E311", target=f"entity {entity_type} '{name}'")
    return {"rename": name, "merge": name, "set_type": entity_type, "country": found[1] or ""}.get(action, "")


def _event_before(con: DuckDBPyConnection, event_id: str, action: str) -> str:
    """The field's value; for a rejection, what the event said (so that the log reads without the store)."""
    column = EVENT_FIELDS.get(action, "event_id")
    found = con.execute(f'SELECT "{column}", {TOLD} FROM events WHERE event_id = ?', [event_id]).fetchone()
    if found is None:
        raise ArmswatchError("E311", target=f"event '{event_id}'")
    return str(found[1] if action == "reject" else found[0] or "")


def _reports(con: DuckDBPyConnection, incident_id: str) -> list[str]:
    """The events of an incident (an event never linked is an incident of its own)."""
    return [row[0] for row in con.execute(
        "SELECT e.event_id FROM events e LEFT JOIN event_incidents l USING (event_id) "
        "WHERE coalesce(l.incident_id, e.event_id) = ? ORDER BY e.event_id", [incident_id]).fetchall()]


def _incident_before(con: DuckDBPyConnection, incident_id: str, action: str, value: str) -> str:
    reports = _reports(con, incident_id)
    if not reports:
        raise ArmswatchError("E311", target=f"incident '{incident_id}'")
    if action == "split" and value not in reports:
        raise ArmswatchError("E314", action=action, value=value, detail=f"a report of incident {incident_id}")
    if action == "split" and len(reports) == 1:
        raise ArmswatchError("E314", action=action, value=value, detail="an incident of more than one report")
    if action == "merge" and (value == incident_id or not _reports(con, value)):
        raise ArmswatchError("E311", target=f"incident '{value}' (to merge into)")
    if action in EVENT_FIELDS:
        values = {str(v or "") for (v,) in con.execute(
            f'SELECT DISTINCT "{EVENT_FIELDS[action]}" FROM events WHERE list_contains(?, event_id)',
            [reports]).fetchall()}
        return " | ".join(sorted(values))
    return incident_id if action == "merge" else ""


def _entry(target: str, key: str, action: str, after: str, before: str, *, entity_type: str = "", note: str = "",
           user: str | None = None, undoes: str = "", made_at: datetime | None = None) -> dict:
    made_at = made_at or datetime.now(UTC).replace(microsecond=0)
    row = {"made_at": made_at, "made_by": user or system_user(), "target": target, "entity_type": entity_type,
           "key": key, "action": action, "before": before, "after": after, "note": str(note)[:MAX_NOTE],
           "undoes": undoes}
    digest = sha256(json.dumps({k: str(v) for k, v in row.items()}, sort_keys=True).encode()).hexdigest()
    return {"correction_id": "c" + digest[:12], **row}


def _publish(store: Store, rows: list[dict]) -> None:
    with store.writer() as writer:
        writer.append({"corrections": pa.Table.from_pylist(rows, CORRECTIONS)})
        views.publish(writer)  # the first screens, now corrected


def correct(store: Store, target: str, key: str, action: str, value: str = "", *, entity_type: str = "",
            note: str = "", user: str | None = None) -> dict:
    """Record one correction (``target`` entity, event or incident; an entity is its type and name)
    and return its log entry. Unknown things are refused with E311, bad values with E314."""
    if action not in ACTIONS.get(target, ()):
        raise ArmswatchError("E314", action=action, value=target,
                             detail="one of " + ", ".join(ACTIONS.get(target, ("entity", "event", "incident"))))
    after = _value(action, value)
    con = store.snapshot().connect()
    if target == "entity":
        before = _entity_before(con, entity_type, key, action)
        if action == "merge":
            if after == key:
                raise ArmswatchError("E314", action=action, value=after, detail="another entity of its type")
            _entity_before(con, entity_type, after, action)  # into an entity the store has
    elif target == "event":
        before = _event_before(con, key, action)
    else:
        before = _incident_before(con, key, action, after)
    row = _entry(target, key, action, after, before, entity_type=entity_type, note=note, user=user)
    _publish(store, [row])
    return row


def _rows(store: Store) -> list[dict]:
    return store.snapshot().connect().sql("SELECT * FROM corrections").to_arrow_table().to_pylist()


def undo(store: Store, correction_id: str, *, note: str = "", user: str | None = None) -> dict:
    """Undo one correction (itself an entry of the log); E315 when there is none such to undo."""
    rows = _rows(store)
    undone = {row["undoes"] for row in rows if row["action"] == "undo"}
    found = next((row for row in rows if row["correction_id"] == correction_id), None)
    if found is None or found["action"] == "undo" or correction_id in undone:
        why = "no such correction" if found is None else "an undo" if found["action"] == "undo" else "already undone"
        raise ArmswatchError("E315", id=correction_id, detail=why)
    row = _entry(found["target"], found["key"], "undo", found["before"], found["after"],
                 entity_type=found["entity_type"], note=note, user=user, undoes=correction_id)
    _publish(store, [row])
    return row


def log(store: Store) -> pd.DataFrame:
    """Every entry, newest first, with its status: active, replaced (by a later one of its kind),
    undone, or undo."""
    rows = _rows(store)
    frame = pd.DataFrame(rows, columns=CORRECTIONS.names)
    undone = {row["undoes"] for row in rows if row["action"] == "undo"}
    counting = {(e.target, e.entity_type, e.key, e.action, e.after) for e in active(rows)}

    def status(row: dict) -> str:
        if row["action"] == "undo":
            return "undo"
        if row["correction_id"] in undone:
            return "undone"
        kind = (row["target"], row["entity_type"], row["key"], row["action"], row["after"])
        return "active" if kind in counting else "replaced"

    frame.insert(1, "status", [status(row) for row in rows])
    frame["made_at"] = frame["made_at"].map(lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ") if pd.notna(t) else "")
    return frame.iloc[::-1].reset_index(drop=True)


def log_lines(store: Store) -> str:
    """The log as JSON Lines, in the order it was made (lossless, for ``import_lines`` into another store)."""
    return "".join(json.dumps({**row, "made_at": row["made_at"].strftime("%Y-%m-%dT%H:%M:%SZ")},
                              ensure_ascii=False) + "\n" for row in _rows(store))


def export_log(store: Store, out: TextIO) -> int:
    """Write ``log_lines`` to ``out``; the number of entries written."""
    lines = log_lines(store)
    out.write(lines)
    return lines.count("\n")


def _imported(lines: Iterable[str], path: Path | str) -> list[dict]:
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            entry = {name: str(row.get(name) or "") for name in CORRECTIONS.names}
            entry["made_at"] = datetime.strptime(entry["made_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            if entry["action"] != "undo" and entry["action"] not in ACTIONS.get(entry["target"], ()):
                raise ValueError(f"unknown correction {entry['target']} {entry['action']}")
            if not re.fullmatch(r"c[0-9a-f]{12}", entry["correction_id"]):
                raise ValueError(f"not a correction id: {entry['correction_id']!r}")
        except (ValueError, TypeError, AttributeError) as exc:
            raise ArmswatchError("E316", path=path, line=number, detail=exc) from None
        rows.append(entry)
    return rows


def import_log(store: Store, path: Path) -> tuple[int, int]:
    """``import_lines`` of a file ``export_log`` wrote."""
    try:
        with Path(path).open(encoding="utf-8") as lines:
            return import_lines(store, list(lines), path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ArmswatchError("E316", path=path, line=0, detail=exc) from None


def import_lines(store: Store, lines: Iterable[str], name: Path | str) -> tuple[int, int]:
    """Append the entries of ``log_lines`` (from the file ``name``) that the store does not hold yet
    (by id, so importing twice changes nothing): (added, already held). A bad line refuses them all (E316)."""
    rows = _imported(lines, name)
    held = {row["correction_id"] for row in _rows(store)}
    new = [row for row in rows if row["correction_id"] not in held]
    new = list({row["correction_id"]: row for row in new}.values())
    if new:
        _publish(store, new)
    return len(new), len(rows) - len(new)


def promote(store: Store, correction_id: str) -> tuple[Path, dict[str, str]]:
    """Write an active entity correction as a line of the store's own gazetteer (``USER_GAZETTEER``),
    so that the next ingest extracts the entity as corrected (the shipped ``data/gazetteer`` stays as
    it is): a rename or merge as the right name with the old one as its alias, a type or a country as
    a line of that file, a rejection as a phrase that is not an entity. The file and the line written."""
    rows = _rows(store)
    found = next((row for row in rows if row["correction_id"] == correction_id), None)
    counting = {(e.target, e.entity_type, e.key, e.action, e.after) for e in active(rows)}
    if found is None or (found["target"], found["entity_type"], found["key"], found["action"],
                         found["after"]) not in counting:
        raise ArmswatchError("E317", id=correction_id, detail="no active correction with this id")
    entity_type, name, action, after = found["entity_type"], found["key"], found["action"], found["after"]
    if found["target"] != "entity":
        raise ArmswatchError("E317", id=correction_id, detail="only an entity's correction names what to extract")
    if action == "reject":
        reason = found["note"] or f"rejected by {found['made_by']}"
        filename, line = "not_entities.csv", {"phrase": name, "reason": reason}
    else:
        kind = after if action == "set_type" else entity_type
        if kind not in ENTITY_FILES:
            raise ArmswatchError("E317", id=correction_id,
                                 detail=f"a {kind} is not promoted: edit data/gazetteer (its README says how)")
        filename = ENTITY_FILES[kind]
        line = ({"name": after, "aliases": name} if action in ("rename", "merge") else
                {"name": name, "aliases": "", **({"country": after} if action == "country" else {})})
    path = store.root / USER_GAZETTEER / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    with (gazetteer_path() / filename).open(encoding="utf-8-sig", newline="") as shipped:
        columns = next(csv.reader(shipped))  # the user's file has the shipped file's columns
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, columns, restval="", extrasaction="ignore")
        if new:
            writer.writeheader()
        writer.writerow(line)
    return path, line
