"""Readers: every input an analyst has (files, folders, feeds, URLs) → articles or problems."""

from collections.abc import Iterable, Iterator
from pathlib import Path

from armswatch.errors import message
from armswatch.readers.files import read_file_reporting, read_folder
from armswatch.readers.web import read_url
from armswatch.records import Article, Problem


def read_inputs(inputs: Iterable[str], published: str | None = None) -> Iterator[Article | Problem]:
    """Articles and problems from paths, folders, feed files and http(s) URLs, in order."""
    for item in inputs:
        if item.startswith(("http://", "https://")):
            yield from read_url(item, published)
            continue
        path = Path(item)
        if path.is_dir():
            yield from read_folder(path, published)
        elif path.is_file():
            yield from read_file_reporting(path, published)
        else:
            yield Problem(item, 0, message("E113"))


__all__ = ["read_inputs"]
