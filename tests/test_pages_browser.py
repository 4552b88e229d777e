"""The web pages in a real browser: Debian's chromium, headless, driven by Playwright, against a real
`sgraph serve` on a loopback port over a store loaded from the corpus.

Every test records every request the browser makes and asserts that none leaves the server.
Screenshots of each page are saved under test-output/screenshots/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import httpx
import pdfplumber
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, sync_playwright

from graph.build import build_graph
from graph.ingest import load_paths
from graph.model import NodeType, node_id
from graph.store import Store
from visualisations import maps

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
TOKEN = "browser-test-token"
MARKER = "PWNED-MARKER"
# A payload the readers keep as text (they strip only the HTML elements plans are exported with,
# repeatedly, so a <script> split around an inner tag no longer survives; an <audio> handler does),
# and one in the file name, which is kept verbatim.
ACTIVE_PAYLOAD = f"<audio src=x onerror=\"console.log('{MARKER}');window.__pwned=1\">"
PAYLOAD_FILE_NAME = f"<img src=x onerror=console.log('{MARKER}')>.txt"
PAYLOAD_TEXT = (
    "Hillside improvement plan, invented for the browser test\n\n"
    "Recommendation\tImprovement action\tLead\tTimescale\tStatus\n"
    "1.1 Make sure every ward nurse knows the hidden referral route\t"
    f"Run refresher sessions {ACTIVE_PAYLOAD}\t"
    "Named Nurse\tMar-17\tCompleted\n"
)


@dataclass
class Server:
    url: str
    db: Path

    def json(self, path: str) -> object:
        return httpx.get(self.url + path, timeout=30).json()


@dataclass
class Watch:
    """What the browser did on one page: requests, dialogs and console messages."""

    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("browser") / "corpus.db"
    with Store(db) as store:
        assert not any(r.failed for r in load_paths(store, [corpus_dir]))
    port = free_port()
    env = {**os.environ, "SGRAPH_API_TOKEN": TOKEN}
    command = [
        sys.executable,
        "-c",
        "from api.cli import main; main()",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"sgraph serve did not start: {output}")
            time.sleep(0.2)
        yield Server(url, db)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make browser` does, as root)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch()
    context.on("request", lambda request: watch.requests.append(_url(request)))
    opened = context.new_page()
    opened.on("dialog", lambda dialog: _dismiss(dialog, watch))
    opened.on("console", lambda message: watch.console.append(_text(message)))
    yield opened, watch
    context.close()
    outside = [u for u in watch.requests if not u.startswith((server.url + "/", "data:", "about:", "blob:"))]
    assert outside == [], f"requests left the server: {outside}"


def _url(request: Request) -> str:
    return request.url


def _text(message: ConsoleMessage) -> str:
    return message.text


def _dismiss(dialog: Dialog, watch: Watch) -> None:
    watch.dialogs.append(dialog.message)
    dialog.dismiss()


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def busiest_organisation(server: Server) -> str:
    orgs = server.json("/organisations?limit=500")["items"]  # type: ignore[index]
    return str(max(orgs, key=lambda o: (o["recommendations"], o["name"]))["name"])


def wait_for_map(page: Page) -> None:
    page.wait_for_selector("body[data-map-ready=yes]", timeout=60_000)


def test_home_to_organisation_page_in_two_clicks(page: tuple[Page, Watch], server: Server) -> None:
    tab, _ = page
    name = busiest_organisation(server)
    tab.goto(server.url + "/")
    assert "Safeguarding Graph" in tab.title()
    shoot(tab, "home")
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Organisations").click()
    tab.get_by_role("link", name=name, exact=True).first.click()
    tab.wait_for_load_state()
    assert tab.locator("h1").inner_text() == name
    assert tab.get_by_role("heading", name="Accountable jointly").is_visible()
    assert tab.get_by_role("heading", name="Gaps and overdue (as of today)").is_visible()
    shoot(tab, "organisation")
    # the same page is also one click from the home page's own list
    tab.goto(server.url + "/")
    tab.locator("#content").get_by_role("link", name=name, exact=True).click()
    assert tab.locator("h1").inner_text() == name


def test_skip_link_is_first_and_moves_focus(page: tuple[Page, Watch], server: Server) -> None:
    tab, _ = page
    tab.goto(server.url + "/")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Skip to main content"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "content"


def test_map_canvas_renders_the_expected_nodes(page: tuple[Page, Watch], server: Server) -> None:
    tab, _ = page
    name = busiest_organisation(server)
    with Store(server.db) as store:
        g = build_graph(store.documents())
    expected = maps.organisation_map(g, node_id(NodeType.ORGANISATION, name))
    tab.goto(f"{server.url}/maps/organisations/{quote(name)}")
    wait_for_map(tab)
    shoot(tab, "organisation-map")
    assert tab.evaluate("window.sgraphMap.nodes.length") == expected.shown_nodes
    assert tab.evaluate("window.sgraphMap.network.body.nodeIndices.length") == expected.shown_nodes
    assert tab.evaluate("window.sgraphMap.edges.length") == len(expected.edges)
    assert tab.locator("#map-count").inner_text() == expected.message()
    # the nodes are drawn on the canvas (drawing follows the layout by an animation frame)
    tab.wait_for_function(
        """() => { const c = document.querySelector('#map canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; }
                   return n > 1000; }""",
        timeout=10_000,
    )


def test_clicking_a_node_shows_it_and_double_clicking_opens_its_page(
    page: tuple[Page, Watch], server: Server
) -> None:
    tab, _ = page
    tab.goto(server.url + "/maps/co-accountability")
    wait_for_map(tab)
    shoot(tab, "co-accountability-map")
    target = tab.evaluate(
        """() => { const m = window.sgraphMap; const id = m.nodes.getIds()[0];
                   const p = m.network.canvasToDOM(m.network.getPositions([id])[id]);
                   return {id: id, x: p.x, y: p.y, url: m.nodes.get(id).url, name: m.nodes.get(id).name,
                           at: m.network.getNodeAt(p),
                           neighbours: new Set((m.links[id] || []).map(l => l.other)).size}; }"""
    )
    assert target["at"] == target["id"]
    box = tab.locator("#map canvas").bounding_box()
    assert box is not None
    tab.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    details = tab.locator("#map-details")
    assert details.get_by_role("heading", level=2).inner_text() == target["name"]
    assert target["neighbours"] > 0
    assert details.get_by_role("heading", name=f"Neighbours ({target['neighbours']})").is_visible()
    assert " share " in details.locator(".link-words").first.inner_text()  # each link said in words
    assert tab.evaluate("document.body.dataset.selected") == target["id"]
    shoot(tab, "co-accountability-map-selected")
    with tab.expect_navigation():
        tab.mouse.dblclick(box["x"] + target["x"], box["y"] + target["y"])
    assert tab.url == server.url + target["url"]
    assert tab.url.startswith(server.url + "/pages/organisations/")


def test_uploaded_script_payload_stays_inert(
    page: tuple[Page, Watch], server: Server, tmp_path: Path
) -> None:
    tab, watch = page
    upload = tmp_path / PAYLOAD_FILE_NAME
    upload.write_text(PAYLOAD_TEXT)
    tab.goto(server.url + "/pages/documents")
    tab.get_by_label("Upload token").fill(TOKEN)
    tab.locator("#files").set_input_files(str(upload))
    with tab.expect_navigation():
        tab.get_by_role("button", name="Load").click()
    assert "loaded" in tab.get_by_role("status").inner_text()
    shoot(tab, "documents-after-upload")
    recs = server.json("/recommendations?limit=500")["items"]  # type: ignore[index]
    planted = next(r for r in recs if "hidden referral route" in (r["text"] or ""))
    detail = server.json(f"/recommendations/{planted['id']}")
    assert ACTIVE_PAYLOAD in detail["actions"][0]["text"]  # type: ignore[index]  # the payload reached the graph
    visited = [
        f"/pages/recommendations/{planted['id']}",
        f"/pages/reviews/{planted['review']}",
        f"/maps/reviews/{planted['review']}",
        "/pages/documents",
        f"/pages/documents/{quote(PAYLOAD_FILE_NAME, safe='')}/source?line=4",
        "/pages/search?q=refresher",
    ]
    for path in visited:
        tab.goto(server.url + path)
        if path.startswith("/maps/"):
            wait_for_map(tab)
            tab.mouse.move(640, 600)  # hover over the map: tooltips show document text
        assert tab.evaluate("typeof window.__pwned") == "undefined", path
    shoot(tab, "recommendation-with-payload")
    assert watch.dialogs == []
    assert not [m for m in watch.console if MARKER in m]


def test_every_page_renders(page: tuple[Page, Watch], server: Server) -> None:
    tab, watch = page
    reviews = server.json("/reviews")["items"]  # type: ignore[index]
    review = max(reviews, key=lambda r: r["recommendations"])
    recs = server.json("/recommendations?limit=500")["items"]  # type: ignore[index]
    themes = server.json("/themes")["items"]  # type: ignore[index]
    pages = {
        "review": f"/pages/reviews/{review['id']}",
        "recommendation": f"/pages/recommendations/{recs[0]['id']}",
        "documents": "/pages/documents",
        "themes": "/pages/themes",
        "api-docs": "/docs",
        "not-found": "/pages/organisations/Nowhere%20In%20Particular",
    }
    if themes:
        pages["theme"] = f"/pages/themes/{themes[0]['theme']}"
        pages["theme-map"] = "/maps/themes"
    for name, path in pages.items():
        response = tab.goto(server.url + path)
        assert response is not None
        assert response.status == (404 if name == "not-found" else 200), path
        if name == "theme-map":
            wait_for_map(tab)
        if name == "not-found":
            assert tab.get_by_role("alert").is_visible()
        shoot(tab, name)
    assert watch.dialogs == []


# --- the tasks a safeguarding lead does (issue 11) -------------------------------------------

AXE = Path(__file__).resolve().parents[1] / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})
    .then(r => r.violations.map(
        v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))"""


def test_gaps_of_an_organisation_as_of_a_chosen_day(page: tuple[Page, Watch], server: Server) -> None:
    tab, _ = page
    name = busiest_organisation(server)
    tab.goto(server.url + "/")
    tab.locator("#content").get_by_role("link", name="Gaps and overdue actions").click()
    tab.get_by_label("Organisation", exact=True).select_option(name)
    tab.get_by_label("As of").fill("2017-04-01")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Show").click()
    assert tab.locator("#as-of").inner_text() == "2017-04-01"
    gaps = server.json(f"/queries/gaps?as_of=2017-04-01&limit=500&org={quote(name)}")  # the API pages them
    report = gaps["items"]  # type: ignore[index]
    overdue = sum(1 for item in report if item["kind"] == "overdue action")
    counts = tab.get_by_role("heading", name=re.compile(r"gap\(s\) by kind")).locator("xpath=..")
    assert f"{overdue} overdue action" in " ".join(counts.inner_text().split())
    assert tab.get_by_role("heading", name=f"{name} ({len(report)})").is_visible()
    shoot(tab, "gaps-of-an-organisation")
    # each row leads to the action's own row on its recommendation's page
    tab.locator("table tbody tr td:nth-child(5) a").first.click()
    assert re.search(r"/pages/recommendations/[^#]+#n-", tab.url)
    assert tab.locator(":target").is_visible()


def test_export_the_filtered_actions_to_excel_and_read_it_back(
    page: tuple[Page, Watch], server: Server, tmp_path: Path
) -> None:
    tab, _ = page
    name = busiest_organisation(server)
    tab.goto(server.url + "/pages/actions")
    tab.get_by_label("Organisation", exact=True).select_option(name)
    tab.get_by_label("Overdue", exact=True).select_option("yes")
    tab.get_by_label("Overdue as of").fill("2017-04-01")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Apply filters").click()
    shown = int(tab.locator("#tracker-count strong").first.inner_text())
    assert shown > 0
    tab.get_by_role("link", name=re.compile(r"^Due\b")).click()  # sort by due date
    assert "sort=due" in tab.url
    shoot(tab, "actions-tracker-filtered")
    with tab.expect_download() as waiting:
        tab.get_by_role("link", name="Excel (.xlsx)").click()
    saved = tmp_path / "actions.xlsx"
    waiting.value.save_as(saved)
    sheet = load_workbook(saved)["Actions"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == shown
    assert all(r["Overdue"] == "yes" for r in rows)
    dues = [r["Due"] for r in rows]
    assert all(isinstance(d, datetime) for d in dues) and dues == sorted(dues)  # real dates, in order
    expected = server.json(f"/actions?organisation={quote(name)}&overdue=yes&as_of=2017-04-01&limit=500")
    assert {r["Action"] for r in rows} == {i["text"] for i in expected["items"]}  # type: ignore[index]


def test_find_a_node_on_a_map_and_reach_its_source_sentence(page: tuple[Page, Watch], server: Server) -> None:
    tab, _ = page
    name = busiest_organisation(server)
    tab.goto(f"{server.url}/maps/organisations/{quote(name)}")
    wait_for_map(tab)
    wanted = tab.evaluate(
        """() => window.sgraphMap.nodes.get().filter(n => n.kind === 'Recommendation' && n.sources.length)
                 .sort((a, b) => a.rank - b.rank)[0]"""
    )
    tab.get_by_label("Find a node").fill(wanted["name"])
    tab.get_by_role("button", name="Find").click()
    details = tab.locator("#map-details")
    assert details.get_by_role("heading", level=2).inner_text() == wanted["name"]
    assert tab.evaluate("document.body.dataset.selected") == wanted["id"]
    sentence = details.locator("blockquote").inner_text()
    assert sentence.split()[:4] == wanted["title"].split("\n")[1].split()[:4]  # its words, in the panel
    shoot(tab, "map-node-found")
    with tab.expect_navigation():
        details.get_by_role("link", name=wanted["sources"][0]["label"]).click()
    mark = tab.locator(".excerpt mark").first
    assert mark.is_visible()
    box, held = mark.bounding_box(), tab.locator(".excerpt").first.bounding_box()
    assert box is not None and held is not None
    assert held["y"] <= box["y"] < held["y"] + held["height"]  # scrolled into view inside its box
    assert " ".join(sentence.split()[:4]) in " ".join(mark.inner_text().split())
    shoot(tab, "map-source-sentence")


def test_compare_two_wordings_of_a_recommendation(page: tuple[Page, Watch], server: Server) -> None:
    tab, _ = page
    recs = server.json("/recommendations?limit=500")["items"]  # type: ignore[index]
    details = (server.json(f"/recommendations/{r['id']}") for r in recs)
    reworded = next(d for d in details if len({w["text"] for w in d["wordings"]}) > 1)  # type: ignore[index]
    tab.goto(f"{server.url}/pages/recommendations/{reworded['id']}")  # type: ignore[index]
    difference = tab.locator(".wording-diff").first
    assert difference.is_visible()
    assert difference.locator("del").count() + difference.locator("ins").count() > 0
    assert "[removed:" in difference.text_content() or "[added:" in difference.text_content()  # type: ignore[operator]
    # the highlighted source box scrolls from the keyboard
    source = tab.get_by_role("region", name=re.compile(r"\(highlighted\)")).first
    source.focus()
    assert tab.evaluate("document.activeElement.classList.contains('excerpt')")
    shoot(tab, "recommendation-wordings")


def test_print_an_organisation_page_and_find_an_actions_lead(
    page: tuple[Page, Watch], server: Server, tmp_path: Path
) -> None:
    tab, _ = page
    name = busiest_organisation(server)
    profile = server.json(f"/organisations/{quote(name)}?limit=500")  # each list a page
    leads = [
        a["lead"]
        for r in profile["accountable_jointly"]["items"]  # type: ignore[index]
        for a in r["actions"]
        if a["lead"] and len(a["lead"]) < 20
    ]
    assert leads
    tab.goto(f"{server.url}/pages/organisations/{quote(name)}")
    assert not tab.get_by_text(leads[0], exact=True).first.is_visible()  # folded away on screen
    pdf = tmp_path / "organisation.pdf"
    tab.pdf(path=str(pdf), format="A4")
    with pdfplumber.open(pdf) as document:
        pages = [p.extract_text() or "" for p in document.pages]
    text = " ".join(" ".join(pages).split())
    assert leads[0] in text  # every folded action table is printed
    assert all(name.split()[0] in p.split("\n")[0] for p in pages)  # each page headed by the organisation
    assert (
        "printed" in pages[0] and "Skip to main content" not in text and "Co-accountability map" not in text
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "organisation-printed.pdf").write_bytes(pdf.read_bytes())


def test_pages_are_accessible_by_axe(page: tuple[Page, Watch], server: Server) -> None:
    if not AXE.exists():
        pytest.fail(
            f"{AXE} is missing: `make test` installs axe-core from npm (or run the Makefile's {AXE} target)"
        )
    tab, _ = page
    name = busiest_organisation(server)
    review = max(server.json("/reviews")["items"], key=lambda r: r["recommendations"])  # type: ignore[index]
    paths = [
        "/",
        f"/pages/organisations/{quote(name)}",
        "/pages/actions",
        "/pages/gaps?as_of=2017-04-01",
        f"/pages/areas/{quote(review['area'])}",
        f"/pages/reviews/{review['id']}",
        "/pages/search?q=health",
        "/maps/co-accountability",
    ]
    source = AXE.read_text(encoding="utf-8")
    problems = []
    for path in paths:
        tab.goto(server.url + path)
        if path.startswith("/maps/"):
            wait_for_map(tab)
        tab.evaluate(source)  # evaluated by the browser's devtools channel, so the page's CSP allows it
        found = tab.evaluate(AXE_RUN)
        problems += [f"{path} {v}" for v in found]
    assert problems == []
