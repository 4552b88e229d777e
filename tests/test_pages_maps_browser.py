"""The maps in a real browser (Debian's chromium through Playwright, against `sgraph serve` over the
corpus: tests/browser_support.py): drawn on the canvas, a node found, hovered, clicked and opened,
and a source sentence reached from a node's tooltip and from its details panel."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from browser_support import Server, Watch, busiest_organisation, shoot, wait_for_map
from playwright.sync_api import Page

from graph.build import build_graph
from graph.model import NodeType, node_id
from graph.store import Store
from visualisations import maps

pytestmark = pytest.mark.browser

# the details of every node of the map, most connected first
NODES = "() => window.sgraphMap.ids.map(window.sgraphMap.node)"


def open_organisation_map(tab: Page, server: Server) -> None:
    tab.goto(f"{server.url}/maps/organisations/{quote(busiest_organisation(server))}")
    wait_for_map(tab)


def first_recommendation_with_sources(tab: Page) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = tab.evaluate(NODES)
    return next(n for n in nodes if n["kind"] == "Recommendation" and n["sources"] and n["text"])


def on_screen(tab: Page, node: str) -> tuple[float, float]:
    """Where ``node`` is drawn, in page coordinates; it is the node found there."""
    at = tab.evaluate(f"window.sgraphMap.screenOf({node!r})")
    assert tab.evaluate(f"window.sgraphMap.idAt({at['x']}, {at['y']})") == node
    box = tab.locator("#map canvas").bounding_box()
    assert box is not None
    return box["x"] + at["x"], box["y"] + at["y"]


def assert_source_sentence_shown(tab: Page, sentence: str) -> None:
    """The source page highlights ``sentence`` and has scrolled it into view inside its box."""
    mark = tab.locator(".excerpt mark").first
    assert mark.is_visible()
    box, held = mark.bounding_box(), tab.locator(".excerpt").first.bounding_box()
    assert box is not None and held is not None
    assert held["y"] <= box["y"] < held["y"] + held["height"]
    assert " ".join(sentence.split()[:4]) in " ".join(mark.inner_text().split())


def test_map_canvas_renders_the_expected_nodes(page: tuple[Page, Watch], server: Server) -> None:
    tab, _ = page
    name = busiest_organisation(server)
    with Store(server.db) as store:
        g = build_graph(store.documents())
    expected = maps.organisation_map(g, node_id(NodeType.ORGANISATION, name))
    open_organisation_map(tab, server)
    shoot(tab, "organisation-map")
    assert tab.evaluate("window.sgraphMap.count") == expected.shown_nodes
    assert tab.evaluate("window.sgraphMap.lines") == len(expected.edges)
    assert tab.locator("#map-count").inner_text() == expected.message()
    drawn = tab.evaluate(
        """() => { const c = document.querySelector('#map canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; }
                   return n; }"""
    )
    assert drawn > 1000  # the nodes, lines and labels are on the canvas
    # zooming in from the keyboard shows more labels, and the fit button brings the map back
    tab.locator("#map").focus()
    before = tab.evaluate("window.sgraphMap.screenOf(window.sgraphMap.ids[1])")
    tab.keyboard.press("+")
    after = tab.evaluate("window.sgraphMap.screenOf(window.sgraphMap.ids[1])")
    assert after != before
    tab.get_by_role("button", name="Fit").click()
    tab.wait_for_function(f"() => window.sgraphMap.screenOf(window.sgraphMap.ids[1]).x === {before['x']}")


def test_clicking_a_node_shows_it_and_double_clicking_opens_its_page(
    page: tuple[Page, Watch], server: Server
) -> None:
    tab, _ = page
    tab.goto(server.url + "/maps/co-accountability")
    wait_for_map(tab)
    shoot(tab, "co-accountability-map")
    first = tab.evaluate("window.sgraphMap.ids[0]")  # the most connected
    target = tab.evaluate(f"window.sgraphMap.node({first!r})")
    neighbours = tab.evaluate(f"window.sgraphMap.neighbourCount({first!r})")
    x, y = on_screen(tab, first)
    tab.mouse.click(x, y)
    details = tab.locator("#map-details")
    assert details.get_by_role("heading", level=2).inner_text() == target["name"]
    assert neighbours > 0
    assert details.get_by_role("heading", name=f"Neighbours ({neighbours})").is_visible()
    assert " shares " in details.locator(".link-words").first.inner_text()  # each link said in words
    assert tab.evaluate("document.body.dataset.selected") == first
    shoot(tab, "co-accountability-map-selected")
    with tab.expect_navigation():
        tab.mouse.dblclick(x, y)
    assert tab.url == server.url + target["url"]
    assert tab.url.startswith(server.url + "/pages/organisations/")


def test_find_a_node_on_a_map_and_reach_its_source_sentence(page: tuple[Page, Watch], server: Server) -> None:
    tab, _ = page
    open_organisation_map(tab, server)
    wanted = first_recommendation_with_sources(tab)
    tab.get_by_label("Find a node").fill(wanted["name"])
    tab.get_by_role("button", name="Find").click()
    details = tab.locator("#map-details")
    assert details.get_by_role("heading", level=2).inner_text() == wanted["name"]
    assert tab.evaluate("document.body.dataset.selected") == wanted["id"]
    sentence = details.locator("blockquote").inner_text()
    assert sentence.split()[:4] == wanted["text"].split()[:4]  # its words, in the panel
    shoot(tab, "map-node-found")
    with tab.expect_navigation():
        details.get_by_role("link", name=wanted["sources"][0][0]).click()
    assert_source_sentence_shown(tab, sentence)
    shoot(tab, "map-source-sentence")


def test_hover_a_node_and_follow_a_source_link_in_its_tooltip(
    page: tuple[Page, Watch], server: Server
) -> None:
    tab, _ = page
    open_organisation_map(tab, server)
    wanted = first_recommendation_with_sources(tab)
    tooltip = tab.locator("#map-tooltip")
    assert tooltip.is_hidden()
    tab.mouse.move(*on_screen(tab, wanted["id"]))
    tooltip.wait_for(state="visible")
    assert tooltip.get_attribute("data-node") == wanted["id"]
    assert wanted["name"] in tooltip.inner_text()
    label, url = wanted["sources"][0]
    link = tooltip.get_by_role("link", name=label).first
    assert link.get_attribute("href") == url  # a link to the sentence, not plain text
    shoot(tab, "map-tooltip-sources")
    with tab.expect_navigation():
        link.click()  # the pointer leaves the node for the tooltip, which stays open
    assert tab.url == server.url + url
    assert_source_sentence_shown(tab, wanted["text"])
