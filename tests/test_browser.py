"""The real dashboard in a real browser: Debian's Chromium driven by Playwright.

Starts ``streamlit run dashboard.py`` on a free localhost port over a small store, opens every
page, applies a filter through the sidebar, downloads a CSV, checks the map draws coastlines
from the locally served topojson and that the page makes no request off this machine, and
saves a screenshot of each page to tests/screenshots/. Fails (never skips) without Chromium.
"""

import csv
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest
from playwright.sync_api import Error as PlaywrightError

from armswatch.ingest import ingest
from armswatch.nlp.pipeline import get_pipeline
from armswatch.queries.filters import Filters
from armswatch.queries.incidents import incident_count
from armswatch.schema import ENTITIES, MENTIONS
from armswatch.store import Store
from conftest import ingest_annotated

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "annotated.jsonl"
SAMPLE = ROOT / "data" / "sample" / "articles.jsonl"
SHOTS = Path(__file__).parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
XSS = "console.log('armswatch-xss')"  # what hostile content would run: the console listener watches for it
HOSTILE = {"id": "hostile-1", "lang": "en", "published": "2024-05-01", "source": "<b>bold</b> wire",
           "url": "javascript:alert(3)", "title": f"<img src=x onerror={XSS}>Hostile title",
           "text": f"North Korea <script>alert(2);{XSS}</script> fired a missile near Pyongyang. "
                   f"<a href='javascript:alert(4)'>x</a> <svg onload=\"{XSS}\"></svg>"}
HOSTILE_ENTITY = f"<img src=x onerror={XSS}>Evil Works"  # an entity name, as a statistical model might return
PAGES = {"": "Arms Watch — Overview", "Timeline": "Timeline", "Incidents": "Incidents", "Entities": "Entities",
         "Map": "Map", "Articles": "Articles", "Reference_check": "Reference check", "Corrections": "Corrections",
         "Ingest": "Ingest"}
PAGE_TITLES = ("Overview", "Timeline", "Incidents", "Entities", "Map", "Articles", "Reference check", "Corrections",
               "Ingest")
ROW_PX = 35  # the data grid's header and row height


def add_hostile_entity(store: Store) -> None:
    """A mention of a person with a hostile name in the hostile article (at "fired", which nothing else marks)."""
    start = HOSTILE["text"].index("fired")
    mention = {"article_id": "hostile-1", "entity": HOSTILE_ENTITY, "entity_type": "PERSON", "text": "fired",
               "start": start, "end": start + 5, "sentence": "North Korea fired.", "origin": "model", "country": "",
               "weapon_type": "", "latitude": None, "longitude": None}
    entity = {k: v for k, v in mention.items() if k in ENTITIES.names} | {"mentions": 1}
    with store.writer() as writer:
        writer.append({"mentions": pa.Table.from_pylist([mention], MENTIONS),
                       "entities": pa.Table.from_pylist([entity], ENTITIES)})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARMSWATCH_MODEL_EN", "blank")
        patch.setenv("ARMSWATCH_MODEL_FR", "blank")
        get_pipeline.cache_clear()
        hostile = tmp_path_factory.mktemp("hostile") / "hostile.jsonl"
        hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
        ingest([str(FIXTURE), str(hostile)], Store(store))
        get_pipeline.cache_clear()
    add_hostile_entity(Store(store))
    with dashboard(store) as url:
        yield url


@contextmanager
def dashboard(store: Path, *options: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``streamlit run dashboard.py`` on ``store``, on a free localhost port; yields its URL. What the
    dashboard printed is shown when the test fails."""
    port = free_port()
    env = os.environ | {"ARMSWATCH_STORE": str(store)} | (env or {})
    with tempfile.TemporaryFile() as printed:
        process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port",
                                    str(port), "--server.headless", "true", *options], cwd=ROOT, env=env,
                                   stdout=printed, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                        break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail("the dashboard did not start within 60 s")
            yield url
        except BaseException:
            printed.seek(0)
            print("the dashboard printed:", printed.read().decode(errors="replace")[-20000:], sep="\n")
            raise
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.outside, page.dialogs, page.ran = [], [], []
    page.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:")) else page.outside.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: page.ran.append(m.text) if "armswatch-xss" in m.text else None)
    yield page
    context.close()


def assert_nothing_ran(page) -> None:
    """No request left the machine, no dialog opened and no hostile script wrote to the console."""
    assert page.outside == [] and page.dialogs == [] and page.ran == []


def problem_rows(page) -> list[list[str]]:
    """The cells of the Ingest page's problem table, from the data grid's accessible table."""
    page.get_by_role("heading", name="Problems").wait_for(timeout=10000)
    grid = page.get_by_test_id("stDataFrame").first
    grid.locator("td[role=gridcell]").first.wait_for(state="attached", timeout=10000)
    return [[(cell.text_content() or "").strip() for cell in row.locator("td").all()]
            for row in grid.locator("tbody tr[role=row]").all()]


def settle(page) -> None:
    """Wait until the script has run: the navigation is drawn and the app is not running."""
    page.get_by_role("link", name="Overview").wait_for(timeout=30000)
    page.wait_for_timeout(1500)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=30000)
    page.wait_for_timeout(500)


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_opens_with_no_outside_request(page, server, path):
    page.goto(f"{server}/{path}")
    settle(page)
    page.get_by_role("heading", name=PAGES[path]).wait_for(timeout=30000)
    assert not page.locator("[data-testid='stException']").count()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path or 'Overview'}.png"), full_page=True)
    assert_nothing_ran(page)


def test_map_draws_coastlines_from_the_local_topojson(page, server):
    fetched = []
    page.on("response", lambda r: fetched.append(r.url) if r.url.endswith(".json") and "static" in r.url else None)
    page.goto(f"{server}/Map")
    settle(page)
    page.wait_for_selector(".geo .coastlines path", state="attached", timeout=30000)
    assert page.locator(".geo .coastlines path").count() >= 1
    assert any(url.endswith("/app/static/world_50m.json") for url in fetched)
    assert page.outside == []


def test_a_filter_set_in_the_sidebar_reaches_the_url_and_the_download(page, server, tmp_path):
    page.goto(f"{server}/Articles")
    settle(page)
    box = page.get_by_label("Text")
    box.fill("Koursk")
    box.press("Enter")
    page.get_by_text("1 articles match").wait_for(timeout=30000)
    assert "text=Koursk" in page.url
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").first.click()
    target = tmp_path / "articles.csv"
    download.value.save_as(target)
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["fx-fr-2"]
    assert list(rows[0])[:7] == ["id", "title", "published", "source", "url", "lang", "text"]  # the export's columns
    assert_nothing_ran(page)


def test_filters_follow_the_analyst_to_another_page_and_live_in_the_link(page, server):
    page.goto(f"{server}/?langs=fr")
    settle(page)
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "3"
    page.get_by_role("link", name="Articles").click()
    page.get_by_role("heading", name="Articles").wait_for(timeout=30000)
    settle(page)
    assert "langs=fr" in page.url
    page.get_by_text("3 articles match").wait_for(timeout=30000)


def test_an_upload_is_ingested_with_its_problems_named(page, server, tmp_path):
    upload = tmp_path / "new.jsonl"
    upload.write_text('{"id": "up-1", "lang": "en", "published": "2025-05-08", "title": "Launcher test", '
                      '"text": "North Korea fired short-range ballistic missiles from Wonsan on Thursday."}\n'
                      "not json\n", encoding="utf-8")
    page.goto(f"{server}/Ingest")
    settle(page)
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Ingest", exact=True).click()
    page.get_by_text("ingested 1").wait_for(timeout=120000)
    assert problem_rows(page) == [["new.jsonl", "2", "rejected", "E103", "invalid JSON: Expecting value"]]
    page.get_by_role("button", name="Download rejected records").wait_for(timeout=10000)
    page.screenshot(path=str(SHOTS / "Ingest-after-upload.png"), full_page=True)
    page.goto(f"{server}/Articles?text=Wonsan")
    settle(page)
    page.get_by_text("1 articles match").wait_for(timeout=30000)
    assert_nothing_ran(page)


def test_hostile_content_is_shown_as_text_and_never_run(page, server):
    page.goto(f"{server}/Articles?text=Hostile")
    settle(page)
    page.get_by_text("1 articles match").wait_for(timeout=30000)
    page.get_by_text("<script>alert(2);", exact=False).first.wait_for(timeout=30000)
    assert page.locator("[data-testid=stMarkdown] script, [data-testid=stMarkdown] svg, img[src=x]").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(1000)
    assert_nothing_ran(page)


@pytest.mark.parametrize("path", ["", "Entities", "Articles?text=Hostile"])
def test_a_hostile_entity_name_is_shown_as_text(page, server, path):
    page.goto(f"{server}/{path}")
    settle(page)
    if path == "Entities":  # the name is an axis label of the chart and a cell of the table
        page.locator(".main-svg text", has_text="Evil Works").first.wait_for(timeout=30000)
    if path.startswith("Articles"):  # the highlight's tooltip names the entity
        assert page.locator(f"[title*='{HOSTILE_ENTITY[:12]}']").count() >= 1
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(1000)
    assert_nothing_ran(page)


def test_a_hostile_upload_name_is_stored_safely_and_shown_as_text(page, server):
    name = f"<img src=x onerror={XSS}>.jsonl"
    page.goto(f"{server}/Ingest")
    settle(page)
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/json", "buffer": b'{"id": "named", "text": "A named upload."}\nbad\n'})
    page.get_by_role("button", name="Ingest", exact=True).click()
    page.get_by_text("ingested 1").wait_for(timeout=120000)
    (stored,) = [row[0] for row in problem_rows(page) if "armswatch-xss" in row[0]]
    assert stored.endswith(".jsonl") and not set("<>=/\\") & set(stored)
    folder = Path(page.get_by_text("Uploaded files kept in").inner_text().removeprefix("Uploaded files kept in "))
    assert folder.parent.name == "uploads" and [p.name for p in folder.iterdir()] == [stored]
    assert page.locator("img[src=x]").count() == 0
    assert_nothing_ran(page)


def test_an_upload_over_the_configured_size_is_refused(browser, tmp_path):
    """server.maxUploadSize (MB) is enforced: here set to 1 on the command line, as config.toml sets 200."""
    with dashboard(tmp_path / "store", "--server.maxUploadSize", "1") as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/Ingest")
        page.get_by_role("heading", name="Ingest").wait_for(timeout=30000)
        big = tmp_path / "big.jsonl"
        big.write_text(json.dumps({"id": "big", "text": "x " * 700_000}) + "\n", encoding="utf-8")
        page.locator("input[type=file]").set_input_files(str(big))
        page.get_by_text("File must be 1.0MB or smaller.").wait_for(timeout=30000)
        assert page.get_by_role("button", name="Ingest", exact=True).count() == 0
        context.close()
    assert not (tmp_path / "store" / "uploads").exists()


def test_the_navigation_names_each_page_by_its_title(page, server):
    page.goto(server)
    settle(page)
    links = page.get_by_test_id("stSidebar").get_by_role("link")
    # a link reads "<icon name> <title>": Material icons are drawn from their names' letters
    assert [text.split(maxsplit=1)[-1] for text in links.all_inner_texts()] == list(PAGE_TITLES)
    assert [link.get_attribute("href").rsplit("/", 1)[-1] for link in links.all()] == list(PAGES)


@pytest.mark.parametrize("delay_ms", [0, 100, 250, 500])
def test_escape_right_after_picking_a_filter_keeps_the_choice(page, server, delay_ms):
    page.goto(server)
    settle(page)
    total = page.get_by_test_id("stMetricValue").first.inner_text()
    page.get_by_test_id("stMultiSelect").first.click()  # Country (actor or involved)
    page.get_by_role("option", name="Russia (RU)").click()
    page.wait_for_timeout(delay_ms)
    page.keyboard.press("Escape")
    page.wait_for_timeout(2500)
    settle(page)
    assert "countries=RU" in page.url
    assert page.get_by_test_id("stMetricValue").first.inner_text() != total
    assert "Russia (RU)" in page.get_by_test_id("stMultiSelect").first.inner_text()


def overview_numbers(tab) -> list[str]:
    return tab.get_by_test_id("stMetricValue").all_inner_texts()


def test_first_start_two_tabs_and_a_reload_process_the_sample_once(browser, tmp_path):
    """A new user's first start: the sample is processed once per server whatever the tabs, reloads and
    disconnects; every tab shows the same progress, then the Overview with its data and live filters."""
    store = tmp_path / "store"
    with dashboard(store, env={"ARMSWATCH_SAMPLE": str(SAMPLE)}) as url:  # the real models, as a user has them
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        first, second = context.new_page(), context.new_page()
        started = time.monotonic()
        first.goto(url)
        first.get_by_text("First start: loading language models").wait_for(timeout=30000)
        second.goto(f"{url}/Timeline")  # another tab, another page, while the sample is processed
        second.get_by_text("First start:").wait_for(timeout=30000)
        first.reload()  # what people do when a progress bar sits at 0
        first.get_by_text("First start:").wait_for(timeout=30000)
        assert not (store / "manifest.json").exists(), "the reload came while the sample was being processed"
        first.get_by_text("Most mentioned").wait_for(timeout=180000)
        elapsed = time.monotonic() - started
        settle(first)
        # the three figures, drawn (a slow machine may still be drawing the last one when the app is idle)
        first.wait_for_function("() => document.querySelectorAll('[data-testid=stMetricValue]').length >= 3",
                                timeout=30000)
        articles, found, happened = overview_numbers(first)
        print(f"\nfirst start: {elapsed:.1f} s from opening the page to the full Overview (two tabs and a reload on "
              f"the way): {articles} articles, {found} entities, {happened} incidents")
        second.get_by_role("heading", name="Timeline").wait_for(timeout=60000)
        for tab in (first, second):
            settle(tab)
            assert not tab.locator("[data-testid='stException']").count()
            assert "No options to select" not in tab.get_by_test_id("stSidebar").inner_text()
        assert overview_numbers(first)[0] == "86"
        assert second.locator(".main-svg .point").count() > 0  # the Timeline draws the sample's events
        snapshot = Store(store).snapshot()
        # processed once: one publish of the rows, then one of the first screens computed for them (views)
        assert snapshot.count("articles") == 86 and snapshot.version == 2, "processed once, published once"
        assert len(snapshot.files["articles"]) == 1 and len(snapshot.files["views"]) == 1
        SHOTS.mkdir(exist_ok=True)
        for path in PAGES:  # every page after a first start, to look at
            first.goto(f"{url}/{path}")
            settle(first)
            first.get_by_role("heading", name=PAGES[path]).wait_for(timeout=30000)
            assert not first.locator("[data-testid='stException']").count()
            first.screenshot(path=str(SHOTS / f"first-start-{path or 'Overview'}.png"), full_page=True)
        open_an_incident_and_the_record(first, url, store)
        context.close()


def open_an_incident_and_the_record(tab, url: str, store: Path) -> None:
    """On the sample's store: a told-twice incident opened from its row, and the Timeline with the CNS record."""
    from armswatch.queries.filters import Filters
    from armswatch.queries.incidents import incident_list

    listing = incident_list(Store(store).snapshot().connect(), Filters())
    row = int((listing.reports > 1).idxmax())  # the newest incident told by several reports
    assert listing.reports[row] > 1 and row < 8, "the sample's newest incidents include one told twice"
    tab.set_viewport_size({"width": 1400, "height": 1900})
    tab.goto(f"{url}/Incidents")
    settle(tab)
    grid = tab.get_by_test_id("stDataFrame").first.bounding_box()
    tab.mouse.click(grid["x"] + 12, grid["y"] + ROW_PX * (row + 1) + ROW_PX / 2)  # the row's selection box
    tab.get_by_text(f"Every report ({listing.reports[row]})").wait_for(timeout=30000)
    settle(tab)
    assert f"incident={listing.incident_id[row]}" in tab.url  # the open incident lives in the link
    assert not tab.locator("[data-testid='stException']").count()
    tab.screenshot(path=str(SHOTS / "Incidents-open.png"), full_page=True)
    tab.goto(f"{url}/Timeline")
    settle(tab)
    marks = tab.locator(".main-svg .point").count()
    tab.get_by_text("The CNS record's tests").click()
    tab.get_by_text("test in the CNS record").wait_for(timeout=30000)
    settle(tab)
    assert tab.locator(".main-svg .point").count() > marks  # the record's tests, drawn beside the marks
    tab.screenshot(path=str(SHOTS / "Timeline-with-record.png"), full_page=True)


def test_a_rename_a_rejected_event_and_the_corrections_page(browser, tmp_path):
    """An analyst renames an entity on its page, rejects an event while reading its article, and finds
    both on the Corrections page; each page is drawn again corrected (screenshots of the three)."""
    store = ingest_annotated(Store(tmp_path / "store")).root
    events_before = Store(store).snapshot().count("events")
    with dashboard(store) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1400})
        tab = context.new_page()
        tab.goto(f"{url}/Entities")
        settle(tab)
        tab.get_by_role("heading", name="Kim Jong Un").wait_for(timeout=30000)
        tab.get_by_text("Correct this entity").click()
        tab.get_by_label("New value").fill("Kim Jong-un")
        tab.get_by_label("Note (optional)").first.fill("the house spelling")
        tab.get_by_role("button", name="Record the correction").click()
        tab.get_by_text("recorded: entity Kim Jong Un rename Kim Jong-un").wait_for(timeout=90000)
        settle(tab)
        tab.get_by_role("heading", name="Kim Jong-un").wait_for(timeout=30000)
        assert not tab.locator("[data-testid='stException']").count()
        tab.screenshot(path=str(SHOTS / "Correction-rename.png"), full_page=True)
        # this browser is a visitor: its id in a cookie, its visit in the store (for "New since")
        (visitor,) = [c["value"] for c in context.cookies() if c["name"] == "armswatch_visitor"]
        assert f"browser:{visitor}" in json.loads((store / "visits.json").read_text(encoding="utf-8"))

        tab.goto(f"{url}/Articles")
        settle(tab)
        tab.get_by_text("Correct an event").click()  # the first event of the newest article; Reject is the default
        tab.get_by_role("button", name="Record the correction").click()
        # what the correction did, why it was refused, or what failed (a publish on a loaded machine
        # can take a while)
        said = tab.get_by_text(re.compile(r"Undo it on the Corrections page|\[E3\d\d\]")).or_(
            tab.get_by_test_id("stException")).first
        try:
            said.wait_for(timeout=90000)
        except PlaywrightError:
            pytest.fail(f"no outcome of the correction; the page reads:\n{tab.inner_text('body')[:4000]}")
        assert "Undo it on the Corrections page" in said.inner_text(), said.inner_text()
        settle(tab)
        assert not tab.locator("[data-testid='stException']").count()
        tab.screenshot(path=str(SHOTS / "Correction-rejected-event.png"), full_page=True)
        assert Store(store).snapshot().connect().execute("SELECT count(*) FROM events").fetchone()[0] == (
            events_before - 1)

        tab.goto(f"{url}/Corrections")
        settle(tab)
        grid = tab.get_by_test_id("stDataFrame").first
        grid.locator("td[role=gridcell]").first.wait_for(state="attached", timeout=10000)
        cells = " ".join(grid.locator("td").all_inner_texts())
        assert "Kim Jong-un" in cells and "the house spelling" in cells and "reject" in cells
        tab.screenshot(path=str(SHOTS / "Corrections.png"), full_page=True)
        context.close()


def test_the_overview_says_what_is_new_since_the_last_visit(browser, tmp_path):
    """A browser back after two hours: the Overview counts the incidents ingested since its last visit,
    and the sidebar's "New since" shows only them (screenshot of the banner)."""
    store = ingest_annotated(Store(tmp_path / "store"))
    visitor, left = "0123456789abcdef0123456789abcdef", datetime.now(UTC) - timedelta(hours=2)
    (store.root / "visits.json").write_text(json.dumps({f"browser:{visitor}": {"seen": left.isoformat(), "since": ""}}),
                                            encoding="utf-8")
    new = incident_count(store.snapshot().connect(), Filters(since=left))
    assert new > 0
    with dashboard(store.root) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_cookies([{"name": "armswatch_visitor", "value": visitor, "url": url}])
        tab = context.new_page()
        tab.goto(url)
        settle(tab)
        banner = tab.get_by_text(re.compile(r"new incidents since your last visit"))
        banner.wait_for(timeout=30000)
        assert f"{new:,} new incidents since your last visit ({left:%Y-%m-%d %H:%M} UTC)" in banner.inner_text()
        tab.screenshot(path=str(SHOTS / "Overview-new-since.png"), full_page=True)
        tab.get_by_text(re.compile(r"^New since \d")).click()  # the sidebar's toggle, not the banner's words
        banner.wait_for(state="detached", timeout=30000)  # the page shows only what is new: no banner
        assert "since=" in tab.url
        assert not tab.locator("[data-testid='stException']").count()
        context.close()
