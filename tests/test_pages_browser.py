"""The web pages in a real browser: Debian's chromium, headless, driven by Playwright, against a real
`sgraph serve` on a loopback port over a store loaded from the corpus (tests/browser_support.py).

Every test records every request the browser makes and asserts that none leaves the server.
Screenshots of each page are saved under test-output/screenshots/. The maps' own tests are in
tests/test_pages_maps_browser.py.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pdfplumber
import pytest
from browser_support import SCREENSHOTS, TOKEN, Server, Watch, busiest_organisation, shoot, wait_for_map
from openpyxl import load_workbook
from playwright.sync_api import Page

from api.tracker_pages import PAGE_SIZE

pytestmark = pytest.mark.browser

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


def test_print_every_filtered_action_of_the_tracker(
    page: tuple[Page, Watch], server: Server, tmp_path: Path
) -> None:
    tab, _ = page
    areas = server.json("/actions?limit=500")["items"]  # type: ignore[index]
    area = max({a["area"] for a in areas}, key=lambda name: sum(a["area"] == name for a in areas))
    filtered = server.json(f"/actions?area={quote(area)}&limit=500")["items"]  # type: ignore[index]
    assert len(filtered) > PAGE_SIZE  # more than one page of the tracker on screen
    on_first = {a["text"] for a in filtered[:PAGE_SIZE]}
    later = next(a for a in reversed(filtered) if a["text"] not in on_first)  # only on a later page
    tab.goto(f"{server.url}/pages/actions?area={quote(area)}")
    assert not tab.get_by_text(later["text"], exact=True).count()  # not on the first page
    tab.get_by_role("link", name=f"Print all {len(filtered)}").click()
    assert tab.url == f"{server.url}/pages/actions/print?area={quote(area)}"
    assert f"All {len(filtered)} action(s)" in tab.locator("#print-scope").inner_text()
    pdf = tmp_path / "tracker.pdf"
    tab.pdf(path=str(pdf), prefer_css_page_size=True)
    wanted = "".join(later["text"].split())
    with pdfplumber.open(pdf) as document:
        headers = [
            " ".join((p.crop((0, 0, p.width, 40)).extract_text() or "").split()) for p in document.pages
        ]
        # an action from a later screen page (it is near the end: look from the last page back)
        assert any(wanted in _column_text(p, "Action") for p in reversed(document.pages))
    assert all(f"Actions tracker · area: {area} · overdue as of" in h and "printed" in h for h in headers)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "tracker-printed.pdf").write_bytes(pdf.read_bytes())


def _column_text(pdf_page: Any, heading: str) -> str:
    """The text printed under the table header ``heading`` on one PDF page, spaces removed (a cell's
    words wrap over several lines beside the other cells' lines)."""
    words = pdf_page.extract_words()
    header = next((w for w in words if w["text"] == heading), None)
    if header is None:
        return ""
    after = [w["x0"] for w in words if w["top"] == header["top"] and w["x0"] > header["x1"]]
    right = min(after, default=pdf_page.width)
    column = pdf_page.crop((header["x0"] - 2, header["bottom"], right - 1, pdf_page.height))
    return "".join((column.extract_text() or "").split())


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
        "/pages/actions/print?overdue=yes&as_of=2017-04-01",
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
