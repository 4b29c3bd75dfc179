"""The web UI end to end: uvicorn on a loopback port, driven by headless Chromium.

Chromium is Debian's package (scripts/setup.sh installs it), driven through the
`playwright` Python package with `executable_path`; `playwright install` is never
run. Without Chromium these tests fail rather than skip: CI installs it, so a
missing browser is a broken setup, not an optional feature. Every flow runs at a
desktop size (1440x900) and a phone size (390x844); on the phone the page must never
be wider than the screen. Screenshots go to $SITREPORT_ARTIFACTS (default:
<tmp>/sitreport-artifacts), named ui-<size>-<step>.png.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import uvicorn
from api_seed import TOKEN, seed, seed_documents

from sitreport.api import create_app
from sitreport.link import link_store
from sitreport.model import (
    AcledCoding,
    Attribution,
    Counts,
    DateRange,
    Document,
    Event,
    Evidence,
    Factuality,
    Place,
    Precision,
)
from sitreport.store import EventKey, MemoryStore
from sitreport.testing import FakePipeline, make_document

pytestmark = pytest.mark.e2e

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
FAULT = "x-test-fault"  # a failure a test made on purpose
SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
# Two towns 15 km apart: one group on the world map, two places once zoomed in.
TOWNS = (("Bamako", "MLI", "Bamako", 12.64, -8.0), ("Kati", "MLI", "Koulikoro", 12.74, -8.07))
FILLERS = 60  # with the seed, two pages of 50 events


def _chromium() -> str:
    path = os.environ.get("SITREPORT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        pytest.fail(f"Chromium not found at {path}: apt-get install chromium (scripts/setup.sh)")
    return path


def _artifacts() -> Path:
    root = Path(os.environ.get("SITREPORT_ARTIFACTS") or Path(tempfile.gettempdir()) / "sitreport-artifacts")
    root.mkdir(parents=True, exist_ok=True)
    return root


def filler_documents() -> list[Document]:
    """Protests and arrests in two Malian towns over August 2024, one article each; the
    first has no title, so the UI must name it from its text."""
    docs = []
    for i in range(FILLERS):
        town = TOWNS[i % 2]
        day = dt.date(2024, 3, 1) + dt.timedelta(days=3 * i)
        kind, verb = ("PROTEST", "marched") if i % 3 else ("COERCE", "arrested")
        acled = (AcledCoding("Protests", "Peaceful protest", "Demonstrations") if i % 3
                 else AcledCoding("Strategic developments", "Arrests", "Strategic developments"))
        sentence = f"Students {verb} in {town[0]} on {day.isoformat()} over rally number {i}."
        text = f"Sahel Desk\n{sentence}\nThe capital stayed calm."
        start = text.index(sentence)
        t = text.index(verb)
        p = text.index(town[0], start)
        event = Event(
            id="e1", type=kind, trigger=verb, trigger_start=t, trigger_end=t + len(verb), sentence=0,
            location=Place(town[0], p, p + len(town[0]), town[0], town[1], town[2], None, town[3], town[4]),
            date=DateRange(day.isoformat(), start, start, day, day, Precision.DAY), counts=Counts(),
            attribution=Attribution(chain=(), cue=None), factuality=Factuality.ASSERTED,
            evidence=Evidence(sentence, start, start + len(sentence)), acled=acled,
        )
        docs.append(make_document(text, outlet="Sahel Desk", published=day, title=None if i == 0 else f"Rally {i}",
                                  events=(event,)))
    return docs


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app over a MemoryStore of the seed and the fillers, linked (64 events: the
    Kharkiv strike's three reports, 63 of one report), on 127.0.0.1 at a free port;
    yields its base URL."""
    store = MemoryStore()
    seed(store)
    for doc in filler_documents():
        store.add_document(doc)
    link_store(store)
    app = create_app(store, token=TOKEN, pipeline=FakePipeline())
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(params=sorted(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def page(browser: object, server: str, size: str) -> Iterator[object]:
    from playwright.sync_api import Browser, Request, Route

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport=SIZES[size], accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []
    outside: list[str] = []
    failed: list[str] = []

    def only_loopback(route: Route, request: Request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    pg.route("**/*", only_loopback)
    pg.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    pg.on("console", lambda msg: _console(msg, problems))
    pg.on("response", lambda r: _failed(r, failed))
    yield pg
    context.close()
    assert outside == [], f"the UI tried to reach outside the server: {outside}"
    assert problems == []
    # Only the deliberately refused write may fail.
    assert [f for f in failed if f != f"401 {server}/api/documents"] == []


def _failed(response: object, failed: list[str]) -> None:
    from playwright.sync_api import Response

    assert isinstance(response, Response)
    if response.status >= 400 and FAULT not in response.headers:
        failed.append(f"{response.status} {response.url}")


def _console(msg: object, problems: list[str]) -> None:
    from playwright.sync_api import ConsoleMessage

    assert isinstance(msg, ConsoleMessage)
    # A failed fetch is also logged as "Failed to load resource"; responses are checked apart.
    if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
        problems.append(f"console {msg.type}: {msg.text}")


def _fits(pg: object, size: str) -> None:
    """On the phone, nothing makes the page wider than the screen."""
    from playwright.sync_api import Page

    assert isinstance(pg, Page)
    if size == "phone":
        width = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"page {width[0]} px wide on a {width[1]} px screen"


def _shot(pg: object, size: str, step: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(pg, Page)
    pg.screenshot(path=str(_artifacts() / f"ui-{size}-{step}.png"), full_page=True)


def _hash_params(pg: object) -> dict[str, list[str]]:
    from playwright.sync_api import Page

    assert isinstance(pg, Page)
    fragment = urlsplit(pg.url).fragment
    return parse_qs(fragment.split("?", 1)[1]) if "?" in fragment else {}


def _open_filters(pg: object) -> None:
    """The filter panel starts folded on a phone."""
    from playwright.sync_api import Page

    assert isinstance(pg, Page)
    if not pg.locator("#more-filters").evaluate("d => d.open"):
        pg.click("#more-filters > summary")


def test_ui_loads_filters_keeps_the_filter_on_reload_searches_and_pages(page: object, server: str, size: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/")
    rows = page.locator("#events-table tbody tr")
    expect(rows).to_have_count(50)
    expect(page.locator("#event-count")).to_have_text("1–50 of 64 events")
    # The offline base map, the grouped places and the stacked timeline with its axis.
    expect(page.locator("#map g.point").first).to_be_visible()
    assert page.locator("#map path.country").count() > 100
    assert page.locator("#timeline rect.bar").count() >= 2
    assert page.locator("#timeline .axis .tick").count() >= 2
    expect(page.locator("#type-legend li")).to_have_count(16)
    # Rows are links; the untitled article is named from its text, not its hash.
    assert page.locator("#events-table tbody tr a.row-link").count() == 50
    _fits(page, size)
    _shot(page, size, "events")

    # Page 2 holds the last 11, and the page is in the URL.
    page.locator("#pager a", has_text="Next").click()
    expect(page.locator("#event-count")).to_have_text("51–64 of 64 events")
    expect(rows).to_have_count(14)
    assert _hash_params(page)["page"] == ["2"]

    # Filter by type (a multi-choice list) and country: back to page 1, both in the URL.
    _open_filters(page)
    page.click("#filters details.multi[data-name=type] > summary")
    page.check("#filters details.multi[data-name=type] input[value=ASSAULT]")
    expect(page.locator("#event-count")).to_have_text("1–3 of 3 events")
    page.keyboard.press("Escape")
    page.select_option("#filters select[name=country]", "UKR")
    expect(rows).to_have_count(1)
    params = _hash_params(page)
    assert params["type"] == ["ASSAULT"] and params["country"] == ["UKR"] and "page" not in params
    _fits(page, size)
    _shot(page, size, "filtered")

    # A reload shows the same view, the form included.
    page.reload()
    expect(rows).to_have_count(1)
    expect(page.locator("#events-table tbody tr").first).to_contain_text("Kharkiv")
    assert page.locator("#filters details.multi[data-name=type] input[value=ASSAULT]").is_checked()
    assert page.locator("#filters select[name=country]").input_value() == "UKR"

    # Search is the server's, over evidence, actors and places; clear first.
    _open_filters(page)
    page.click("#clear-filters")
    expect(rows).to_have_count(50)
    page.fill("#filters input[name=q]", "kati")
    page.click("#filters .search-row button[type=submit]")
    expect(page.locator("#event-count")).to_have_text("1–30 of 30 events")
    assert _hash_params(page)["q"] == ["kati"]
    page.fill("#filters input[name=q]", "drones")
    page.press("#filters input[name=q]", "Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Kharkiv")
    _fits(page, size)
    _shot(page, size, "search")

    # Min corroboration and a date range are filters too.
    page.goto(f"{server}/#/?min_corroboration=2")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Kharkiv")
    page.goto(f"{server}/#/?date_from=2024-03-01&date_to=2024-03-07")
    expect(page.locator("#event-count")).to_have_text("1–3 of 3 events")
    page.goto(f"{server}/#/?unit=reports&outlet=Reuters")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Reuters")

    # The narrowest phone the layout is made for.
    if size == "phone":
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto(f"{server}/")
        expect(rows).to_have_count(50)
        _fits(page, size)


def test_ui_opens_a_cluster_with_its_reports_side_by_side(page: object, server: str, size: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/#/?type=ASSAULT&country=UKR")
    page.locator("#events-table tbody tr a.row-link").first.click()
    expect(page).to_have_url(re.compile(r"#/event/c[0-9a-f]+\?type=ASSAULT&country=UKR$"))
    cards = page.locator("#cluster-reports .report-card")
    expect(cards).to_have_count(3)
    expect(page.locator("#cluster-reports .report-card.contradicts")).to_have_count(1)
    expect(page.locator(".contradiction-banner")).to_contain_text("TASS")
    expect(page.locator("#cluster-sources li")).to_have_count(2)
    reuters = cards.filter(has_text="Reuters")
    expect(reuters.locator(".chain li")).to_have_text(["Reuters", "Suspilneoutlet", "the city's mayorgovernment"])
    expect(reuters.locator("mark.trigger")).to_have_count(1)
    _fits(page, size)
    _shot(page, size, "cluster")
    # The back link keeps the list's filter.
    page.locator("#cluster-view a.back").click()
    expect(page.locator("#events-table tbody tr")).to_have_count(1)


def test_ui_exports_the_current_filter(page: object, server: str, size: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/#/?q=kati&type=COERCE")
    expect(page.locator("#event-count")).to_have_text("1–10 of 10 events")

    def download(format: str) -> bytes:
        page.click("#export-menu > summary")
        with page.expect_download() as info:
            page.click(f"#export-menu button[data-format={format}]")
        path = info.value.path()
        assert path is not None
        return Path(path).read_bytes()

    rows = list(csv.DictReader(io.StringIO(download("acled-csv").decode("utf-8"))))
    assert len(rows) == 10 and {r["location"] for r in rows} == {"Kati"}
    features = json.loads(download("geojson"))["features"]
    assert len(features) == 10
    assert all(f["geometry"]["coordinates"] == [-8.07, 12.74] for f in features)
    lines = download("plover").decode("utf-8").splitlines()
    assert len(lines) == 10 and {json.loads(line)["event"] for line in lines} == {"COERCE"}
    parquet = download("parquet")
    assert parquet[:4] == b"PAR1" and parquet[-4:] == b"PAR1"
    expect(page.locator("#status")).to_contain_text("sitreport-events.parquet")
    _fits(page, size)


def test_ui_map_zooms_groups_places_and_works_by_keyboard(page: object, server: str, size: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/#/?country=MLI")
    expect(page.locator("#event-count")).to_have_text("1–50 of 61 events")
    # The two towns are one group of 61 at the first zoom.
    mali = page.locator("#map g.point")
    expect(mali).to_have_count(1)
    expect(mali.first).to_have_attribute("data-n", "61")
    expect(mali.locator("text.count")).to_have_text("61")
    stage = page.locator("#map g.stage")
    before = stage.get_attribute("transform")
    page.click("#map-in")
    expect(page.locator("#map-zoom")).to_have_text("2.0×")
    assert stage.get_attribute("transform") != before
    # Keyboard: focus the map, zoom with +, pan with an arrow, reset with 0.
    page.focus("#map")
    page.keyboard.press("+")
    expect(page.locator("#map-zoom")).to_have_text("4.0×")
    zoomed = stage.get_attribute("transform")
    page.keyboard.press("ArrowLeft")
    assert stage.get_attribute("transform") != zoomed
    page.keyboard.press("0")
    expect(page.locator("#map-zoom")).to_have_text("1.0×")
    # Enter on the group zooms in until the towns separate, then a town lists its events.
    mali.first.focus()
    page.keyboard.press("Enter")
    expect(mali).to_have_count(2)
    assert sorted(int(n or 0) for n in mali.evaluate_all("ps => ps.map(p => p.dataset.n)")) == [30, 31]
    kati = page.locator("#map g.point[aria-label*='Kati']")
    kati.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#map-popup")).to_be_visible()
    _shot(page, size, "map")
    page.locator("#map-popup button.secondary").first.click()
    expect(page.locator("#event-count")).to_have_text("1–30 of 30 events")
    assert _hash_params(page)["at"] == ["12.74,-8.07"]
    _fits(page, size)


def test_ui_opens_a_report_and_highlights_its_evidence(page: object, server: str, size: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    reuters = seed_documents()[1]
    event = reuters.events[0]
    assert event.evidence is not None
    page.goto(f"{server}/#/?unit=reports&outlet=Reuters")
    page.locator("#events-table tbody tr a.row-link").first.click()
    selected = page.locator("#article-text mark.selected")
    expect(selected).to_have_count(1)
    assert selected.text_content() == event.evidence.sentence
    # The text around the highlight is the article's own text, unchanged.
    assert page.locator("#article-text").text_content() == reuters.text
    chain = page.locator("#attribution-chain li")
    expect(chain).to_have_text(["Reuters", "Suspilneoutlet", "the city's mayorgovernment"])
    expect(page.locator("#linked-reports li")).to_have_count(2)
    expect(page.locator("#linked-reports .contra")).to_have_count(1)
    _fits(page, size)
    _shot(page, size, "article")

    # Follow the link to the denial: it becomes the selected event.
    page.locator("#linked-reports a", has_text="TASS").click()
    tass = seed_documents()[2]
    assert tass.events[0].evidence is not None
    expect(selected).to_have_text(tass.events[0].evidence.sentence)
    expect(page.locator("#event-detail .fact.denied").first).to_be_visible()

    # An untitled article is named by its first line, never by its id.
    untitled = filler_documents()[0]
    page.goto(f"{server}/#/document/{untitled.id}")
    expect(page.locator("#article-title")).to_have_text(untitled.text.splitlines()[1])


def test_ui_renders_markup_in_articles_as_text(page: object, server: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    doc = seed_documents()[4]
    page.goto(f"{server}/#/report/{EventKey(doc.id, 'e1')}")
    expect(page.locator("#article-title")).to_have_text("<b>Convoy</b> attacked")
    text = page.locator("#article-text")
    expect(text).to_contain_text('<img src=x onerror="window.__xss=1">')
    expect(text).to_contain_text("<script>window.__xss=2</script>")
    assert page.locator("#article-text img, #article-text script, #article-title b").count() == 0
    assert page.evaluate("window.__xss") is None


def test_ui_shows_an_error_when_the_api_fails(page: object, server: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.route("**/api/clusters?*", lambda route: route.fulfill(
        status=503, body='{"detail": "store busy"}', headers={FAULT: "1", "content-type": "application/json"}))
    page.goto(f"{server}/")
    expect(page.locator("#table-panel .panel-error")).to_contain_text("store busy")
    expect(page.locator("#status.error")).to_contain_text("503")
    expect(page.locator("#table-panel")).not_to_have_attribute("aria-busy", "true")


def test_ui_graph_and_documents(page: object, server: str, size: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/#/graph")
    expect(page.locator("#graph g.node.outlet")).to_have_count(7)  # 6 outlets + Suspilne
    expect(page.locator("#graph path.edge.contradicts")).to_have_count(2)
    expect(page.locator("#graph path.edge.corroborates")).to_have_count(1)
    _fits(page, size)
    _shot(page, size, "graph")

    page.click("nav a[data-view=documents]")
    expect(page.locator("#documents-table tbody tr")).to_have_count(65)
    _fits(page, size)


def test_ui_adds_an_article(page: object, server: str, size: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/")
    page.click("nav a[data-view=add]")
    page.fill(
        "#add-form textarea[name=body]",
        f"Wire\nOct 9, 2024\nRussian forces shelled Kharkiv on 2024-10-08, according to Suspilne ({size}).",
    )
    page.fill("#add-form input[name=token]", "wrong")
    page.click("#add-form button[type=submit]")
    expect(page.locator("#status.error")).to_contain_text("401")
    page.fill("#add-form input[name=token]", TOKEN)
    page.click("#add-form button[type=submit]")
    expect(page.locator("#article-meta")).to_contain_text("Wire · 2024-10-09")
    expect(page.locator("#article-text mark")).to_have_count(1)
    expect(page.locator("#status")).to_have_text("Stored 1 event.")
    _fits(page, size)
