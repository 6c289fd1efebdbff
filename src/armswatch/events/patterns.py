"""Loading the event pattern files of ``data/events/`` (documented in its README)."""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from armswatch.errors import ArmswatchError
from armswatch.settings import DATA_DIR
from armswatch.textnorm import fold

EVENT_TYPES = ("missile_test", "weapons_announcement", "production", "nuclear_test", "satellite_launch",
               "deployment", "arms_transfer", "sanctions", "exercise")


@dataclass(frozen=True, slots=True)
class TriggerRule:
    event_type: str
    lang: str
    requires: frozenset[str]  # weapon types, @ENTITY_TYPEs, =words; empty: nothing required
    scope: str  # where the requirement is looked for: "sentence", or "phrase" (the trigger's phrase and head)


def events_path() -> Path:
    return DATA_DIR / "events"


def _read(path: Path) -> list[tuple[int, dict]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return [(reader.line_num, row) for row in reader]


def load_triggers(folder: Path | None = None) -> list[tuple[str, TriggerRule]]:
    """(phrase, rule) pairs in file order; E301 names the file and line of a bad row."""
    path = (folder or events_path()) / "triggers.csv"
    pairs = []
    for line, row in _read(path):
        event_type = (row.get("event_type") or "").strip()
        if event_type not in EVENT_TYPES:
            raise ArmswatchError("E301", path=path, line=line, detail=f"unknown event_type {event_type!r}")
        requires = frozenset(r.strip() for r in (row.get("requires") or "").split("|") if r.strip())
        scope = (row.get("scope") or "sentence").strip()
        if scope not in {"sentence", "phrase"}:
            raise ArmswatchError("E301", path=path, line=line, detail=f"scope {scope!r} is not sentence or phrase")
        rule = TriggerRule(event_type, (row.get("lang") or "").strip(), requires, scope)
        pairs += [(p.strip(), rule) for p in (row.get("phrases") or "").split("|") if p.strip()]
    return pairs


@lru_cache(maxsize=1)
def load_cues(folder: Path | None = None) -> tuple[tuple[str, str, str], ...]:
    """(lang, cue, kind) rows of ``modality.csv``."""
    path = (folder or events_path()) / "modality.csv"
    return tuple(((row.get("lang") or "").strip(), (row.get("cue") or "").strip(), (row.get("kind") or "").strip())
                 for _, row in _read(path) if (row.get("cue") or "").strip())


@lru_cache(maxsize=4)
def load_figure_cues(folder: Path | None = None) -> tuple[tuple[str, str, str], ...]:
    """(kind, lang, cue) rows of ``figures.csv``: the words before a range or an apogee."""
    path = (folder or events_path()) / "figures.csv"
    return tuple(((row.get("kind") or "").strip(), (row.get("lang") or "").strip(), (row.get("cue") or "").strip())
                 for _, row in _read(path) if (row.get("cue") or "").strip())


@lru_cache(maxsize=1)
def load_report_lags(folder: Path | None = None) -> dict[str, int]:
    """Folded source name → days between an undated event and its report (``report_lag.csv``)."""
    path = (folder or events_path()) / "report_lag.csv"
    if not path.exists():
        return {}
    lags = {}
    for line, row in _read(path):
        try:
            lags[(row.get("source") or "").strip().casefold()] = int(row.get("days") or 0)
        except ValueError:
            detail = f"days {row.get('days')!r} is not a number"
            raise ArmswatchError("E301", path=path, line=line, detail=detail) from None
    return lags


@lru_cache(maxsize=4)
def report_verbs(lang: str) -> frozenset[str]:
    """Folded forms of the verbs that report an event (``report`` cues of modality.csv)."""
    return frozenset(fold(cue) for cue_lang, cue, kind in load_cues() if cue_lang == lang and kind == "report")


@lru_cache(maxsize=4)
def modal_words(lang: str) -> frozenset[str]:
    """Folded forms of the words that make a verb's act uncertain or still to come (``hedge`` and
    ``plan`` cues of modality.csv: "would", "will", "pourrait", "va")."""
    return frozenset(fold(cue) for cue_lang, cue, kind in load_cues() if cue_lang == lang and kind in {"hedge", "plan"})


@lru_cache(maxsize=4)
def observe_verbs(lang: str) -> frozenset[str]:
    """Folded forms of the verbs whose subject saw an event, not made it ("South Korea's military
    detected two launches": ``observe`` cues of modality.csv)."""
    return frozenset(fold(cue) for cue_lang, cue, kind in load_cues() if cue_lang == lang and kind == "observe")
