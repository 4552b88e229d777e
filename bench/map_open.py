"""How long a large map takes to lay out, render and open in headless Chromium.

Builds an invented network of ``--copies`` x 500 nodes (5,000 at the default 10; ``--corpus`` is
not used: the corpus is too small to make a large map), a fifth organisations and the rest
recommendations carrying what a served map carries (a text, two sources, links to pages and
source sentences), then prints: the server-side layout's time (cold: once per graph revision),
the page's render time (the server keeps the page until the graph changes), and, opened from a
file in Debian's chromium through Playwright, the time from navigation until the map has drawn
(``data-map-ready``) and the longest main-thread task seen meanwhile (the "freeze" a user would
feel). Needs the dev extras (Playwright) and /usr/bin/chromium.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from measure import arguments, peak_rss_mib

from api.pages import source_url
from visualisations import map_page, maps
from visualisations.layout import positions

CHROMIUM = Path("/usr/bin/chromium")
WATCH_LONG_TASKS = """() => { window.__longest = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries())
    window.__longest = Math.max(window.__longest, e.duration); })
  .observe({type: 'longtask', buffered: true}); }"""


WORDS = ("health", "plan", "review", "child", "looked", "after", "assessment", "named", "nurse", "audit")


def invented_network(size: int) -> maps.NetworkMap:
    """``size`` nodes in groups of 20, each linked to a few others: a fifth organisations, the rest
    recommendations with a served map's payload (a 200-600 character text and two sources each)."""
    rng = random.Random(7)
    ids = [f"Organisation:org-{i}" if i % 5 == 0 else f"Recommendation:rec-{i}" for i in range(size)]
    nodes = []
    for i, n in enumerate(ids):
        if i % 5 == 0:
            nodes.append(maps.MapNode(n, "Organisation", f"ORG{i}", f"Invented body {i}"))
            continue
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(30, 90)))
        sources = tuple(
            {"document": f"doc-{i % 340}", "location": {"line": rng.randrange(1, 900)}, "words": f"Plan {k}"}
            for k in range(2)
        )
        nodes.append(maps.MapNode(n, "Recommendation", f"{i}", f"Recommendation {i}", text, sources))
    edges = set()
    for i in range(size):
        area = i - i % 20
        for _ in range(2):
            j = area + rng.randrange(20) if rng.random() < 0.85 else rng.randrange(size)
            if j != i and j < size:
                edges.add((ids[min(i, j)], ids[max(i, j)]))
    drawn = [maps.MapEdge(a, b, "shares 1 recommendation(s) with", 1, False) for a, b in sorted(edges)]
    return maps.NetworkMap("Invented network", "For the benchmark.", nodes, drawn, total_nodes=size)


def page_link(node: str, _kind: str) -> str:
    return "/pages/nodes/" + quote(node, safe="")


def main() -> None:
    args = arguments(__doc__, "Organisations in the map, in hundreds of five (10 = 5,000).")
    network = invented_network(500 * args.copies)
    key = (tuple(n.id for n in network.nodes), tuple((e.source, e.target, e.weight) for e in network.edges))
    started = time.perf_counter()
    positions(*key, map_page.LAYOUT_SEED)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    # as served: every node and source is a link (the scripts are inlined, as in a saved file)
    html = map_page.render_map(network, page_link, source_link=source_url)
    render = time.perf_counter() - started
    print(f"map: {len(network.nodes)} nodes, {len(network.edges)} edges, page {len(html) / 1e6:.1f} MB")
    print(
        f"layout (cold, once per graph revision): {cold:.2f} s; render with the cached layout: {render:.2f} s"
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("browser timing not measured: install the dev extras (Playwright)")
        return
    if not CHROMIUM.exists():
        print(f"browser timing not measured: {CHROMIUM} is missing")
        return
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_file = Path(folder) / "map.html"
        page_file.write_text(html, encoding="utf-8")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        for attempt in ("first", "second"):
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.add_init_script(WATCH_LONG_TASKS.join(["(", ")();"]))
            started = time.perf_counter()
            tab.goto(page_file.as_uri())
            tab.wait_for_selector("body[data-map-ready=yes]", timeout=120_000)
            opened = time.perf_counter() - started
            longest = tab.evaluate("window.__longest")
            print(
                f"open in chromium ({attempt}): {opened:.2f} s to drawn; "
                f"longest main-thread task {longest:.0f} ms"
            )
            tab.close()
        browser.close()
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
