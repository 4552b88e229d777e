"""Interactive network maps (vis-network via pyvis) that work offline and never run document text.

Each map function selects part of the knowledge graph and returns a :class:`NetworkMap`;
:func:`render_map` turns one into a self-contained HTML page:

- **offline**: vis-network's JavaScript and CSS come from the copy bundled in the pyvis package
  (served by the app under ``/static``, or inlined in a standalone file); pyvis' own template
  (which pulls Bootstrap and more from a CDN) is not used;
- **safe**: all map data travels as JSON inside a non-executable ``<script type="application/json">``
  block with ``<``, ``>`` and ``&`` escaped, labels are drawn on the canvas as text, vis-network 9
  shows string tooltips as text (``innerText``), map.js builds the details panel with
  ``textContent`` and follows same-site paths only, and the page is rendered with autoescaping;
- **readable**: colour *and* shape by node type with a text legend, size by degree, a layout
  computed once on the server (:mod:`visualisations.layout`; nothing moves in the browser),
  short labels for the most connected nodes (more as one zooms in), a search box, neighbours
  highlighted on click with a details panel (full name, text, sources as links, its page), a
  node cap with a "showing N of M" message, and a plain list of the nodes for keyboard and
  screen-reader users.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph.model import EdgeType, NodeType
from graph.queries.coaccountability import co_accountability_graph
from graph.queries.walk import actions_led
from visualisations import assets
from visualisations import navigation as nav
from visualisations.layout import positions
from visualisations.rendering import environment

DEFAULT_NODE_LIMIT = 150
LAYOUT_SEED = 7

# colour, vis-network shape, legend description of the shape
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

# edges worth drawing; provenance (derivedFrom) and outcomes would only clutter the maps
DRAWN_EDGES = {e.value for e in EdgeType} - {EdgeType.DERIVED_FROM.value, EdgeType.HAS_OUTCOME.value}

EDGE_WORDS = {
    EdgeType.ADDRESSED_TO.value: "is addressed to",
    EdgeType.MADE_BY.value: "was made by",
    EdgeType.IN_AREA.value: "is in",
    EdgeType.ADDRESSED_BY_ACTION.value: "is answered by the action",
    EdgeType.LED_BY.value: "is led by",
    EdgeType.RESPONSIBLE_OFFICER.value: "has as responsible officer",
    EdgeType.ASSURED_BY.value: "is assured by",
    EdgeType.HAS_THEME.value: "has the theme",
    EdgeType.REFERS_TO.value: "refers to",
    EdgeType.COMMISSIONS.value: "commissions",
    EdgeType.MONITORS.value: "monitors",
    EdgeType.CONCERNS.value: "concerns",
    EdgeType.PART_OF.value: "is part of",
    EdgeType.LEADS.value: "leads",
    EdgeType.ACCOUNTABLE_TO.value: "is accountable to",
}

PageLink = Callable[[str, str], str | None]
"""Given a node id and its type, the page a click on the node opens (a same-site path), or None."""


@dataclass(frozen=True)
class MapNode:
    """A node to draw: ``label`` is short (an initialism when it has one), ``name`` in full."""

    id: str
    type: str
    label: str
    tooltip: str
    name: str = ""
    sources: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class MapEdge:
    """A line between two nodes; what links them is said in the tooltip, not on the line."""

    source: str
    target: str
    tooltip: str
    weight: int = 1
    directed: bool = True


@dataclass(frozen=True)
class NetworkMap:
    """A selection of the graph ready to draw; ``total_nodes`` counts nodes before the cap."""

    title: str
    description: str
    nodes: list[MapNode]
    edges: list[MapEdge]
    total_nodes: int
    focus: list[str] = field(default_factory=list)

    @property
    def shown_nodes(self) -> int:
        return len(self.nodes)

    @property
    def capped(self) -> bool:
        return self.shown_nodes < self.total_nodes

    def message(self) -> str:
        """The "showing N of M" sentence displayed above every map."""
        text = f"Showing {self.shown_nodes} of {self.total_nodes} nodes"
        if self.capped:
            text += " (the most connected); use the filters to narrow the map or raise the limit"
        return text + "."

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "description": self.description,
            "shown_nodes": self.shown_nodes,
            "total_nodes": self.total_nodes,
            "nodes": [n.__dict__ for n in self.nodes],
            "edges": [e.__dict__ for e in self.edges],
        }


# --- selecting what to draw -----------------------------------------------------------------


def co_accountability_map(
    g: nx.MultiDiGraph, area: str | None = None, limit: int = DEFAULT_NODE_LIMIT
) -> NetworkMap:
    """Organisations joined when they share recommendations (edge width = shared count).

    ``area`` (an Area node id) keeps only recommendations of that area.
    """
    network = co_accountability_graph(g, area)
    node_of = {nav.label(g, org): org for org in nav.nodes_of(g, NodeType.ORGANISATION)}
    shared = sorted(
        (*sorted((node_of[u], node_of[v])), weight) for u, v, weight in network.edges(data="weight")
    )
    edges = [
        MapEdge(a, b, f"{nav.label(g, a)} and {nav.label(g, b)} share {n} recommendation(s)", n, False)
        for a, b, n in shared
    ]
    owners = [node_of[name] for name in network.nodes]
    where = f" in {nav.label(g, area)}" if area is not None else ""
    return _capped(
        g,
        "Co-accountability network" + where,
        "Organisations linked when the same recommendation is addressed to both.",
        sorted(owners),
        edges,
        focus=[],
        limit=limit,
    )


def organisation_map(g: nx.MultiDiGraph, org: str, limit: int = DEFAULT_NODE_LIMIT) -> NetworkMap:
    """An organisation's ego map: its recommendations, their actions, the actions it leads (directly
    or through its roles), co-owners, leads and assurance bodies."""
    recs = nav.origins(g, org, EdgeType.ADDRESSED_TO)
    led = list(actions_led(g, org))  # directly or through one of its roles
    actions = [a for r in recs for a in nav.targets(g, r, EdgeType.ADDRESSED_BY_ACTION)] + led
    members = [org, *recs, *actions]
    members += [o for r in recs for o in nav.targets(g, r, EdgeType.ADDRESSED_TO)]
    for action in actions:
        members += nav.targets(g, action, EdgeType.ASSURED_BY)
        members += nav.targets(g, action, EdgeType.LED_BY)
    return _subgraph_map(
        g,
        f"{nav.label(g, org)}: accountability map",
        "The recommendations addressed to it, their actions, co-owners, leads and assurance bodies.",
        members,
        focus=[org],
        limit=limit,
    )


def review_map(g: nx.MultiDiGraph, review: str, limit: int = DEFAULT_NODE_LIMIT) -> NetworkMap:
    """A review with its recommendations and findings, who they are addressed to, actions and themes."""
    items = nav.origins(g, review, EdgeType.MADE_BY)
    members = [review, *nav.targets(g, review, EdgeType.IN_AREA), *items]
    for item in items:
        members += nav.targets(g, item, EdgeType.ADDRESSED_TO)
        members += nav.targets(g, item, EdgeType.CONCERNS)
        members += nav.targets(g, item, EdgeType.HAS_THEME)
        for action in nav.targets(g, item, EdgeType.ADDRESSED_BY_ACTION):
            members += [action, *nav.targets(g, action, EdgeType.ASSURED_BY)]
    return _subgraph_map(
        g,
        f"{nav.label(g, review)}: review map",
        "The review's recommendations and findings, the organisations they are addressed to, "
        "their actions, assurance bodies and themes.",
        members,
        focus=[review],
        limit=limit,
    )


def theme_area_map(
    g: nx.MultiDiGraph, theme: str | None = None, limit: int = DEFAULT_NODE_LIMIT
) -> NetworkMap:
    """Themes joined to the areas where they were raised (edge width = recommendations and findings).

    ``theme`` (a Theme node id) keeps that theme only.
    """
    counts = Counter(
        {pair: n for pair, n in nav.theme_area_counts(g).items() if theme is None or pair[0] == theme}
    )
    members = sorted({n for pair in counts for n in pair})
    edges = [
        MapEdge(t, a, f"{nav.label(g, t)} raised {n} time(s) in {nav.label(g, a)}", n, False)
        for (t, a), n in sorted(counts.items())
    ]
    title = f"{nav.label(g, theme)}: areas" if theme is not None else "Themes across areas"
    return _capped(
        g,
        title,
        "Each theme is joined to the areas whose recommendations or findings raise it.",
        members,
        edges,
        focus=[theme] if theme is not None else [],
        limit=limit,
    )


def _subgraph_map(
    g: nx.MultiDiGraph, title: str, description: str, members: Iterable[str], focus: list[str], limit: int
) -> NetworkMap:
    chosen = set(members)
    edges = [
        MapEdge(u, v, f"{nav.label(g, u)} {EDGE_WORDS.get(k, k)} {nav.label(g, v)}")
        for u, v, k in g.edges(keys=True)
        if u in chosen and v in chosen and k in DRAWN_EDGES and u != v
    ]
    ordered = [n for n in g.nodes if n in chosen]
    return _capped(g, title, description, ordered, edges, focus, limit)


def _capped(
    g: nx.MultiDiGraph,
    title: str,
    description: str,
    members: list[str],
    edges: list[MapEdge],
    focus: list[str],
    limit: int,
) -> NetworkMap:
    """Keep the focus nodes and then the most connected ones, up to ``limit`` nodes."""
    degree: Counter[str] = Counter()
    for edge in edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    rank = sorted(members, key=lambda n: (n not in focus, -degree[n], n))
    kept = set(rank[: max(limit, len(focus))])
    nodes = [_map_node(g, n) for n in members if n in kept]
    return NetworkMap(
        title=title,
        description=description,
        nodes=nodes,
        edges=[e for e in edges if e.source in kept and e.target in kept],
        total_nodes=len(members),
        focus=focus,
    )


def _map_node(g: nx.MultiDiGraph, node: str) -> MapNode:
    attrs = g.nodes[node]
    kind = nav.node_type(g, node)
    name = nav.label(g, node)
    lines = [f"{_spaced(kind)}: {name}"]
    text = attrs.get("text")
    if text and text != name:
        lines.append(_shorten(str(text), 600))
    for status_key in ("status", "timescale"):
        if attrs.get(status_key):
            lines.append(f"{status_key}: {attrs[status_key]}")
    sources = [{**src, "words": nav.source_words(g, src)} for src in nav.sources_of(g, node)[:3]]
    lines += [f"source: {src['words']}" for src in sources]
    return MapNode(node, kind, _short_label(g, node, name), "\n".join(lines), name, tuple(sources))


def _short_label(g: nx.MultiDiGraph, node: str, name: str) -> str:
    """What the map writes beside a node: an organisation's initialism when it has one (the
    shortest all-capitals alias), else the name cut to a few words; hover and the details panel
    give it in full."""
    aliases = [a for a in g.nodes[node].get("aliases") or [] if a.isupper() and " " not in a and len(a) > 1]
    if aliases:
        return min(aliases, key=lambda a: (len(a), a))
    return _shorten(name, 28)


# --- drawing --------------------------------------------------------------------------------


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


SourceLink = Callable[[dict[str, Any]], str]
"""Given a node's ``source`` entry (document and location), the page showing it."""


def render_map(
    network_map: NetworkMap,
    page_link: PageLink | None = None,
    controls: MapControls | None = None,
    source_link: SourceLink | None = None,
) -> str:
    """The map as one HTML document with no external URL; ``page_link`` makes nodes clickable.

    With ``controls`` (a map served by the web app) the page also links home, offers a form to
    redraw the map with another node limit or filter, and loads its scripts from the app
    (``/static``, as its Content-Security-Policy requires); without, it is a standalone file with
    everything inlined. ``source_link`` turns each node's sources into links to the source page.
    """
    data = _vis_data(network_map, page_link, source_link)
    template = environment().get_template("map.html")
    inline = controls is None
    return template.render(
        map=network_map,
        map_data=_script_json(data),
        legend=_legend(network_map),
        listing=[(n, page_link(n.id, n.type) if page_link else None) for n in network_map.nodes],
        inline=inline,
        vis_js=assets.inlinable("vis-network.min.js") if inline else "",
        vis_css=assets.inlinable("vis-network.css") if inline else "",
        map_js=assets.inlinable("map.js") if inline else "",
        controls=controls,
    )


def write_map(network_map: NetworkMap, path: Path) -> None:
    path.write_text(render_map(network_map), encoding="utf-8")


def _same_site(url: str | None) -> str | None:
    """Only same-site paths are ever followed from a map."""
    return url if url and url.startswith("/") and not url.startswith("//") else None


def _vis_data(
    network_map: NetworkMap, page_link: PageLink | None, source_link: SourceLink | None
) -> dict[str, Any]:
    degree: Counter[str] = Counter()
    for edge in network_map.edges:
        degree[edge.source] += edge.weight
        degree[edge.target] += edge.weight
    ids = tuple(n.id for n in network_map.nodes)
    where = positions(ids, tuple((e.source, e.target, e.weight) for e in network_map.edges), LAYOUT_SEED)
    # labels are drawn by map.js for the most connected nodes first, the rest as one zooms in
    rank = {n: i for i, n in enumerate(sorted(ids, key=lambda n: (-degree[n], n)))}
    nodes = []
    for node in network_map.nodes:
        colour, shape, _ = NODE_STYLE.get(node.type, _OTHER_STYLE)
        x, y = where[node.id]
        sources = [
            {"label": src["words"], "url": _same_site(source_link(src)) if source_link else None}
            for src in node.sources
        ]
        nodes.append(
            {
                "id": node.id,
                "short": node.label,
                "name": node.name or node.label,
                "title": node.tooltip,
                "shape": shape,
                "color": colour,
                "value": degree[node.id] + 1,
                "kind": node.type,
                "url": _same_site(page_link(node.id, node.type)) if page_link else None,
                "borderWidth": 4 if node.id in network_map.focus else 1,
                "x": x,
                "y": y,
                "rank": rank[node.id],
                "sources": sources,
                # vis draws no label of its own (map.js does); boxes keep a blank one for their size
                **({"label": " "} if shape in _LABELLED_SHAPES else {}),
            }
        )
    edges = [
        {"from": e.source, "to": e.target, "title": e.tooltip, "value": e.weight, "directed": e.directed}
        for e in network_map.edges
    ]
    return {"nodes": nodes, "edges": edges, "options": _OPTIONS}


_LABELLED_SHAPES = {"box", "ellipse"}

_OPTIONS: dict[str, Any] = {
    # positions come from the server (visualisations.layout): nothing moves in the browser
    "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
    "physics": {"enabled": False},
    "nodes": {"scaling": {"min": 8, "max": 30}, "font": {"size": 14, "face": "sans-serif"}},
    "interaction": {
        "hover": True,
        "keyboard": {"enabled": True},
        "navigationButtons": True,
        "tooltipDelay": 150,
    },
}


def _legend(network_map: NetworkMap) -> list[tuple[str, str, str]]:
    present = list(dict.fromkeys(n.type for n in network_map.nodes))
    return [(_spaced(t), *NODE_STYLE.get(t, _OTHER_STYLE)[::2]) for t in present]


def _script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: no character in it can close the element."""
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(raw, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _spaced(node_type: str) -> str:
    """``AssuranceBody`` -> ``Assurance body``."""
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in node_type).strip()
    return words[:1].upper() + words[1:]


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
