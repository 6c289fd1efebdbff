"""Watching sources: feeds, page URLs and folders polled on a schedule, and only what is new ingested.

A run polls every source in turn. A URL is asked with a conditional GET (the ETag and Last-Modified of
its last answer), so that a server with nothing new answers 304 without a body. Of a feed, only the
entries not seen at an earlier run become articles; a page is one article, ingested again only when its
text changed. Of a folder, only the files not seen before, or changed since (size, modification time),
are read. The ingest still de-duplicates by id and text: what a watch remembers is a first guard, never
the only one.

What a watch remembers of each source is kept in the store (``watch/state.json``) and written atomically
after each source's turn, once its articles are published: a crash loses nothing ingested, and at worst
has a source read again, which the de-duplication makes harmless.

A source that fails (no answer, an HTTP error, garbage) is logged with its code (E4xx) and its state
keeps the error; the other sources are polled as usual, and the failing one is asked again at the next run.
"""

import http.client
import json
import os
import re
import sys
import time
import urllib.error
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from armswatch.errors import ArmswatchError, message
from armswatch.readers.files import FOLDER_SUFFIXES, Item, read_file_reporting
from armswatch.readers.web import FETCH_TIMEOUT_S, entry_key, feed_items, fetch, read_page
from armswatch.records import Article
from armswatch.store import Store, _fsync_write

# Between the end of one request to a host and the start of the next. News sites that state a pace in
# robots.txt (Crawl-delay) mostly ask for 1 to 10 s; 2 s keeps a watch of many feeds on one site from
# looking like a burst, and costs a watch of ten feeds on one host 18 s a run, nothing at 15-minute runs.
POLITE_DELAY_S = 2.0
STATE_FILE = Path("watch") / "state.json"  # in the store: the state travels and is backed up with the articles
STATE_FORMAT = 1
_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


def duration(text: str) -> int:
    """Seconds in a duration such as ``30s``, ``15m``, ``1h`` or ``2h30m``; ValueError for anything else
    (argparse then names the option and the value)."""
    match = _DURATION.fullmatch(text.strip().lower())
    seconds = int(match[1] or 0) * 3600 + int(match[2] or 0) * 60 + int(match[3] or 0) if match else 0
    if not seconds:
        raise ValueError(f"not a duration: {text!r} (expected more than 0, as 30s, 15m, 1h or 2h30m)")
    return seconds


@dataclass
class SourceState:
    """What a watch remembers of one source between runs."""

    etag: str = ""  # the validators of the URL's last answer, sent back to ask "changed since?"
    last_modified: str = ""
    seen: list[str] = field(default_factory=list)  # a feed's entry keys (web.entry_key) or a page's article id
    files: dict[str, list[int]] = field(default_factory=dict)  # a folder's files: path → [size, mtime in ns]
    last_run: str = ""  # when it was last polled, ISO 8601 UTC
    last_error: str = ""  # why that poll failed, with the code; empty when it went well


@dataclass
class RunSummary:
    """One run over every source."""

    number: int
    polled: int = 0
    unchanged: int = 0  # answered 304 Not Modified, or had nothing new
    ingested: int = 0  # new articles stored
    rejected: int = 0  # new items rejected (in the rejects file)
    failures: dict[str, str] = field(default_factory=dict)  # source → message with its code

    def render(self) -> str:
        return (f"watch run {self.number}: {self.polled} sources polled, {self.unchanged} unchanged, "
                f"{self.ingested} new articles ingested, {self.rejected} rejected, {len(self.failures)} failed")


def load_state(store: Store, log: Callable[[str], None]) -> dict[str, SourceState]:
    """The state of every source a watch on this store has polled (none the first time)."""
    path = store.root / STATE_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {source: SourceState(**fields) for source, fields in raw["sources"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:  # damaged, or edited by hand
        log(message("E407", path=path, detail=exc))
        return {}


def save_state(store: Store, states: dict[str, SourceState]) -> None:
    """Write the state whole or not at all: a temporary file, synced, then renamed over the old one."""
    path = store.root / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    state = {"format": STATE_FORMAT, "sources": {source: asdict(s) for source, s in states.items()}}
    _fsync_write(tmp, json.dumps(state, indent=1, ensure_ascii=False).encode())
    os.replace(tmp, path)


class HostDelay:
    """At least ``POLITE_DELAY_S`` between two requests to one host, for the whole watch."""

    def __init__(self, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self.clock, self.sleep = clock, sleep
        self.last: dict[str, float] = {}  # host → when its last request ended

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Wait for the host's turn, then hold it while the request runs."""
        if host in self.last and (pause := self.last[host] + POLITE_DELAY_S - self.clock()) > 0:
            self.sleep(pause)
        try:
            yield
        finally:  # a failed request counts too: a struggling server is the one to spare
            self.last[host] = self.clock()


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _folder_files(folder: Path) -> list[Path]:
    """The files ``read_folder`` reads below a folder (its suffixes, nothing hidden below the folder)."""
    return sorted(path for path in folder.rglob("*") if path.is_file() and path.suffix.lower() in FOLDER_SUFFIXES
                  and not any(part.startswith(".") for part in path.relative_to(folder).parts))


def _new_files(source: str, state: SourceState) -> tuple[Iterable[Item] | None, SourceState]:
    """A folder's (or a file's) items from the files not seen before or changed since, None if there are none;
    and its state once they are stored."""
    path = Path(source)
    if not path.exists():  # a folder not mounted yet, a typo: said at every run until it is there
        raise ArmswatchError("E405", detail="no such folder or file")
    try:
        files = _folder_files(path) if path.is_dir() else [path]
        listing = {str(f): [(stat := f.stat()).st_size, stat.st_mtime_ns] for f in files}
    except OSError as exc:
        raise ArmswatchError("E405", detail=exc.strerror or exc) from exc
    changed = [Path(name) for name, signature in listing.items() if state.files.get(name) != signature]
    # read as the ingest takes them, under the store's lock, as ``ingest`` reads a folder
    items = (item for name in changed for item in read_file_reporting(name, None))
    return (items if changed else None), replace(state, files=listing)


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


class Watcher:
    """The sources of a watch, what it remembers of them (kept in the store) and its pace per host."""

    def __init__(self, sources: Sequence[str], store: Store, *, timeout: float = FETCH_TIMEOUT_S,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 log: Callable[[str], None] = _stderr) -> None:
        self.sources, self.store, self.timeout, self.log = list(sources), store, timeout, log
        self.hosts = HostDelay(clock, sleep)
        self.states = load_state(store, log)
        self.runs = 0

    def run(self) -> RunSummary:
        """Poll every source once and ingest what is new; a source's failure is logged, never raised."""
        # imported here: the command line imports this module for ``duration``, and the ingest's imports are heavy
        from armswatch.ingest import ingest_items

        self.runs += 1
        summary = RunSummary(self.runs)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        for number, source in enumerate(self.sources, 1):
            state = self.states.get(source, SourceState())
            summary.polled += 1
            try:
                items, after = self._poll_url(source, state) if _is_url(source) else _new_files(source, state)
                if items is None:
                    summary.unchanged += 1
                else:  # a rejects file per source and run: each ingest writes its own from the start
                    rejects = self.store.root / "rejects" / f"{stamp}-watch-{number}.jsonl"
                    ingested = ingest_items(items, self.store, rejects=rejects)
                    summary.ingested += ingested.ingested
                    summary.rejected += ingested.rejected
                    for problem in ingested.problems:
                        self.log(f"  {problem.severity} {problem}")
                    if ingested.rejects_file:
                        self.log(f"  rejected records written to {ingested.rejects_file}")
                state = replace(after, last_error="")
            except Exception as exc:  # whatever one source does, the others are polled: it is retried next run
                error = str(exc) if isinstance(exc, ArmswatchError) else message(
                    "E406", detail=f"{type(exc).__name__}: {exc}")
                state = replace(state, last_error=error)
                summary.failures[source] = error
                self.log(f"watch: {source}: {error}")
            self.states[source] = replace(state, last_run=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
            save_state(self.store, self.states)
        self.log(summary.render())
        return summary

    def _poll_url(self, url: str, state: SourceState) -> tuple[list[Item] | None, SourceState]:
        """A URL's new items, None when it has none; and its state once they are stored."""
        import feedparser

        try:
            with self.hosts.turn(urlsplit(url).hostname or ""):
                fetched = fetch(url, etag=state.etag, last_modified=state.last_modified, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            raise ArmswatchError("E403", status=exc.code, reason=exc.reason) from exc
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)  # urllib wraps what fails while connecting
            if isinstance(reason, TimeoutError):
                raise ArmswatchError("E402", timeout=self.timeout) from exc
            raise ArmswatchError("E401", detail=reason) from exc
        validated = replace(state, etag=fetched.etag, last_modified=fetched.last_modified)
        if fetched.status == 304:
            return None, validated
        if fetched.is_feed:
            parsed = feedparser.parse(fetched.body)
            if not parsed.entries:
                raise ArmswatchError("E404")
            seen = set(state.seen)
            keys = [entry_key(entry) for entry in parsed.entries]
            # only the entries listed now are kept: one that leaves the feed and comes back is caught by
            # the ingest's de-duplication, and the state stays the size of the feed
            after = replace(validated, seen=keys)
            return (None if seen.issuperset(keys) else list(feed_items(parsed, url, None, seen))), after
        items = list(read_page(url, fetched, None))
        article = next((item for item in items if isinstance(item, Article)), None)
        if article is None:
            raise ArmswatchError("E404")
        # the id is made from the title and text: a page whose bytes change around the same article is unchanged
        return (None if article.id in state.seen else items), replace(validated, seen=[article.id])


def watch(sources: Sequence[str], store: Store, *, every: float, max_runs: int | None = None,
          timeout: float = FETCH_TIMEOUT_S, clock: Callable[[], float] = time.monotonic,
          sleep: Callable[[float], None] = time.sleep, log: Callable[[str], None] = _stderr) -> RunSummary | None:
    """Poll the sources every ``every`` seconds (from the start of one run to the start of the next, at once
    when a run took longer), ``max_runs`` times or, without it, until interrupted (Ctrl-C). Returns the last
    complete run's summary (None if none completed)."""
    watcher = Watcher(sources, store, timeout=timeout, clock=clock, sleep=sleep, log=log)
    last, ingested, next_start = None, 0, clock()
    try:
        while max_runs is None or watcher.runs < max_runs:
            if (pause := next_start - clock()) > 0:
                sleep(pause)
            next_start = clock() + every
            last = watcher.run()
            ingested += last.ingested
    except KeyboardInterrupt:  # the run in progress keeps what it published; its source is read again next time
        log("watch: interrupted")
    complete = last.number if last else 0
    log(f"watch: {complete} complete runs, {ingested} new articles ingested"
        + (f"; last run: {len(last.failures)} failed" if last else ""))
    return last
