"""Bytes on disk → text lines, streamed, whatever the encoding.

UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; a line that is not
UTF-8 is decoded as cp1252 (the usual Windows export) and flagged, so nothing is dropped.
"""

import codecs
from collections.abc import Iterator
from pathlib import Path

from armswatch.errors import message

SNIFF_BYTES = 8192
BINARY_CONTROL_SHARE = 0.05


def sniff(path: Path) -> tuple[str | None, str | None]:
    """(encoding, problem) from the first bytes: an encoding to stream with, or why not."""
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None
    if not head.strip():
        with path.open("rb") as f:  # whitespace so far: is the whole file blank?
            if not any(chunk.strip() for chunk in iter(lambda: f.read(1 << 20), b"")):
                return None, message("E101")
    # NULs among many control bytes: binary. A stray NUL on one line of a text file is not (that
    # line is rejected or cleaned on its own and the good lines are read)
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    if b"\x00" in head and controls > BINARY_CONTROL_SHARE * len(head):
        return None, message("E102")
    return "utf-8", None


def decode_line(raw: bytes) -> tuple[str, str | None]:
    """One line of bytes → (text, encoding used when it was not UTF-8)."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def read_lines(path: Path, encoding: str) -> Iterator[tuple[int, str, str | None]]:
    """(line number, text, fallback encoding or None), one line at a time."""
    if encoding == "utf-16":
        # a corrupt code unit becomes U+FFFD and its line is flagged (as cp1252 is below) instead of ending the run
        with path.open(encoding="utf-16", errors="replace", newline="") as f:
            for number, line in enumerate(f, 1):
                yield number, line, ("utf-16 with replacement characters" if "\ufffd" in line else None)
        return
    with path.open("rb") as f:
        for number, raw in enumerate(f, 1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            text, fallback = decode_line(raw)
            yield number, text, fallback


def read_text(path: Path, encoding: str) -> tuple[str, str | None]:
    """A whole (small) document: its text and the fallback encoding used, if any."""
    fallbacks = set()
    parts = []
    for _, line, fallback in read_lines(path, encoding):
        parts.append(line)
        if fallback:
            fallbacks.add(fallback)
    return "".join(parts), (fallbacks.pop() if fallbacks else None)
