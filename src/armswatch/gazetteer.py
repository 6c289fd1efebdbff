"""The domain gazetteer: typed entries loaded from the CSV files in ``data/gazetteer/``.

The files and their columns are documented in ``data/gazetteer/README.md``; an analyst
extends Arms Watch by adding lines there, not by changing code.
"""

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from armswatch.errors import ArmswatchError
from armswatch.settings import gazetteer_path

WEAPON_TYPES = (
    "icbm", "irbm", "srbm", "slbm", "cruise_missile", "hypersonic", "ballistic_missile", "missile",
    "artillery", "submarine", "warship", "satellite", "nuclear_weapon", "drone", "air_defense", "other",
)  # fmt: skip


USER_GAZETTEER = "gazetteer"  # in a store: the lines analysts promoted from their corrections
# the files an entity of each type is promoted to (the others are edited in data/gazetteer)
ENTITY_FILES = {"PERSON": "people.csv", "ORG": "organisations.csv", "PLACE": "places.csv", "WEAPON": "weapons.csv"}


@dataclass(frozen=True, slots=True)
class Entry:
    """A canonical entity and the names that denote it."""

    name: str
    entity_type: str  # COUNTRY, PLACE, WEAPON, ORG, PERSON, EXERCISE, WEAPON_TYPE, or STOP (never an entity)
    aliases: tuple[str, ...]
    country: str = ""
    weapon_type: str = ""
    latitude: float | None = None
    longitude: float | None = None
    kind: str = ""


@dataclass(frozen=True, slots=True)
class NameHead:
    """A word that ends (or starts) a proper name and gives its type: "Factory" a place's, "Committee" an
    organisation's, "Mt" a place's; NONE for names that are occasions, not entities ("... Contest")."""

    word: str
    lang: str
    entity_type: str  # PLACE, ORG or NONE
    plural: str = ""  # "counties": "Jonchon and Songgan counties" are Jonchon County and Songgan County
    position: str = "end"  # "start" for a word that leads the name: "Mt Chilbo"


@dataclass(slots=True)
class Gazetteer:
    entries: list[Entry] = field(default_factory=list)
    heads: list[NameHead] = field(default_factory=list)
    surnames: frozenset[str] = frozenset()  # Korean family names: "Pak Mi Song" is a person, whatever the model says
    titles: frozenset[str] = frozenset()  # words before a person's name, not part of it: "Premier", "King"
    vessels: frozenset[str] = frozenset()  # nouns before a ship's name: "the oil tanker St Nikolas"

    def lookup(self) -> dict[tuple[str, str], Entry]:
        """(entity_type, name) → entry."""
        return {(e.entity_type, e.name): e for e in self.entries}


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (value or "").split("|") if a.strip())


def _coordinate(row: dict, column: str, limit: float, path: Path, line: int) -> float | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ArmswatchError("E301", path=path, line=line, detail=f"{column} {value!r} is not a number") from None
    if not -limit <= number <= limit:
        raise ArmswatchError("E301", path=path, line=line, detail=f"{column} {number} is out of range")
    return number


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    """The non-blank rows of one gazetteer file (a file that is not there has none)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ArmswatchError("E301", path=path, line=1, detail=f"missing columns {missing}")
        return [(reader.line_num, row) for row in reader if any((v or "").strip() for v in row.values())]


def _entry(row: dict, entity_type: str, path: Path, line: int, *names: str) -> Entry:
    name = (row.get("name") or "").strip()
    if not name:
        raise ArmswatchError("E301", path=path, line=line, detail="empty name")
    weapon_type = (row.get("weapon_type") or "").strip()
    if weapon_type and weapon_type not in WEAPON_TYPES:
        raise ArmswatchError("E301", path=path, line=line, detail=f"unknown weapon_type {weapon_type!r}")
    return Entry(
        name=name,
        entity_type=entity_type,
        aliases=tuple(dict.fromkeys((name, *names, *_split(row.get("aliases"))))),
        country=(row.get("country") or row.get("code") or "").strip().upper(),
        weapon_type=weapon_type,
        latitude=_coordinate(row, "latitude", 90, path, line),
        longitude=_coordinate(row, "longitude", 180, path, line),
        kind=(row.get("kind") or "").strip(),
    )


def with_user(folder: str | None, store_root: Path) -> str | None:
    """The gazetteer an ingest into the store at ``store_root`` reads: ``folder`` (the shipped one when
    None), then the store's own (``USER_GAZETTEER``: the corrections analysts promoted), when it has one."""
    user = Path(store_root) / USER_GAZETTEER
    if not any(user.glob("*.csv")):
        return folder
    return f"{folder or gazetteer_path()}{os.pathsep}{user}"


def _named(folder: Path) -> list[Entry]:
    """The entries of a folder's files of names: places, weapons, organisations, people, exercises."""
    entries = []
    named = (("places.csv", "PLACE"), ("weapons.csv", "WEAPON"), ("organisations.csv", "ORG"),
             ("people.csv", "PERSON"), ("exercises.csv", "EXERCISE"))
    for filename, entity_type in named:
        for line, row in _rows(folder / filename, ("name", "aliases")):
            entries.append(_entry(row, entity_type, folder / filename, line))
    return entries


def _not_entities(folder: Path) -> list[Entry]:
    return [Entry(row["phrase"].strip(), "STOP", (row["phrase"].strip(),))
            for _, row in _rows(folder / "not_entities.csv", ("phrase", "reason"))]


def load_gazetteer(folder: Path | None = None) -> Gazetteer:
    """All entries of the gazetteer folder; a malformed line raises E301 naming file and line. The
    folder may be followed by others, separated by ``os.pathsep`` as in PATH (``with_user``): their
    names and phrases that are not entities come first, so that where one of them and the folder
    give the same name, theirs is taken (the first entry to claim a name keeps it)."""
    folder, *added = [Path(part) for part in str(folder or gazetteer_path()).split(os.pathsep) if part]
    if not folder.is_dir():
        raise ArmswatchError("E305", path=folder)
    entries: list[Entry] = [entry for source in added for entry in (*_not_entities(source), *_named(source))]
    for line, row in _rows(folder / "countries.csv", ("code", "name", "name_fr", "aliases")):
        entries.append(_entry(row, "COUNTRY", folder / "countries.csv", line, row["name_fr"].strip()))
    entries += _named(folder)
    path = folder / "weapon_types.csv"
    for line, row in _rows(path, ("weapon_type", "lang", "phrases")):
        weapon_type = row["weapon_type"].strip()
        if weapon_type not in WEAPON_TYPES:
            raise ArmswatchError("E301", path=path, line=line, detail=f"unknown weapon_type {weapon_type!r}")
        entries.append(Entry(weapon_type, "WEAPON_TYPE", _split(row["phrases"]), weapon_type=weapon_type))
    entries += _not_entities(folder)
    heads = []
    path = folder / "name_heads.csv"
    for line, row in _rows(path, ("word", "lang", "entity_type")):
        entity_type, position = row["entity_type"].strip(), (row.get("position") or "end").strip()
        if entity_type not in ("PLACE", "ORG", "NONE") or position not in ("start", "end"):
            raise ArmswatchError("E301", path=path, line=line,
                                 detail=f"entity_type {entity_type!r} (PLACE, ORG or NONE), position {position!r}")
        heads.append(NameHead(row["word"].strip(), row["lang"].strip(), entity_type,
                              (row.get("plural") or "").strip(), position))
    surnames = frozenset(row["surname"].strip() for _, row in _rows(folder / "surnames.csv", ("surname",)))
    cues = [(row["word"].strip(), row["role"].strip()) for _, row in _rows(folder / "name_cues.csv", ("word", "role"))]
    return Gazetteer(entries, heads, surnames, frozenset(w for w, r in cues if r == "title"),
                     frozenset(w for w, r in cues if r == "vessel"))
