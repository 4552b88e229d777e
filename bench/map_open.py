"""How long a large map takes to lay out, render and open in headless Chromium.

Builds an invented co-accountability-like network of ``--copies`` x 500 organisations (5,000 at
the default 10; ``--corpus`` is not used: the corpus has too few organisations to make a large
map), then prints: the server-side layout's time (cold, then cached), the page's render time,
and, opened from a file in Debian's chromium through Playwright, the time from navigation until
the map has drawn (``data-map-ready``) and the longest main-thread task seen meanwhile (the
"freeze" a user would feel). Needs the dev extras (Playwright) and /usr/bin/chromium.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from measure import arguments, peak_rss_mib

from visualisations import maps
from visualisations.layout import positions

CHROMIUM = Path("/usr/bin/chromium")
WATCH_LONG_TASKS = """() => { window.__longest = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries())
    window.__longest = Math.max(window.__longest, e.duration); })
  .observe({type: 'longtask', buffered: true}); }"""


def invented_network(size: int) -> maps.NetworkMap:
    """``size`` organisations in areas of 20, each sharing recommendations with a few others."""
    rng = random.Random(7)
    ids = [f"Organisation:org-{i}" for i in range(size)]
    nodes = [
        maps.MapNode(n, "Organisation", f"ORG{i}", f"Organisation: Invented body {i}", f"Invented body {i}")
        for i, n in enumerate(ids)
    ]
    edges = set()
    for i in range(size):
        area = i - i % 20
        for _ in range(2):
            j = area + rng.randrange(20) if rng.random() < 0.85 else rng.randrange(size)
            if j != i and j < size:
                edges.add((ids[min(i, j)], ids[max(i, j)]))
    drawn = [maps.MapEdge(a, b, f"{a} and {b} share 1 recommendation(s)", 1, False) for a, b in sorted(edges)]
    return maps.NetworkMap("Invented network", "For the benchmark.", nodes, drawn, total_nodes=size)


def main() -> None:
    args = arguments(__doc__, "Organisations in the map, in hundreds of five (10 = 5,000).")
    network = invented_network(500 * args.copies)
    key = (tuple(n.id for n in network.nodes), tuple((e.source, e.target, e.weight) for e in network.edges))
    started = time.perf_counter()
    positions(*key, maps.LAYOUT_SEED)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    html = maps.render_map(network)
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
