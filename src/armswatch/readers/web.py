"""Readers for the web: RSS/Atom feeds (feedparser) and article pages (trafilatura)."""

import codecs
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

from armswatch.errors import message
from armswatch.readers.html import html_to_record
from armswatch.readers.records import to_article
from armswatch.records import Article, Problem

FETCH_TIMEOUT_S = 30
MAX_PAGE_BYTES = 50 * 1024 * 1024
USER_AGENT = "armswatch/0.1 (+news analysis)"


def _entry_record(entry: dict) -> dict:
    """A feed entry → record: full content when the feed carries it, else its summary."""
    body = ""
    if entry.get("content"):
        body = entry["content"][0].get("value", "")
    body = body or entry.get("summary", "")
    extracted = html_to_record(f"<html><body><article>{body}</article></body></html>") if "<" in body else None
    return {
        "id": entry.get("id") or entry.get("link") or "",
        "title": entry.get("title", ""),
        "text": extracted["text"] if extracted else body,
        "published": entry.get("published") or entry.get("updated") or "",
        "url": entry.get("link", ""),
    }


def _feed_items(parsed, origin: str, published: str | None) -> Iterator[Article | Problem]:
    source = parsed.feed.get("title", "")
    language = parsed.feed.get("language", "")
    if not parsed.entries:
        yield Problem(origin, 0, message("E110"))
        return
    for number, entry in enumerate(parsed.entries, 1):
        record = _entry_record(entry)
        record["source"] = source
        record["lang"] = language
        article, problems = to_article(record, origin, number, published)
        yield from problems
        if article is not None:
            yield article


def read_feed_file(path: Path, published: str | None) -> Iterator[Article | Problem]:
    import feedparser

    yield from _feed_items(feedparser.parse(str(path)), str(path), published)


def fetch(url: str) -> tuple[bytes, str]:
    """The body and content type of a URL (bounded in size and time)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
        return response.read(MAX_PAGE_BYTES + 1)[:MAX_PAGE_BYTES], response.headers.get("Content-Type", "")


def _charset(content_type: str) -> str | None:
    """The charset a Content-Type header names, if Python knows it."""
    message = Message()
    message["Content-Type"] = content_type
    charset = message.get_content_charset()
    try:
        name = codecs.lookup(charset).name if charset else None
    except LookupError:
        return None
    # as browsers do (WHATWG): pages labelled latin-1 or ASCII are cp1252 in practice (’ « » …)
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def read_url(url: str, published: str | None) -> Iterator[Article | Problem]:
    """A feed URL yields its entries; any other page is one article extracted with trafilatura."""
    import feedparser

    try:
        body, content_type = fetch(url)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        yield Problem(url, 0, message("E112", detail=getattr(exc, "reason", exc)))
        return
    head = body[:512].lstrip().lower()
    if "xml" in content_type or "rss" in content_type or head.startswith((b"<?xml", b"<rss", b"<feed")):
        yield from _feed_items(feedparser.parse(body), url, published)
        return
    # decoding as UTF-8 would garble a cp1252 or EUC-KR page: use the HTTP charset, else let trafilatura
    # find the encoding in the bytes (<meta charset>, detection)
    charset = _charset(content_type)
    record = html_to_record(body.decode(charset, errors="replace") if charset else body, url=url)
    if record is None:
        yield Problem(url, 0, message("E111"))
        return
    article, problems = to_article(record, url, 0, published)
    yield from problems
    if article is not None:
        yield article
