"""The reference check: North Korea's missile-test incidents against the CNS missile test record.

The record is ``data/reference/cns_missile_tests.csv`` (facts of the CNS North Korea Missile Test
Database, Apache-2.0, made by ``scripts/build_reference.py``), or the newer export an analyst
imported into the store (``python -m armswatch reference import FILE``), which takes precedence.

A reference test is the missiles the record lists on one day of one designation (a salvo of six
KN-25s is one test). Each North Korean missile-test incident dated to the day is:

- ``matched`` to a reference test one day or less away (the record's dates are mostly UTC, a
  morning launch in Korea is filed the day before), of a class its weapon type allows (an
  incident typed only "missile" or "ballistic missile" allows any, as does a test the record
  calls "Unknown"; an SLV is a satellite launch);
  among several, the nearest day, then the one launched from nearest the incident's place;
- or ``not in reference``; one the record cannot hold (a cruise missile, an artillery rocket, a
  drone: it lists ballistic missiles and space launchers) is ``outside the record``.

A reference test inside the period the store's articles cover (first to last publication) that
no incident matched is ``not covered``.
"""

import csv
import math
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path
from typing import TextIO

import pandas as pd

from armswatch.errors import ArmswatchError
from armswatch.settings import DATA_DIR
from armswatch.store import Store

COLUMNS = ("date", "time_utc", "missile", "missile_class", "facility", "latitude", "longitude", "apogee_km",
           "distance_km", "outcome")
REQUIRED = ("date", "missile", "missile_class")
# an analyst's export may name the columns as the CNS database does
ALIASES = {"missile name": "missile", "missile type": "missile_class", "class": "missile_class",
           "launch time (utc)": "time_utc", "launch time": "time_utc", "facility name": "facility",
           "launch facility": "facility", "launch site": "facility", "apogee": "apogee_km",
           "distance travelled": "distance_km", "distance traveled": "distance_km", "distance": "distance_km",
           "test outcome": "outcome", "lat": "latitude", "lon": "longitude", "long": "longitude"}
SHIPPED = DATA_DIR / "reference" / "cns_missile_tests.csv"
IMPORTED = Path("reference") / "cns_missile_tests.csv"  # in the store
# the incident weapon types each class of the record allows
CLASS_TYPES = {"SRBM": {"srbm", "hypersonic"}, "MRBM": {"irbm", "srbm", "hypersonic"},
               "IRBM": {"irbm", "hypersonic"}, "ICBM": {"icbm"}, "SLBM": {"slbm"},
               "HGV": {"hypersonic", "irbm"}, "SLV": {"satellite"}, "CRUISE": {"cruise_missile"}}
ANY_CLASS = {"", "missile", "ballistic_missile"}
# what the record leaves out: it lists ballistic missiles and space launchers only
OUTSIDE = {"cruise_missile", "artillery", "drone", "other"}
LINK_DAYS = 1
DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?(?:[ T].*)?$")


@dataclass(frozen=True, slots=True)
class ReferenceTest:
    date: date
    missile: str
    missile_class: str
    facility: str
    latitude: float | None
    longitude: float | None
    missiles: int
    apogee_km: str
    distance_km: str
    outcome: str

    @property
    def label(self) -> str:
        return f"{self.date.isoformat()} {self.missile} ({self.missile_class})"


def reference_frame(tests: list[ReferenceTest]) -> pd.DataFrame:
    """The tests as a table (the columns of ``ReferenceTest``), in date order."""
    return pd.DataFrame([asdict(t) for t in sorted(tests, key=lambda t: t.date)],
                        columns=[f.name for f in fields(ReferenceTest)])


def reference_path(store_root: Path | None = None) -> Path:
    """The record in use: the store's imported one, else the shipped one."""
    imported = store_root / IMPORTED if store_root else None
    return imported if imported is not None and imported.exists() else SHIPPED


def _header(names: list[str]) -> list[str]:
    return [ALIASES.get(n.strip().lower(), n.strip().lower()) for n in names]


def _rows(path: Path) -> list[dict[str, str]]:
    """The record's rows with the project's column names; E307 when it cannot be one."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = _header(next(reader, []))
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise ArmswatchError("E307", path=path, detail=f"no column {', '.join(missing)} (has: "
                                                                f"{', '.join(header) or 'nothing'})")
            rows = [dict(zip(header, row, strict=False)) for row in reader if any(cell.strip() for cell in row)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ArmswatchError("E307", path=path, detail=exc) from exc
    for line, row in enumerate(rows, start=2):
        if not DATE.match(row["date"].strip()):
            raise ArmswatchError("E307", path=path, detail=f"line {line}: date {row['date']!r} is not "
                                                            "YYYY-MM-DD (or YYYY-MM)")
    return rows


def load_reference(store_root: Path | None = None) -> list[ReferenceTest]:
    """The reference tests: the record's rows grouped by day and designation."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in _rows(reference_path(store_root)):
        if len(row["date"].strip()) >= 10:  # a test the record dates to the month only cannot be matched
            groups[(row["date"].strip()[:10], row["missile"].strip())].append(row)
    tests = []
    for (day, missile), rows in sorted(groups.items()):
        first = rows[0]
        tests.append(ReferenceTest(date.fromisoformat(day), missile, first["missile_class"].strip().upper(),
                                   first.get("facility", "").strip(), _float(first.get("latitude")),
                                   _float(first.get("longitude")), len(rows), first.get("apogee_km", "").strip(),
                                   first.get("distance_km", "").strip(), first.get("outcome", "").strip()))
    return tests


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def import_reference(source: Path, store_root: Path) -> int:
    """Check an analyst's export of the record and keep it in the store (the shipped copy stays as
    it is); returns the number of rows. Importing the same file twice changes nothing."""
    rows = _rows(source)
    target = store_root / IMPORTED
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: row.get(c, "").strip() for c in COLUMNS} for row in rows)
    tmp.replace(target)
    return len(rows)


@dataclass(frozen=True, slots=True)
class Incident:
    """What the check reads of an incident."""

    incident_id: str
    event_type: str
    date: str
    date_precision: str
    country: str
    weapon_type: str
    latitude: float | None = None
    longitude: float | None = None


def checked(incident: Incident) -> bool:
    """Whether the record can say anything of this incident: North Korea's launches, dated to the day."""
    return (incident.country == "KP" and incident.event_type in {"missile_test", "satellite_launch"}
            and incident.date_precision == "day" and len(incident.date) == 10)


def _allows(incident: Incident, test: ReferenceTest) -> bool:
    if test.missile_class == "UNKNOWN":  # the record does not know what flew
        return True
    if (incident.event_type == "satellite_launch") != (test.missile_class == "SLV"):
        return False
    kind = incident.weapon_type or ""
    return kind in ANY_CLASS or kind in CLASS_TYPES.get(test.missile_class, {kind})


def _km(incident: Incident, test: ReferenceTest) -> float:
    if None in (incident.latitude, incident.longitude, test.latitude, test.longitude):
        return math.inf
    dy = math.radians(test.latitude - incident.latitude)
    dx = math.radians(test.longitude - incident.longitude) * math.cos(math.radians(incident.latitude))
    return 6371 * math.hypot(dx, dy)


def match(incident: Incident, tests: list[ReferenceTest]) -> ReferenceTest | None:
    """The reference test an incident is, or None."""
    day = date.fromisoformat(incident.date)
    near = [t for t in tests if abs((day - t.date).days) <= LINK_DAYS and _allows(incident, t)]
    return min(near, key=lambda t: (abs((day - t.date).days), (day - t.date).days < 0, _km(incident, t),
                                    t.missile), default=None)


def status(incident: Incident, tests: list[ReferenceTest]) -> tuple[str, ReferenceTest | None]:
    """What the record says of an incident: ("matched", test), ("not in reference", None),
    ("outside the record", None), or ("", None) when it cannot say (not a North Korean launch
    dated to the day)."""
    if not checked(incident):
        return "", None
    if incident.event_type == "missile_test" and incident.weapon_type in OUTSIDE:
        return "outside the record", None
    test = match(incident, tests)
    return ("matched", test) if test else ("not in reference", None)


@dataclass(frozen=True, slots=True)
class Check:
    matched: list[tuple[Incident, ReferenceTest]]
    not_in_reference: list[Incident]
    outside: list[Incident]
    not_covered: list[ReferenceTest]


def check(incidents: list[Incident], tests: list[ReferenceTest], first: date | None, last: date | None) -> Check:
    """Every checkable incident by what the record says of it, and the reference tests inside
    ``first``..``last`` (the period the articles cover) that no incident matched."""
    found: dict[str, list] = defaultdict(list)
    for incident in sorted(incidents, key=lambda i: (i.date, i.incident_id)):
        said, test = status(incident, tests)
        if said:
            found[said].append((incident, test) if test else incident)
    matched = {id(t) for _, t in found["matched"]}
    uncovered = [t for t in tests if id(t) not in matched and first is not None and last is not None
                 and first <= t.date <= last]
    return Check(found["matched"], found["not in reference"], found["outside the record"], uncovered)


CHECK_COLUMNS = ("status", "incident_id", "date", "event_type", "weapon_type", "weapon", "location", "reports",
                 "sources", "reference_date", "reference_missile", "reference_class", "reference_facility",
                 "missiles", "apogee_km", "distance_km", "outcome")


def check_rows(store: Store) -> list[dict[str, object]]:
    """The check over a store's incidents, one row each (``CHECK_COLUMNS``): matched, not in
    reference, then the reference tests of the covered period no incident matched."""
    from armswatch.export import incidents_sql

    con = store.snapshot().connect()
    # only incidents ``checked`` may keep: one of their reports is a North Korean launch
    launches = ("SELECT coalesce(l.incident_id, e.event_id) FROM events e LEFT JOIN event_incidents l USING (event_id) "
                "WHERE e.country = 'KP' AND e.event_type IN ('missile_test', 'satellite_launch')")
    cursor = con.execute(incidents_sql(f"coalesce(l.incident_id, t.event_id) IN ({launches})"))
    names = [d[0] for d in cursor.description]
    incidents = [{n: "" if v is None else v for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()]
    first, last = con.execute("SELECT min(published), max(published) FROM articles").fetchone()
    by_id = {row["incident_id"]: row for row in incidents}
    result = check([Incident(r["incident_id"], r["event_type"], r["date"], r["date_precision"], r["country"],
                             r["weapon_type"], r["latitude"] or None, r["longitude"] or None) for r in incidents],
                   load_reference(store.root), first, last)

    def row(status: str, incident: Incident | None, test: ReferenceTest | None) -> dict[str, object]:
        found = by_id[incident.incident_id] if incident else {}
        told = {"reference_date": test.date.isoformat(), "reference_missile": test.missile,
                "reference_class": test.missile_class, "reference_facility": test.facility,
                "missiles": test.missiles, "apogee_km": test.apogee_km, "distance_km": test.distance_km,
                "outcome": test.outcome} if test else {}
        # absent: None, not "" (an empty CSV cell all the same), so that a column of numbers stays one
        return {"status": status, **{c: found.get(c) for c in CHECK_COLUMNS[1:9]},
                **{c: told.get(c) for c in CHECK_COLUMNS[9:]}}

    return ([row("matched", i, t) for i, t in result.matched]
            + [row("not in reference", i, None) for i in result.not_in_reference]
            + [row("outside the record", i, None) for i in result.outside]
            + [row("not covered", None, t) for t in result.not_covered])


def write_check(store: Store, out: TextIO) -> int:
    """The check as CSV; returns the number of rows."""
    rows = check_rows(store)
    writer = csv.DictWriter(out, fieldnames=CHECK_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)
