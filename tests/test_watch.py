"""Watching sources (``armswatch.watch``): across runs only the new items are ingested, URLs are asked with
conditional requests, one host is asked at a polite pace, and a source that fails (no answer, HTTP 500,
garbage) is reported with its code and retried next run without stopping the others. The sources are a
local HTTP server whose answers the tests change between runs, and folders."""

import hashlib
import json
import socket
import threading
from collections.abc import Callable, Iterator
from email.message import Message
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from armswatch import watch as watch_module
from armswatch.cli import main
from armswatch.nlp.pipeline import get_pipeline
from armswatch.readers.web import read_url
from armswatch.records import Problem
from armswatch.store import Store
from armswatch.watch import POLITE_DELAY_S, STATE_FILE, Watcher, duration, watch

TIMEOUT_S = 0.5  # the slow source answers after the test ends: each run waits this long for it

ARTICLE_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><title>Launch reported off the east coast</title></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>Launch reported off the east coast</h1>
<p>North Korea launched a ballistic missile on Tuesday morning, the South Korean military said. The missile
flew about 1,000 kilometres before it came down in the sea east of the peninsula.</p>
<p>It was the third launch this month, and analysts said the pace of testing had increased sharply since
the start of the year, with new solid-fuel systems shown at a parade in February.</p></article>
<footer>Copyright Example Media</footer></body></html>
"""

ENTRIES = {  # guid → (title, text)
    "1": ("Missile launch", "North Korea fired a ballistic missile into the East Sea on Monday."),
    "2": ("Drills answered", "South Korea and the United States began joint air drills on Tuesday."),
    "3": ("Satellite plan", "Pyongyang announced a new reconnaissance satellite launch window."),
    "9": ("Recovered source", "Japan said the debris fell outside its exclusive economic zone."),
}


def rss(*guids: str) -> bytes:
    items = "".join(f"<item><title>{ENTRIES[g][0]}</title><link>http://example.org/{g}</link><guid>urn:watch:{g}"
                    f"</guid><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate><description>{ENTRIES[g][1]}"
                    "</description></item>" for g in guids)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Defence Wire</title>'
            f"<language>en</language>{items}</channel></rss>").encode()


Route = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """What the test server answers, path by path, and what it was asked (with the test clock's time)."""

    def __init__(self) -> None:
        self.base = ""
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, Message, float]] = []  # headers: names in any case
        self.clock: Callable[[], float] = lambda: 0.0
        self.release = threading.Event()  # lets a hanging answer go when the test ends

    def url(self, path: str) -> str:
        return self.base + path

    def asked(self, path: str) -> list[Message]:
        return [headers for asked, headers, _ in self.requests if asked == path]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        site: Site = self.server.site  # type: ignore[attr-defined]
        site.requests.append((self.path, self.headers, site.clock()))
        site.routes[self.path](self)

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", content_type: str = "text/html",
         headers: tuple[tuple[str, str], ...] = ()) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def document(body: bytes, content_type: str = "application/rss+xml") -> Route:
    """A resource with validators, as news sites serve them: 304 to a request that sends its ETag back."""
    etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
    modified = formatdate(1_700_000_000 + len(body), usegmt=True)

    def respond(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("If-None-Match") == etag:
            send(handler, 304, headers=(("ETag", etag),))
        else:
            send(handler, 200, body, content_type, (("ETag", etag), ("Last-Modified", modified)))

    return respond


def error(status: int) -> Route:
    return lambda handler: send(handler, status, b"<h1>Internal Server Error</h1>")


def garbage(handler: BaseHTTPRequestHandler) -> None:
    send(handler, 200, bytes(range(256)) * 8, "application/octet-stream")


def hang(site: Site) -> Route:
    return lambda handler: site.release.wait(10)  # no answer before the client's timeout


@pytest.fixture(scope="module", autouse=True)
def blank_models() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARMSWATCH_MODEL_EN", "blank")
        patch.setenv("ARMSWATCH_MODEL_FR", "blank")
        get_pipeline.cache_clear()
        yield
        get_pipeline.cache_clear()


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    for var in ("no_proxy", "NO_PROXY"):  # never send local requests through a proxy
        monkeypatch.setenv(var, "127.0.0.1,localhost")
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.site = site  # type: ignore[attr-defined]
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class Clock:
    """A test clock: ``sleep`` moves it on at once, and is remembered."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def watcher(store: Store, *sources: str, clock: Clock | None = None, log: list[str] | None = None) -> Watcher:
    clock = clock or Clock()
    return Watcher(list(sources), store, timeout=TIMEOUT_S, clock=clock, sleep=clock.sleep,
                   log=(log if log is not None else []).append)


def article_ids(store: Store) -> set[str]:
    return {row[0] for row in store.snapshot().connect().execute("SELECT id FROM articles").fetchall()}


def states(store: Store) -> dict[str, dict]:
    return json.loads((store.root / STATE_FILE).read_text(encoding="utf-8"))["sources"]


def test_only_new_items_across_runs_and_failing_sources_never_stop_the_others(site: Site, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    feed, page, slow, broken, junk = (site.url(p) for p in ("/feed.xml", "/page", "/slow", "/broken", "/junk"))
    site.routes.update({"/feed.xml": document(rss("1", "2")), "/page": document(ARTICLE_PAGE, "text/html"),
                        "/slow": hang(site), "/broken": error(500), "/junk": garbage})
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens on it
        s.bind(("127.0.0.1", 0))
        refused = f"http://127.0.0.1:{s.getsockname()[1]}/feed.xml"
    sources = (feed, slow, broken, page, junk, refused)

    log: list[str] = []
    first = watcher(store, *sources, log=log).run()
    # the good sources are in, in the same run as the failures
    assert (first.polled, first.unchanged, first.ingested, first.rejected) == (6, 0, 3, 0)
    assert store.snapshot().count("articles") == 3
    assert {"urn:watch:1", "urn:watch:2"} <= article_ids(store)
    assert {source: reason[:6] for source, reason in first.failures.items()} == {
        slow: "[E402]", broken: "[E403]", junk: "[E404]", refused: "[E401]"}
    assert first.failures[broken] == "[E403] the server answered HTTP 500 (Internal Server Error)"
    assert "refused" in first.failures[refused].lower()
    assert f"watch: {broken}: [E403] the server answered HTTP 500 (Internal Server Error)" in log
    assert log[-1] == "watch run 1: 6 sources polled, 0 unchanged, 3 new articles ingested, 0 rejected, 4 failed"
    saved = states(store)
    assert saved[slow]["last_error"].startswith("[E402] no answer within 0.5 s")
    assert saved[feed]["last_error"] == "" and saved[feed]["seen"] == ["urn:watch:1", "urn:watch:2"]
    assert saved[feed]["last_run"].endswith("Z")
    assert not list((store.root / STATE_FILE).parent.glob("*.tmp"))

    # one new entry in the feed, and the broken source mends: both are ingested, the page is not read again
    site.routes.update({"/feed.xml": document(rss("3", "1", "2")), "/broken": document(rss("9"))})
    second = watcher(store, *sources).run()  # a watch started again: its memory is in the store
    assert (second.unchanged, second.ingested) == (1, 2)
    assert set(second.failures) == {slow, junk, refused}
    assert store.snapshot().count("articles") == 5
    assert {"urn:watch:3", "urn:watch:9"} <= article_ids(store)
    assert states(store)[broken]["last_error"] == ""

    third = watcher(store, *sources).run()
    assert (third.unchanged, third.ingested, set(third.failures)) == (3, 0, {slow, junk, refused})
    assert store.snapshot().count("articles") == 5
    # the third request for the feed was conditional, on the validators of the second answer
    asked = site.asked("/feed.xml")
    assert "If-None-Match" not in asked[0] and "If-Modified-Since" not in asked[0]
    assert asked[2]["If-None-Match"] == states(store)[feed]["etag"] != asked[1]["If-None-Match"]
    assert asked[2]["If-Modified-Since"] == states(store)[feed]["last_modified"]
    assert len(site.asked("/slow")) == len(site.asked("/junk")) == 3  # retried at every run


def test_state_lost_the_ingest_still_keeps_each_article_once(site: Site, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    site.routes["/feed.xml"] = document(rss("1", "2"))
    assert watcher(store, site.url("/feed.xml")).run().ingested == 2
    (store.root / STATE_FILE).write_text("{not json", encoding="utf-8")
    log: list[str] = []
    again = watcher(store, site.url("/feed.xml"), log=log).run()
    assert log[0].startswith(f"[E407] watch state {store.root / STATE_FILE} is unreadable")
    assert (again.ingested, again.failures) == (0, {})  # read in full, and every entry a duplicate
    assert store.snapshot().count("articles") == 2
    assert "If-None-Match" not in site.asked("/feed.xml")[1]


def test_an_unexpected_error_is_one_source_failing(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_reader(*args: object) -> Iterator[object]:
        raise RuntimeError("a bug in a reader")

    monkeypatch.setattr(watch_module, "read_page", broken_reader)
    store = Store(tmp_path / "store")
    site.routes.update({"/page": document(ARTICLE_PAGE, "text/html"), "/feed.xml": document(rss("1"))})
    summary = watcher(store, site.url("/page"), site.url("/feed.xml")).run()
    assert summary.failures == {site.url("/page"): "[E406] unexpected error: RuntimeError: a bug in a reader"}
    assert summary.ingested == 1


def write_jsonl(path: Path, *ids: str) -> None:
    path.write_text("".join(json.dumps({"id": i, "lang": "en", "text": f"Report {i}: a missile test was observed."})
                            + "\n" for i in ids), encoding="utf-8")


def test_folder_new_and_changed_files_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[Path] = []
    reader = watch_module.read_file_reporting

    def spy(path: Path, published: str | None) -> Iterator[object]:
        read.append(path)
        return reader(path, published)

    monkeypatch.setattr(watch_module, "read_file_reporting", spy)
    store, folder, later = Store(tmp_path / "store"), tmp_path / "in", tmp_path / "later"
    (folder / ".hidden").mkdir(parents=True)
    write_jsonl(folder / "a.jsonl", "a1", "a2")
    write_jsonl(folder / ".hidden" / "skip.jsonl", "h1")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    watching = watcher(store, str(folder), str(later))

    first = watching.run()
    assert (first.ingested, read) == (2, [folder / "a.jsonl"])
    assert first.failures == {str(later): "[E405] cannot read the folder or file: no such folder or file"}

    read.clear()
    (folder / "b.txt").write_text("Launch seen\nA launch was seen from the coast on Friday.", encoding="utf-8")
    later.mkdir()
    write_jsonl(later / "c.jsonl", "c1")
    second = watching.run()
    assert (second.ingested, second.failures, read) == (2, {}, [folder / "b.txt", later / "c.jsonl"])

    read.clear()
    third = watching.run()
    assert (third.unchanged, third.ingested, read) == (2, 0, [])

    write_jsonl(folder / "a.jsonl", "a1", "a2", "a3")  # a file that grew is read again; its old records are duplicates
    fourth = watching.run()
    assert (fourth.ingested, read) == (1, [folder / "a.jsonl"])
    assert {"a1", "a2", "a3", "c1"} <= article_ids(store)
    assert store.snapshot().count("articles") == 5  # and b.txt's


def test_polite_delay_per_host_and_runs_on_schedule(site: Site, tmp_path: Path) -> None:
    clock = Clock()
    site.clock = clock
    site.routes.update({"/a": document(rss("1")), "/b": document(rss("2")), "/c": document(rss("3"))})
    other_host = site.url("/c").replace("127.0.0.1", "localhost")
    last = watch([site.url("/a"), site.url("/b"), other_host], Store(tmp_path / "store"), every=60, max_runs=2,
                 timeout=TIMEOUT_S, clock=clock, sleep=clock.sleep, log=[].append)
    assert last is not None and last.number == 2 and last.failures == {}
    times = {path: [when for asked, _, when in site.requests if asked == path] for path in ("/a", "/b", "/c")}
    assert times["/b"][0] - times["/a"][0] >= POLITE_DELAY_S  # same host: spaced
    assert times["/c"][0] == times["/b"][0]  # another host: asked at once
    assert times["/a"][1] - times["/a"][0] == 60  # the second run starts one period after the first
    # the delay before /b, the rest of the period, the delay before /b again
    assert clock.sleeps == [POLITE_DELAY_S, 60 - POLITE_DELAY_S, POLITE_DELAY_S]


def test_interrupted_between_runs_stops_with_a_summary(tmp_path: Path) -> None:
    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    write_jsonl(tmp_path / "a.jsonl", "a1")
    log: list[str] = []
    last = watch([str(tmp_path / "a.jsonl")], Store(tmp_path / "store"), every=900, sleep=interrupt, log=log.append)
    assert last is not None and last.ingested == 1
    assert log[-2:] == ["watch: interrupted", "watch: 1 complete runs, 1 new articles ingested; last run: 0 failed"]


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("2h30m", 9000),
                                               ("1h0m5s", 3605), (" 10M ", 600)])
def test_every_takes_durations(text: str, seconds: int) -> None:
    assert duration(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "5x", "0s", "m", "-5m", "1.5h", "30m2h", "15 m"])
def test_every_refuses_what_is_not_a_duration(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        duration(text)
    with pytest.raises(SystemExit) as exit_:
        main(["watch", "http://example.org/feed.xml", f"--every={text}"])  # = : "-5m" is a value, not an option
    assert exit_.value.code == 2
    assert f"argument --every: invalid duration value: {text!r}" in capsys.readouterr().err


def test_command_line(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(watch_module, "POLITE_DELAY_S", 0.0)  # two sources on one host, and no clock to inject
    site.routes.update({"/feed.xml": document(rss("1", "2")), "/broken": error(500)})
    store = tmp_path / "store"
    command = ["watch", site.url("/feed.xml"), site.url("/broken"), "--max-runs", "1", "--store", str(store)]
    assert main(command) == 1  # the last run had a failure
    err = capsys.readouterr().err
    assert f"watch: {site.url('/broken')}: [E403] the server answered HTTP 500" in err
    assert "watch run 1: 2 sources polled, 0 unchanged, 2 new articles ingested, 0 rejected, 1 failed" in err
    assert Store(store).snapshot().count("articles") == 2

    site.routes["/broken"] = document(rss("9"))
    assert main(command) == 0
    assert "watch run 1: 2 sources polled, 1 unchanged, 1 new articles ingested, 0 rejected, 0 failed" in (
        capsys.readouterr().err)
    assert Store(store).snapshot().count("articles") == 3


@pytest.mark.parametrize("runs", ["0", "-1", "two"])
def test_max_runs_refuses_what_is_not_a_number_of_runs(runs: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["watch", "http://example.org/feed.xml", f"--max-runs={runs}"])
    assert exit_.value.code == 2 and "not a number of runs" in capsys.readouterr().err


def not_http(handler: BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"SOMETHING ELSE\r\n\r\n")  # no HTTP status line: http.client raises BadStatusLine


def test_a_url_that_does_not_answer_http_is_a_problem_not_a_crash(site: Site) -> None:
    site.routes["/not-http"] = not_http
    (problem,) = read_url(site.url("/not-http"), None)
    assert isinstance(problem, Problem) and problem.reason.startswith("[E112]"), problem
