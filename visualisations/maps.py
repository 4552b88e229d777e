"""Interactive network maps (vis-network via pyvis) that work offline and never run document text.

Each map function selects part of the knowledge graph and returns a :class:`NetworkMap`;
:func:`render_map` turns one into a self-contained HTML page:

- **offline**: vis-network's JavaScript and CSS are inlined from the copy bundled in the pyvis
  package; pyvis' own template (which pulls Bootstrap and more from a CDN) is not used;
- **safe**: all map data travels as JSON inside a ``<script type="application/json">`` block with
  ``<``, ``>`` and ``&`` escaped, labels are drawn on the canvas and vis-network 9 shows string
  tooltips as text (``innerText``), and the page itself is rendered with Jinja2 autoescaping;
- **readable**: colour *and* shape by node type with a text legend, size by degree, a seeded
  layout, physics switched off once the layout has stabilised, a node cap with a
  "showing N of M" message, and a plain list of the nodes for keyboard and screen-reader users.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from graph.model import EdgeType, NodeType
from graph.queries.coaccountability import co_accountability_graph
from graph.queries.walk import actions_led
from visualisations import navigation as nav
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
}

PageLink = Callable[[str, str], str | None]
"""Given a node id and its type, the page a click on the node opens (a same-site path), or None."""


@dataclass(frozen=True)
class MapNode:
    id: str
    type: str
    label: str
    tooltip: str


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
    for src in nav.sources_of(g, node)[:3]:
        where = ", ".join(f"{k} {v}" for k, v in (src.get("location") or {}).items())
        lines.append(f"source: {src.get('file') or src.get('document')} {where}".rstrip())
    return MapNode(node, kind, _shorten(name, 40), "\n".join(lines))


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


def render_map(
    network_map: NetworkMap, page_link: PageLink | None = None, controls: MapControls | None = None
) -> str:
    """The map as one HTML document with no external URL; ``page_link`` makes nodes clickable.

    With ``controls`` (a map served by the web app) the page also links home and offers a form
    to redraw the map with another node limit or filter; without, it is a standalone file.
    """
    nodes, edges, options = _vis_data(network_map, page_link)
    template = environment().get_template("map.html")
    return template.render(
        map=network_map,
        map_data=_script_json({"nodes": nodes, "edges": edges, "options": options}),
        legend=_legend(network_map),
        listing=[(n, page_link(n.id, n.type) if page_link else None) for n in network_map.nodes],
        vis_js=_vis_asset("vis-network.min.js"),
        vis_css=_vis_asset("vis-network.css"),
        controls=controls,
    )


def write_map(network_map: NetworkMap, path: Path) -> None:
    path.write_text(render_map(network_map), encoding="utf-8")


def _vis_data(
    network_map: NetworkMap, page_link: PageLink | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    degree: Counter[str] = Counter()
    for edge in network_map.edges:
        degree[edge.source] += edge.weight
        degree[edge.target] += edge.weight
    net = Network(directed=True)
    for node in network_map.nodes:
        colour, shape, _ = NODE_STYLE.get(node.type, _OTHER_STYLE)
        url = page_link(node.id, node.type) if page_link else None
        net.add_node(
            node.id,
            label=node.label,
            title=node.tooltip,
            shape=shape,
            color=colour,
            value=degree[node.id] + 1,
            kind=node.type,  # not "group": pyvis drops a node's colour when it has a group
            url=url if url and url.startswith("/") else None,
            borderWidth=4 if node.id in network_map.focus else 1,
        )
    for edge in network_map.edges:
        arrows = {"to": {"enabled": edge.directed, "scaleFactor": 0.5}}
        net.add_edge(edge.source, edge.target, title=edge.tooltip, value=edge.weight, arrows=arrows)
    net.set_options(json.dumps(_OPTIONS))
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return nodes, edges, json.loads(options)


_OPTIONS: dict[str, Any] = {
    "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": True},
    "nodes": {"scaling": {"min": 8, "max": 30}, "font": {"size": 14, "face": "sans-serif"}},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "scaling": {"min": 1, "max": 8},
        "smooth": {"type": "continuous"},
        "color": {"color": "#8a8a8a", "highlight": "#333333"},
    },
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 140, "avoidOverlap": 0.5},
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
    },
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


@cache
def _vis_asset(name: str) -> str:
    text = files("pyvis").joinpath("lib", "vis-9.1.2", name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise RuntimeError(f"bundled {name} cannot be inlined safely")
    return text


def _spaced(node_type: str) -> str:
    """``AssuranceBody`` -> ``Assurance body``."""
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in node_type).strip()
    return words[:1].upper() + words[1:]


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
