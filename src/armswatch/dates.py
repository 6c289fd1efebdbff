"""Publication dates: parse what records and file names give into ISO ``YYYY-MM-DD``."""

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
MIN_YEAR = 1900


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return d.isoformat() if d.year >= MIN_YEAR else None


def parse_published(value: object) -> str | None:
    """ISO date from a record's ``published`` value, or None if it cannot be read as a date.

    Accepts ISO dates and datetimes, day/month/year, RFC 2822 (feeds), and free text in
    English or French ("31 octobre 2024") through dateparser.
    """
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    if not text:
        return None
    if m := _ISO.match(text):
        return _valid(*map(int, m.groups()))
    if m := _DMY.match(text):
        day, month, year = map(int, m.groups())
        return _valid(year, month, day)
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import: only for the free-text fallback

    parsed = dateparser.parse(text, languages=["en", "fr"], settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed and parsed.year >= MIN_YEAR else None


def date_in_name(name: str) -> str | None:
    """A date written in a file name (``2024-10-31-report.txt``, ``kcna_20240131.html``)."""
    for m in _IN_NAME.finditer(name):
        if iso := _valid(*map(int, m.groups())):
            return iso
    return None
