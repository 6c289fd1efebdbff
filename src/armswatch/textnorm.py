"""Text normalisation that keeps character offsets valid.

Stored text is NFC with control characters removed; the text handed to spaCy is a
same-length view of it in which typographic apostrophes are plain, so ``qu’il`` and
``l’ONU`` split like ``qu'il`` and ``l'ONU`` while every offset still points into the stored text.
"""

import hashlib
import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no control characters; the form in which text is stored."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).strip()


def nlp_view(text: str) -> str:
    """The same text with plain apostrophes; same length, so offsets carry over unchanged."""
    return text.translate(_APOSTROPHES)


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form used to match names."""
    decomposed = unicodedata.normalize("NFKD", nlp_view(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def comparable(text: str) -> str:
    """A text as compared for identity: same words, any case, accents or spacing."""
    return _SPACES.sub(" ", fold(text)).strip()


def text_key(text: str) -> str:
    """Identity of an article's text for de-duplication: same words, any case or spacing."""
    return hashlib.sha1(comparable(text).encode()).hexdigest()


def content_id(title: str, text: str) -> str:
    """An id for records that come without one, derived from their content."""
    return "h" + hashlib.sha1(f"{title}\n{text}".encode()).hexdigest()[:15]
