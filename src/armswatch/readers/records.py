"""A raw record (a dict from JSONL, CSV or a feed) → an ``Article`` or the reason it is rejected."""

import json
from datetime import date

from armswatch.dates import parse_published
from armswatch.errors import message
from armswatch.langid import normalize_lang
from armswatch.records import Article, Problem
from armswatch.textnorm import content_id, normalize_text, text_key

KNOWN_FIELDS = ("id", "title", "text", "published", "source", "url", "lang")
TEXT_FIELDS = ("id", "title", "text", "url", "lang")
MAX_TITLE = 300


def _clean(value: object) -> str:
    return "" if value is None else str(value).strip()


def _misplaced(record: dict) -> str | None:
    """The first field that must be text but holds an object or a list (nested JSON), if any."""
    return next((name for name in TEXT_FIELDS if isinstance(record.get(name), dict | list)), None)


def _source(value: object) -> str:
    """A source's name; news API exports give an object (``{"id": ..., "name": "Reuters"}``)."""
    return _clean(value.get("name")) if isinstance(value, dict) else _clean(value)


def _short(title: str) -> str:
    """A title short enough to show: a text without one gives its first line, which may be very long."""
    return title if len(title) <= MAX_TITLE else title[:MAX_TITLE].rsplit(" ", 1)[0] + "…"


def to_article(
    record: dict, origin: str, line: int, default_published: str | None = None, name_date: str | None = None
) -> tuple[Article | None, list[Problem]]:
    """Build an article from a record; problems hold the rejection or the warnings."""
    if field := _misplaced(record):
        kind = "an object" if isinstance(record[field], dict) else "a list"
        return None, [Problem(origin, line, message("E115", field=field, kind=kind), record=record)]
    text = normalize_text(_clean(record.get("text")))
    if not text:
        return None, [Problem(origin, line, message("E105"), record=record)]
    title = _short(normalize_text(_clean(record.get("title"))) or text.split("\n", 1)[0])
    problems = []
    published, published_from = None, "none"
    raw_date = record.get("published")
    if _clean(raw_date):
        published = parse_published(raw_date)
        published_from = "record" if published else "none"
    for candidate, label in ((default_published, "option"), (name_date, "filename")):
        if published is None and candidate:
            published, published_from = candidate, label
    if published and published > date.today().isoformat():
        problems.append(Problem(origin, line, message("W205", value=published), severity="warning"))
    if _clean(raw_date) and published_from != "record":
        fallback = "the --published option" if published_from == "option" else (
            "the file name" if published_from == "filename" else "nowhere: left empty")
        problems.append(Problem(origin, line, message("W201", value=_clean(raw_date), fallback=fallback),
                                severity="warning"))
    extra = {k: v for k, v in record.items() if k not in KNOWN_FIELDS and v not in (None, "")}
    try:
        extra_json = json.dumps(extra, ensure_ascii=False, default=str) if extra else ""
    except RecursionError:  # read within the parser's depth limit, yet too deep to write back
        kept = {"id": record.get("id"), "title": record.get("title"), "text": text}
        return None, [Problem(origin, line, message("E103", detail="nested too deeply"), record=kept)]
    article = Article(
        id=_clean(record.get("id")) or content_id(title, text),
        title=title,
        text=text,
        published=published,
        published_from=published_from,
        source=_source(record.get("source")),
        url=_clean(record.get("url")),
        lang=normalize_lang(record.get("lang")),
        origin=origin,
        origin_line=line,
        extra=extra_json,
        text_key=text_key(text),
    )
    return article, problems
