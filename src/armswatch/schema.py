"""Column schemas of the store's tables (the CSV export writes the same columns, in this order)."""

import pyarrow as pa

ARTICLES = pa.schema([
    ("id", pa.string()),
    ("title", pa.string()),
    ("published", pa.date32()),
    ("source", pa.string()),
    ("url", pa.string()),
    ("lang", pa.string()),
    ("text", pa.string()),
    ("published_from", pa.string()),
    ("lang_from", pa.string()),
    ("model", pa.string()),
    ("origin", pa.string()),
    ("origin_line", pa.int64()),
    ("extra", pa.string()),
    ("text_key", pa.string()),
    ("ingested_at", pa.timestamp("s", tz="UTC")),
])

MENTIONS = pa.schema([
    ("article_id", pa.string()),
    ("entity", pa.string()),
    ("entity_type", pa.string()),
    ("text", pa.string()),
    ("start", pa.int32()),
    ("end", pa.int32()),
    ("sentence", pa.string()),
    ("origin", pa.string()),
    ("country", pa.string()),
    ("weapon_type", pa.string()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
])

ENTITIES = pa.schema([
    ("article_id", pa.string()),
    ("entity", pa.string()),
    ("entity_type", pa.string()),
    ("country", pa.string()),
    ("weapon_type", pa.string()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("mentions", pa.int32()),
])

EVENTS = pa.schema([
    ("event_id", pa.string()),
    ("article_id", pa.string()),
    ("event_type", pa.string()),
    ("date", pa.string()),
    ("date_precision", pa.string()),
    ("country", pa.string()),
    ("countries", pa.string()),
    ("weapon_type", pa.string()),
    ("weapon", pa.string()),
    ("location", pa.string()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("sentence", pa.string()),
    ("start", pa.int32()),
    ("end", pa.int32()),
    ("confidence", pa.float64()),
    ("claimant", pa.string()),
    ("claimant_country", pa.string()),
    ("missiles", pa.int32()),
    ("range_km", pa.float64()),
    ("apogee_km", pa.float64()),
    ("flight_minutes", pa.float64()),
])

# which incident each event belongs to (armswatch.incidents): made anew at every publish from all the
# events, so its segment replaces the previous one instead of adding to it
EVENT_INCIDENTS = pa.schema([
    ("event_id", pa.string()),
    ("incident_id", pa.string()),
])

# the text index (armswatch.textindex): each word of an article's title and text, folded
ARTICLE_WORDS = pa.schema([
    ("word", pa.string()),
    ("article_id", pa.string()),
])

# the dashboard's first screens (armswatch.views), computed for a snapshot's content at publish: a
# query's key, the kind of its result and the result itself (Arrow IPC, or a number as text)
VIEWS = pa.schema([
    ("key", pa.string()),
    ("kind", pa.string()),
    ("data", pa.binary()),
])

# the analysts' corrections (armswatch.correct records them, armswatch.corrections applies them): an
# append-only log; an undo is an entry naming the one it undoes
CORRECTIONS = pa.schema([
    ("correction_id", pa.string()),
    ("made_at", pa.timestamp("s", tz="UTC")),
    ("made_by", pa.string()),
    ("target", pa.string()),  # entity, event or incident
    ("entity_type", pa.string()),  # an entity's type (an entity is its type and name)
    ("key", pa.string()),  # the entity's name, the event's or the incident's id
    ("action", pa.string()),
    ("before", pa.string()),
    ("after", pa.string()),
    ("note", pa.string()),
    ("undoes", pa.string()),  # an undo's correction id
])

# the corrections as applied to a snapshot's content (armswatch.corrections.published): the small
# tables its queries read the stored mentions through, by name (Arrow IPC); ``corrected_<table>``: the
# entities, events and incident links, corrected
APPLIED = pa.schema([
    ("name", pa.string()),
    ("data", pa.binary()),
])

TABLES: dict[str, pa.Schema] = {"articles": ARTICLES, "mentions": MENTIONS, "entities": ENTITIES, "events": EVENTS,
                                "event_incidents": EVENT_INCIDENTS, "article_words": ARTICLE_WORDS, "views": VIEWS,
                                "corrections": CORRECTIONS, "corrections_applied": APPLIED,
                                "corrected_entities": ENTITIES, "corrected_events": EVENTS,
                                "corrected_event_incidents": EVENT_INCIDENTS}
# derived from the whole content: an append of new rows (articles' or corrections') drops them, until
# they are published anew
SUMMARIES = {"views", "corrections_applied", "corrected_entities", "corrected_events",
             "corrected_event_incidents"}
DERIVED = {"event_incidents", *SUMMARIES}
# for queries only, not exported; each segment's rows are kept in this order, so that a search reads
# only the row groups whose words can match. Row groups of DuckDB's own size: at a million articles,
# 16,384-row groups made 21,000 of them, and weighing their statistics took longer than reading
# the few that match (0.125 s a word, against 0.035 s with 122,880 after `armswatch compact`)
INDEXES = {"article_words": ("word", "article_id")}
INDEX_ROW_GROUP_ROWS = 122_880
# one view per row group: a page reads one view's bytes, not the table's (68 MB at a million articles)
VIEW_ROW_GROUP_ROWS = 1
