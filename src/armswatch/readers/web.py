"""Readers for the web: RSS/Atom feeds (feedparser) and article pages (trafilatura)."""

import codecs
import http.client
import urllib.error
import urllib.request
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from armswatch.errors import message
from armswatch.readers.html import html_to_record
from armswatch.readers.records import to_article
from armswatch.records import Article, Problem
from armswatch.textnorm import content_id

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


def entry_key(entry: dict) -> str:
    """What names a feed entry from one fetch to the next: its id, else its link, else its title and summary."""
    return entry.get("id") or entry.get("link") or content_id(entry.get("title", ""), entry.get("summary", ""))


def feed_items(parsed, origin: str, published: str | None,
               seen: Collection[str] = frozenset()) -> Iterator[Article | Problem]:
    """The articles of a parsed feed, but those whose ``entry_key`` is in ``seen`` (a watched feed's
    entries read at an earlier run); an entry's line is its position in the feed."""
    source = parsed.feed.get("title", "")
    language = parsed.feed.get("language", "")
    if not parsed.entries:
        yield Problem(origin, 0, message("E110"))
        return
    for number, entry in enumerate(parsed.entries, 1):
        if entry_key(entry) in seen:
            continue
        record = _entry_record(entry)
        record["source"] = source
        record["lang"] = language
        article, problems = to_article(record, origin, number, published)
        yield from problems
        if article is not None:
            yield article


def read_feed_file(path: Path, published: str | None) -> Iterator[Article | Problem]:
    import feedparser

    yield from feed_items(feedparser.parse(str(path)), str(path), published)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A server's answer to a GET: ``status`` 304 (not modified since the validators sent) has no body."""

    status: int
    body: bytes
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def is_feed(self) -> bool:
        """RSS or Atom, by the content type or, when a server labels it wrong, by the first bytes."""
        head = self.body[:512].lstrip().lower()
        kind = self.content_type
        return "xml" in kind or "rss" in kind or head.startswith((b"<?xml", b"<rss", b"<feed"))


def fetch(url: str, *, etag: str = "", last_modified: str = "", timeout: float = FETCH_TIMEOUT_S) -> Fetched:
    """GET a URL (bounded in size and time). Given the ``etag`` or ``last_modified`` of an earlier answer, the
    request is conditional and a server whose content has not changed answers 304, without a body; any other
    HTTP error raises ``urllib.error.HTTPError``."""
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            return Fetched(response.status, response.read(MAX_PAGE_BYTES + 1)[:MAX_PAGE_BYTES],
                           response.headers.get("Content-Type", ""), response.headers.get("ETag", ""),
                           response.headers.get("Last-Modified", ""))
    except urllib.error.HTTPError as exc:
        if exc.code != 304:  # urllib raises for every status that is not a success, 304 included
            raise
        # a 304 may omit the validators: those sent still hold
        return Fetched(304, b"", etag=exc.headers.get("ETag") or etag,
                       last_modified=exc.headers.get("Last-Modified") or last_modified)


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
        fetched = fetch(url)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, http.client.HTTPException) as exc:
        yield Problem(url, 0, message("E112", detail=getattr(exc, "reason", exc)))
        return
    if fetched.is_feed:
        yield from feed_items(feedparser.parse(fetched.body), url, published)
    else:
        yield from read_page(url, fetched, published)


def read_page(url: str, fetched: Fetched, published: str | None) -> Iterator[Article | Problem]:
    """A fetched page that is not a feed: one article extracted with trafilatura."""
    # decoding as UTF-8 would garble a cp1252 or EUC-KR page: use the HTTP charset, else let trafilatura
    # find the encoding in the bytes (<meta charset>, detection)
    charset = _charset(fetched.content_type)
    record = html_to_record(fetched.body.decode(charset, errors="replace") if charset else fetched.body, url=url)
    if record is None:
        yield Problem(url, 0, message("E111"))
        return
    article, problems = to_article(record, url, 0, published)
    yield from problems
    if article is not None:
        yield article
