"""The real dashboard in a real browser: Debian's Chromium driven by Playwright.

Starts ``streamlit run dashboard.py`` on a free localhost port over a small store, opens every
page, applies a filter through the sidebar, downloads a CSV, checks the map draws coastlines
from the locally served topojson and that the page makes no request off this machine, and
saves a screenshot of each page to tests/screenshots/. Fails (never skips) without Chromium.
"""

import csv
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from armswatch.ingest import ingest
from armswatch.nlp.pipeline import get_pipeline
from armswatch.store import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "annotated.jsonl"
SHOTS = Path(__file__).parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
HOSTILE = {"id": "hostile-1", "lang": "en", "published": "2024-05-01", "source": "<b>bold</b> wire",
           "url": "javascript:alert(3)", "title": "<img src=x onerror=alert(1)>Hostile title",
           "text": "North Korea <script>alert(2)</script> fired a missile near Pyongyang. "
                   "<a href='javascript:alert(4)'>x</a>"}
PAGES = {"": "Arms Watch — Overview", "Timeline": "Timeline", "Entities": "Entities", "Map": "Map",
         "Articles": "Articles", "Ingest": "Ingest"}


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
    port = free_port()
    env = os.environ | {"ARMSWATCH_STORE": str(store)}
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                                "--server.headless", "true"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
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
    page.outside, page.dialogs = [], []
    page.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:")) else page.outside.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def settle(page) -> None:
    """Wait until the script has run: the sidebar filters are drawn and the app is not running."""
    page.get_by_role("heading", name="Filters").wait_for(timeout=30000)
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
    assert page.outside == [] and page.dialogs == []


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
    assert page.outside == [] and page.dialogs == []


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
    page.get_by_text("new.jsonl:2: [E103] invalid JSON").wait_for(timeout=10000)
    page.goto(f"{server}/Articles?text=Wonsan")
    settle(page)
    page.get_by_text("1 articles match").wait_for(timeout=30000)
    assert page.outside == [] and page.dialogs == []


def test_hostile_content_is_shown_as_text_and_never_run(page, server):
    page.goto(f"{server}/Articles?text=Hostile")
    settle(page)
    page.get_by_text("1 articles match").wait_for(timeout=30000)
    page.get_by_text("<script>alert(2)</script>", exact=False).first.wait_for(timeout=30000)
    assert page.locator("article script, [data-testid=stMarkdown] script, img[src=x]").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(1000)
    assert page.dialogs == [] and page.outside == []
