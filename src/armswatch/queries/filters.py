"""The filters shared by every view, their SQL, and their form in a URL query string."""

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime

import pandas as pd
from duckdb import DuckDBPyConnection

from armswatch.textindex import search_clause

# events the model finds less likely than this are hidden unless the analyst asks: on held-out
# articles, only about half of them are right (README, "Event confidence")
DEFAULT_MIN_CONFIDENCE = 0.5
LIST_FIELDS = ("countries", "weapon_types", "weapons", "event_types", "langs", "sources")


@dataclass(frozen=True)
class Filters:
    """What the analyst asked for; an empty field does not filter."""

    date_from: date | None = None
    date_to: date | None = None
    countries: tuple[str, ...] = ()  # ISO alpha-2: the actor or any country involved
    weapon_types: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    text: str = ""
    # the event model's probability that an event is right; below it an event is hidden (not deleted)
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    # count and draw every report (one per article) instead of the incidents they tell
    reports: bool = False
    # only what articles ingested after this time tell ("new since my last visit")
    since: datetime | None = None

    @property
    def unit(self) -> str:
        """What the counts count, for labels."""
        return "reports" if self.reports else "incidents"

    def to_params(self) -> dict[str, str]:
        """The filters as URL query parameters (lists comma-separated), empty ones left out."""
        params = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if not value or (f.name == "min_confidence" and value == DEFAULT_MIN_CONFIDENCE):
                continue
            params[f.name] = (",".join(value) if isinstance(value, tuple) else "1" if value is True else
                              value.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(value, datetime) else str(value))
        return params

    @classmethod
    def from_params(cls, params: dict[str, str]) -> "Filters":
        """Filters from URL query parameters; a malformed value is ignored, not fatal."""
        values: dict = {}
        for name in LIST_FIELDS:
            if params.get(name):
                values[name] = tuple(v for v in str(params[name]).split(",") if v)
        for name in ("date_from", "date_to"):
            try:
                values[name] = date.fromisoformat(str(params[name])) if params.get(name) else None
            except ValueError:
                values[name] = None
        try:
            since = str(params.get("since") or "")
            values["since"] = datetime.fromisoformat(since).astimezone(UTC) if since else None
        except ValueError:
            values["since"] = None
        values["text"] = str(params.get("text") or "")
        values["reports"] = str(params.get("reports") or "").lower() in {"1", "true", "yes"}
        try:
            values["min_confidence"] = min(max(float(params.get("min_confidence") or DEFAULT_MIN_CONFIDENCE), 0.0), 1.0)
        except ValueError:
            values["min_confidence"] = DEFAULT_MIN_CONFIDENCE
        return cls(**values)


FILTER_PARAMS = frozenset(f.name for f in fields(Filters))  # the query parameters the filters own


def _in(column: str, values: tuple[str, ...], args: list) -> str:
    args.append(list(values))
    return f"list_contains(?, {column})"


def article_clause(filters: Filters, args: list, alias: str = "a") -> str:
    """SQL condition on the articles table: language, source, text, ingested since ("TRUE" when nothing
    filters them)."""
    parts = []
    if filters.langs:
        parts.append(_in(f"{alias}.lang", filters.langs, args))
    if filters.sources:
        parts.append(_in(f"{alias}.source", filters.sources, args))
    if filters.text:
        parts.append(search_clause(filters.text, args, alias))
    if filters.since:
        args.append(filters.since)
        parts.append(f"{alias}.ingested_at > ?")
    return " AND ".join(parts) or "TRUE"


def event_clause(filters: Filters, args: list, alias: str = "e") -> str:
    """SQL condition on the events table (dates on the event's own date, else its article's)."""
    parts = []
    day = f"COALESCE(TRY_CAST(rpad({alias}.date, 10, '-01') AS DATE), a.published)"
    if filters.date_from:
        args.append(filters.date_from)
        parts.append(f"{day} >= ?")
    if filters.date_to:
        args.append(filters.date_to)
        parts.append(f"{day} <= ?")
    if filters.countries:  # the actor, or any country involved
        args += [list(filters.countries)] * 2
        parts.append(f"(list_contains(?, {alias}.country) "
                     f"OR len(list_intersect(?, string_split({alias}.countries, '|'))) > 0)")
    if filters.weapon_types:
        parts.append(_in(f"{alias}.weapon_type", filters.weapon_types, args))
    if filters.weapons:
        parts.append(_in(f"{alias}.weapon", filters.weapons, args))
    if filters.event_types:
        parts.append(_in(f"{alias}.event_type", filters.event_types, args))
    if filters.min_confidence > 0:
        args.append(filters.min_confidence)
        parts.append(f"{alias}.confidence >= ?")
    return " AND ".join(parts) or "TRUE"


CHOICES_SQL = {
    "countries": "SELECT country, any_value(entity ORDER BY entity) || ' (' || country || ')' FROM entities "
                 "WHERE entity_type = 'COUNTRY' GROUP BY country ORDER BY 2",
    "weapon_types": "SELECT DISTINCT weapon_type, weapon_type FROM entities ORDER BY 1",
    "weapons": "SELECT DISTINCT entity, entity FROM entities WHERE entity_type = 'WEAPON' ORDER BY 1",
    "langs": "SELECT DISTINCT lang, lang FROM articles ORDER BY 1",
    "sources": "SELECT DISTINCT source, source FROM articles ORDER BY 1",
}


def filter_choices(con: DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """filter, value, label: each list filter's choices in the store, whatever ``filters`` say (a
    country's label is its name and code; event types are the guidelines' own)."""
    rows = [(name, value, label) for name, sql in CHOICES_SQL.items()
            for value, label in con.execute(sql).fetchall() if value]
    return pd.DataFrame(rows, columns=["filter", "value", "label"])
