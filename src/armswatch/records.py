"""Typed records that flow between the stages."""

from dataclasses import dataclass, field


@dataclass(slots=True)
class Article:
    """One article as read from its source, before NLP. ``text`` is already normalised."""

    id: str
    title: str
    text: str
    published: str | None = None  # ISO date YYYY-MM-DD
    published_from: str = "none"  # record, option, filename or none
    source: str = ""
    url: str = ""
    lang: str = ""
    lang_from: str = "record"  # record or detected
    origin: str = ""  # file path or URL it was read from
    origin_line: int = 0
    extra: str = ""  # unknown input fields, as JSON
    text_key: str = ""  # hash of the case- and space-folded text, for de-duplication


@dataclass(slots=True)
class Problem:
    """A rejected record or file (``rejected``) or a caveat on an ingested one (``warning``)."""

    origin: str
    line: int
    reason: str
    severity: str = "rejected"
    record: dict | None = field(default=None, repr=False)

    def __str__(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line else self.origin
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class Mention:
    """One mention of a canonical entity in an article, with character offsets into its text."""

    article_id: str
    entity: str
    entity_type: str
    text: str
    start: int
    end: int
    sentence: str
    origin: str  # gazetteer or model
    country: str = ""
    weapon_type: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(slots=True)
class Event:
    """One occurrence an article reports: a missile test, a weapons announcement, a sanction..."""

    event_id: str
    article_id: str
    event_type: str
    date: str  # YYYY-MM-DD, YYYY-MM or YYYY to match date_precision; empty when the text gives none
    date_precision: str  # day, month, year or empty
    country: str  # ISO alpha-2 of the actor, by the annotation guidelines' rules
    countries: str  # every country involved, ISO alpha-2, "|"-separated
    weapon_type: str
    weapon: str
    location: str
    latitude: float | None
    longitude: float | None
    sentence: str
    start: int  # character offsets of the sentence in the article text
    end: int
    confidence: float
    claimant: str = ""  # who says it happened: "Joint Chiefs of Staff", "KCNA", the article's source
    claimant_country: str = ""  # ISO alpha-2 of the claimant; the actor's own = a self-report
    # the figures the report gives of a launch (events/figures): each claimant's own
    missiles: int | None = None
    range_km: float | None = None
    apogee_km: float | None = None
    flight_minutes: float | None = None
    report_dated: bool = False  # dated only by when it was reported; not stored
