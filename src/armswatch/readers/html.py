"""HTML page → article fields, with trafilatura (boilerplate, scripts and menus removed)."""

from armswatch.dates import parse_published


def html_to_record(html: str | bytes, url: str = "") -> dict | None:
    """A record (title, text, published, url) from a page (text, or bytes in any encoding), or None when it has
    no article text."""
    import trafilatura  # heavy import, only needed for HTML

    document = trafilatura.bare_extraction(html, url=url or None, with_metadata=True)
    if document is None or not (document.text or "").strip():
        return None
    title = document.title or ""
    text = document.text
    if title and text.startswith(title):
        text = text[len(title):].lstrip("\n")
    return {
        "title": title,
        "text": text or document.text,
        "published": parse_published(document.date),
        "url": url or document.url or "",
        "source": document.sitename or "",
        "lang": document.language or "",
    }
