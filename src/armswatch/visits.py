"""Each analyst's visits, so that the dashboard can say what is new since the last one.

A visitor is a signed-in user ("user:<email>") or, without login, a browser ("browser:<id>", an id
the dashboard keeps in a cookie). The store keeps, per visitor, when their last session began and
since when things are new to them in the current visit (``visits.json`` in the store, replaced whole at each write).
A session that starts within ``VISIT_GAP`` of the last one (a reload, a second tab) is the same
visit: what was new stays new until the analyst has been away that long.
"""

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

VISITS = "visits.json"
VISIT_GAP = timedelta(minutes=30)
# visitors kept, the most recently seen: a browser refusing cookies is a new visitor at every session
MAX_VISITORS = 1000


@dataclass(frozen=True)
class Visit:
    since: datetime | None  # what was ingested after this is new to the visitor (None: a first visit)
    seen: datetime  # when this session started


def _read(path: Path) -> dict[str, dict[str, str]]:
    try:
        visits = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or damaged: every visitor starts again, nothing else is lost
        return {}
    return visits if isinstance(visits, dict) else {}


def _when(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)).astimezone(UTC) if value else None
    except ValueError:
        return None


def start_visit(store_root: Path, visitor: str, now: datetime | None = None) -> Visit:
    """Record that ``visitor`` starts a session now, and say since when things are new to them."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    path = Path(store_root) / VISITS
    visits = _read(path)
    before = visits.get(visitor) if isinstance(visits.get(visitor), dict) else {}
    seen, since = _when(before.get("seen")), _when(before.get("since"))
    if seen is not None and now - seen > VISIT_GAP:  # back after a while: new is what came since they left
        since = seen
    visits[visitor] = {"seen": now.isoformat(), "since": since.isoformat() if since else ""}
    if len(visits) > MAX_VISITORS:
        kept = sorted(visits, key=lambda v: str(visits[v].get("seen", "")) if isinstance(visits[v], dict) else "")
        visits = {v: visits[v] for v in kept[-MAX_VISITORS:]}
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False) as tmp:
        json.dump(visits, tmp, indent=1, sort_keys=True)
    os.replace(tmp.name, path)
    return Visit(since, now)
