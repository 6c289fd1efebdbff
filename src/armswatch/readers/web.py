"""Readers for the web: RSS/Atom feeds (feedparser) and article pages (trafilatura)."""

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from armswatch.errors import Messages
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
        yield Problem(origin, 0, Messages.E110)
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


def read_url(url: str, published: str | None) -> Iterator[Article | Problem]:
    """A feed URL yields its entries; any other page is one article extracted with trafilatura."""
    import feedparser

    try:
        body, content_type = fetch(url)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        yield Problem(url, 0, Messages.E112.format(detail=getattr(exc, "reason", exc)))
        return
    head = body[:512].lstrip().lower()
    if "xml" in content_type or "rss" in content_type or head.startswith((b"<?xml", b"<rss", b"<feed")):
        yield from _feed_items(feedparser.parse(body), url, published)
        return
    record = html_to_record(body.decode("utf-8", errors="replace"), url=url)
    if record is None:
        yield Problem(url, 0, Messages.E111)
        return
    article, problems = to_article(record, url, 0, published)
    yield from problems
    if article is not None:
        yield article
