"""A :class:`~visualisations.maps.NetworkMap` drawn as an HTML page that works offline and never
runs document text.

- **offline**: the page's only script is the project's own ``map.js`` (served by the app under
  ``/static``, inlined in a standalone file); it draws the map on a canvas itself, with no
  library and no external URL;
- **quick to open** (``bench/map_open.py``): the layout is computed once on the server
  (:mod:`visualisations.layout`, nothing moves in the browser), the data the first drawing needs
  travels as compact columns (``map-data``), and what only hovering or clicking shows (texts and
  sources) sits in a second block (``map-texts``) read the first time it is wanted;
- **safe**: both blocks are non-executable ``<script type="application/json">`` elements with
  ``<``, ``>`` and ``&`` escaped; map.js puts document text on the page only as text
  (``textContent``, canvas ``fillText``) and follows same-site paths only; the page is rendered
  with autoescaping;
- **readable**: colour *and* shape by node type with a text legend, size by degree, short labels
  for the most connected nodes (more as one zooms in), a tooltip with the full name, text and
  sources as links, a search box, neighbours highlighted on click with a details panel, and a
  plain list of the nodes for keyboard and screen-reader users.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import NodeType
from visualisations import assets
from visualisations.layout import positions
from visualisations.maps import NetworkMap
from visualisations.rendering import environment

LAYOUT_SEED = 7
MIN_SIZE, MAX_SIZE = 8.0, 30.0  # node radius in canvas units, by degree

# colour, shape map.js draws, legend description of the shape
NODE_STYLE: dict[str, tuple[str, str, str]] = {
    NodeType.ORGANISATION.value: ("#1f6fb4", "dot", "circle"),
    NodeType.COLLECTIVE_ADDRESSEE.value: ("#138a8a", "diamond", "diamond"),
    NodeType.RECOMMENDATION.value: ("#d9660b", "square", "square"),
    NodeType.FINDING.value: ("#8a7d00", "triangleDown", "downward triangle"),
    NodeType.ACTION.value: ("#2a8a2a", "triangle", "triangle"),
    NodeType.ASSURANCE_BODY.value: ("#7b4fb0", "hexagon", "hexagon"),
    NodeType.ROLE.value: ("#8c564b", "star", "star"),
    NodeType.REVIEW.value: ("#c62828", "box", "box"),
    NodeType.AREA.value: ("#5f5f5f", "ellipse", "ellipse"),
    NodeType.THEME.value: ("#c2185b", "star", "star"),
}
_OTHER_STYLE = ("#999999", "dot", "circle")

PageLink = Callable[[str, str], str | None]
"""Given a node id and its type, the page a click on the node opens (a same-site path), or None."""

SourceLink = Callable[[dict[str, Any]], str]
"""Given a node's ``source`` entry (document and location), the page showing it."""


@dataclass(frozen=True)
class MapFilter:
    """A choice offered above a served map, sent back as the query parameter ``name``."""

    name: str
    label: str
    options: list[str]
    current: str | None = None


@dataclass(frozen=True)
class MapControls:
    """What a map served by the web app offers: the node limit and filters to redraw it with."""

    limit: int
    filters: list[MapFilter] = field(default_factory=list)


def render_map(
    network_map: NetworkMap,
    page_link: PageLink | None = None,
    controls: MapControls | None = None,
    source_link: SourceLink | None = None,
) -> str:
    """The map as one HTML document with no external URL; ``page_link`` makes nodes clickable.

    With ``controls`` (a map served by the web app) the page also links home, offers a form to
    redraw the map with another node limit or filter, and loads its script from the app
    (``/static``, as its Content-Security-Policy requires); without, it is a standalone file with
    everything inlined. ``source_link`` turns each node's sources into links to the source page.
    """
    degree = _degrees(network_map)
    order = _drawing_order(network_map, degree)
    urls = [page_link(n.id, n.type) if page_link else None for n in network_map.nodes]
    inline = controls is None
    template = environment().get_template("map.html")
    return template.render(
        map=network_map,
        map_data=script_json(_drawing_data(network_map, degree, order, [urls[i] for i in order])),
        map_details=script_json(_details(network_map, order, source_link)),
        legend=_legend(network_map),
        listing=list(zip(network_map.nodes, urls, strict=True)),
        inline=inline,
        map_js=assets.inlinable("map.js") if inline else "",
        controls=controls,
    )


def write_map(network_map: NetworkMap, path: Path) -> None:
    path.write_text(render_map(network_map), encoding="utf-8")


def _degrees(network_map: NetworkMap) -> Counter[str]:
    degree: Counter[str] = Counter()
    for edge in network_map.edges:
        degree[edge.source] += edge.weight
        degree[edge.target] += edge.weight
    return degree


def _drawing_order(network_map: NetworkMap, degree: Counter[str]) -> list[int]:
    """Indexes of the map's nodes, most connected first: map.js labels nodes in this order."""
    nodes = network_map.nodes
    return sorted(range(len(nodes)), key=lambda i: (-degree[nodes[i].id], nodes[i].id))


def _drawing_data(
    network_map: NetworkMap, degree: Counter[str], order: list[int], urls: list[str | None]
) -> dict[str, Any]:
    """What map.js needs to draw the map, as columns (one entry per node, most connected first;
    ``urls`` their pages in that order) and edges as flat ``[source, target, weight, relation]``
    index quadruples: a 5,000-node map's data is parsed in milliseconds, not built as objects."""
    nodes = [network_map.nodes[i] for i in order]
    where = positions(
        tuple(n.id for n in network_map.nodes),
        tuple((e.source, e.target, e.weight) for e in network_map.edges),
        LAYOUT_SEED,
        tuple(network_map.focus),
    )
    kinds = list(dict.fromkeys(n.type for n in nodes))
    kind_index = {kind: i for i, kind in enumerate(kinds)}
    index = {n.id: i for i, n in enumerate(nodes)}
    relations = list(dict.fromkeys((e.words, e.directed) for e in network_map.edges))
    relation_index = {r: i for i, r in enumerate(relations)}
    low = min((degree[n.id] for n in nodes), default=0)
    span = max(max((degree[n.id] for n in nodes), default=0) - low, 1)
    edges: list[int] = []
    for e in network_map.edges:
        edges += [index[e.source], index[e.target], e.weight, relation_index[(e.words, e.directed)]]
    return {
        "kinds": [[kind, *NODE_STYLE.get(kind, _OTHER_STYLE)[:2]] for kind in kinds],
        "id": [n.id for n in nodes],
        "short": [n.label for n in nodes],
        "name": [n.name for n in nodes],
        "kind": [kind_index[n.type] for n in nodes],
        "x": [where[n.id][0] for n in nodes],
        "y": [where[n.id][1] for n in nodes],
        "size": [round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * (degree[n.id] - low) / span, 1) for n in nodes],
        "url": [_same_site(url) for url in urls],
        "focus": [index[f] for f in network_map.focus if f in index],
        "relations": [[words, directed] for words, directed in relations],
        "edges": edges,
    }


def _details(network_map: NetworkMap, order: list[int], source_link: SourceLink | None) -> list[Any]:
    """Per node (in drawing order): its text and its sources as ``[words, url]`` pairs."""
    details: list[Any] = []
    for i in order:
        node = network_map.nodes[i]
        sources = [[s["words"], _same_site(source_link(s)) if source_link else None] for s in node.sources]
        details.append([node.text, sources])
    return details


def _same_site(url: str | None) -> str | None:
    """Only same-site paths are ever followed from a map."""
    return url if url and url.startswith("/") and not url.startswith("//") else None


def _legend(network_map: NetworkMap) -> list[tuple[str, str, str]]:
    present = list(dict.fromkeys(n.type for n in network_map.nodes))
    return [(spaced(t), *NODE_STYLE.get(t, _OTHER_STYLE)[::2]) for t in present]


def script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: no character in it can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(raw, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def spaced(node_type: str) -> str:
    """``AssuranceBody`` -> ``Assurance body``."""
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in node_type).strip()
    return words[:1].upper() + words[1:]
