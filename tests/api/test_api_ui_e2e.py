"""The web UI end to end: uvicorn on a loopback port, driven by headless Chromium.

Chromium is Debian's package (scripts/setup.sh installs it), driven through the
`playwright` Python package with `executable_path`; `playwright install` is never
run. Without Chromium these tests fail rather than skip: CI installs it, so a
missing browser is a broken setup, not an optional feature. Screenshots go to
$SITREPORT_ARTIFACTS (default: <tmp>/sitreport-artifacts).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from api_seed import TOKEN, seed, seed_documents

from sitreport.api import create_app
from sitreport.store import EventKey, MemoryStore
from sitreport.testing import FakePipeline

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


def _chromium() -> str:
    path = os.environ.get("SITREPORT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        pytest.fail(f"Chromium not found at {path}: apt-get install chromium (scripts/setup.sh)")
    return path


def _artifacts() -> Path:
    root = Path(os.environ.get("SITREPORT_ARTIFACTS") or Path(tempfile.gettempdir()) / "sitreport-artifacts")
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app over a seeded MemoryStore, on 127.0.0.1 at a free port; yields its base URL."""
    store = MemoryStore()
    seed(store)
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


@pytest.fixture
def page(browser: object, server: str) -> Iterator[object]:
    from playwright.sync_api import Browser, Request, Route

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
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
    pg.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield pg
    context.close()
    assert outside == [], f"the UI tried to reach outside the server: {outside}"
    assert problems == []
    # Only the deliberately refused write may fail.
    assert [f for f in failed if f != f"401 {server}/api/documents"] == []


def _console(msg: object, problems: list[str]) -> None:
    from playwright.sync_api import ConsoleMessage

    assert isinstance(msg, ConsoleMessage)
    # A failed fetch is also logged as "Failed to load resource"; responses are checked apart.
    if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
        problems.append(f"console {msg.type}: {msg.text}")


def _rows(pg: object) -> int:
    from playwright.sync_api import Page

    assert isinstance(pg, Page)
    return pg.locator("#events-table tbody tr").count()


def test_api_ui_filters_opens_an_event_and_highlights_its_evidence(page: object, server: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/")
    rows = page.locator("#events-table tbody tr")
    expect(rows).to_have_count(6)
    # The offline base map and the event layers are drawn.
    expect(page.locator("#map path.country").first).to_be_attached()
    assert page.locator("#map path.country").count() > 100
    expect(page.locator("#map circle.event")).to_have_count(6)
    expect(page.locator("#timeline circle.event")).to_have_count(6)
    page.screenshot(path=str(_artifacts() / "ui-events.png"), full_page=True)

    # Filter: assaults in Ukraine, then those reported by at least two independent roots.
    page.select_option("#filters select[name=type]", "ASSAULT")
    page.select_option("#filters select[name=country]", "UKR")
    page.click("#filters button[type=submit]")
    expect(rows).to_have_count(3)
    expect(page.locator("#event-count")).to_have_text("3 events")
    page.fill("#filters input[name=actor]", "drones")
    page.click("#filters button[type=submit]")
    expect(rows).to_have_count(1)
    page.click("#filters button[type=reset]")
    expect(rows).to_have_count(6)
    page.fill("#filters input[name=date_from]", "2024-09-10")
    page.fill("#filters input[name=date_to]", "2024-09-30")
    page.click("#filters button[type=submit]")
    expect(rows).to_have_count(2)
    page.click("#filters button[type=reset]")
    page.fill("#filters input[name=min_corroboration]", "2")
    page.click("#filters button[type=submit]")
    expect(rows).to_have_count(3)

    # Open the Reuters report of the Kharkiv strike.
    reuters = seed_documents()[1]
    event = reuters.events[0]
    assert event.evidence is not None
    page.locator(f"#events-table tr[data-event-id='{EventKey(reuters.id, event.id)}']").click()
    selected = page.locator("#article-text mark.selected")
    expect(selected).to_have_count(1)
    expect(selected).to_have_text(event.evidence.sentence)
    assert selected.text_content() == event.evidence.sentence
    # The text around the highlight is the article's own text, unchanged.
    assert page.locator("#article-text").text_content() == reuters.text
    chain = page.locator("#attribution-chain li")
    expect(chain).to_have_text(["Reuters", "Suspilneoutlet", "the city's mayorgovernment"])
    expect(page.locator("#linked-reports li")).to_have_count(2)
    expect(page.locator("#linked-reports .contra")).to_have_count(1)
    page.screenshot(path=str(_artifacts() / "ui-article.png"), full_page=True)

    # Follow the link to the denial: it becomes the selected event.
    page.locator("#linked-reports a", has_text="TASS").click()
    tass = seed_documents()[2]
    assert tass.events[0].evidence is not None
    expect(selected).to_have_text(tass.events[0].evidence.sentence)
    expect(page.locator("#event-detail .fact.denied").first).to_be_visible()


def test_api_ui_renders_markup_in_articles_as_text(page: object, server: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    doc = seed_documents()[4]
    page.goto(f"{server}/#/event/{EventKey(doc.id, 'e1')}")
    expect(page.locator("#article-title")).to_have_text("<b>Convoy</b> attacked")
    text = page.locator("#article-text")
    expect(text).to_contain_text('<img src=x onerror="window.__xss=1">')
    expect(text).to_contain_text("<script>window.__xss=2</script>")
    assert page.locator("#article-text img, #article-text script, #article-title b").count() == 0
    assert page.evaluate("window.__xss") is None


def test_api_ui_graph_documents_and_add(page: object, server: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/#/graph")
    expect(page.locator("#graph g.node.outlet")).to_have_count(6)  # 5 outlets + Suspilne
    expect(page.locator("#graph path.edge.contradicts")).to_have_count(2)
    expect(page.locator("#graph path.edge.corroborates")).to_have_count(1)
    page.screenshot(path=str(_artifacts() / "ui-graph.png"), full_page=True)

    page.click("nav a[data-view=documents]")
    expect(page.locator("#documents-table tbody tr")).to_have_count(5)

    page.click("nav a[data-view=add]")
    page.fill(
        "#add-form textarea[name=body]",
        "Wire\nOct 9, 2024\nRussian forces shelled Kharkiv on 2024-10-08, according to Suspilne.",
    )
    page.fill("#add-form input[name=token]", "wrong")
    page.click("#add-form button[type=submit]")
    expect(page.locator("#status.error")).to_contain_text("401")
    page.fill("#add-form input[name=token]", TOKEN)
    page.click("#add-form button[type=submit]")
    expect(page.locator("#article-meta")).to_contain_text("Wire · 2024-10-09")
    expect(page.locator("#article-text mark")).to_have_count(1)
    expect(page.locator("#status")).to_have_text("Stored 1 event.")
