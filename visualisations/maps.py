"""What each network map shows: the part of the knowledge graph it selects, as a :class:`NetworkMap`.

Maps are the co-accountability of organisations, one organisation's ego map, one review, and
themes across areas. Each keeps the focus node(s) and then the most connected ones up to a node
limit, saying "Showing N of M nodes". Every node keeps a short label (an initialism when it has
one), its full name, its text and the sources it was read from; every line says in words what
links the two nodes. :mod:`visualisations.map_page` draws a map as an offline HTML page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.model import EdgeType, NodeType
from graph.queries.coaccountability import co_accountability_graph
from graph.queries.index import graph_index
from graph.queries.walk import actions_led
from visualisations import navigation as nav

DEFAULT_NODE_LIMIT = 150

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


@dataclass(frozen=True)
class MapNode:
    """A node to draw: ``label`` is short (an initialism when it has one), ``name`` in full,
    ``text`` what hovering it shows besides its name and sources (its sentence, status, timescale),
    ``sources`` its provenance entries, each with its ``words`` (document title and place)."""

    id: str
    type: str
    label: str
    name: str
    text: str = ""
    sources: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class MapEdge:
    """A line between two nodes; ``words`` say what links them ("source WORDS target")."""

    source: str
    target: str
    words: str
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


# --- selecting what to draw -----------------------------------------------------------------


def co_accountability_map(
    g: nx.MultiDiGraph, area: str | None = None, limit: int = DEFAULT_NODE_LIMIT
) -> NetworkMap:
    """Organisations joined when they share recommendations (edge width = shared count).

    ``area`` (an Area node id) keeps only recommendations of that area.
    """
    network = co_accountability_graph(g, area)
    node_of = _organisation_named(g)
    shared = sorted(
        (*sorted((node_of[u], node_of[v])), weight) for u, v, weight in network.edges(data="weight")
    )
    edges = [MapEdge(a, b, f"shares {n} recommendation(s) with", n, False) for a, b, n in shared]
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


def _organisation_named(g: nx.MultiDiGraph) -> dict[str, str]:
    """Each organisation's name -> its node, made once per graph (an area's map named ~900)."""
    return graph_index(g).lasting(
        "organisation of each name",
        lambda: {nav.label(g, org): org for org in nav.nodes_of(g, NodeType.ORGANISATION)},
    )


def organisation_map(g: nx.MultiDiGraph, org: str, limit: int = DEFAULT_NODE_LIMIT) -> NetworkMap:
    """An organisation's ego map: its recommendations, their actions, the actions it leads (directly
    or through its roles), co-owners, leads and assurance bodies."""
    recs = nav.origins(g, org, EdgeType.ADDRESSED_TO)
    led = list(actions_led(g, org))  # directly or through one of its roles
    actions = _linked(g, recs, {EdgeType.ADDRESSED_BY_ACTION}) + led
    members = [org, *recs, *actions, *_linked(g, recs, {EdgeType.ADDRESSED_TO})]
    # each action's assurance bodies and leads in one walk of its links (a national trust's map
    # gathers ~1,000 nodes before it keeps the 150 most connected)
    members += _linked(g, actions, {EdgeType.ASSURED_BY, EdgeType.LED_BY})
    return _subgraph_map(
        g,
        f"{nav.label(g, org)}: accountability map",
        "The recommendations addressed to it, their actions, co-owners, leads and assurance bodies.",
        members,
        focus=[org],
        limit=limit,
    )


def _linked(g: nx.MultiDiGraph, nodes: Iterable[str], edges: set[EdgeType]) -> list[str]:
    """The nodes reached from ``nodes`` over any of ``edges`` (read as graph.queries.walk does)."""
    return [v for node in nodes for v, keys in g._succ[node].items() if not edges.isdisjoint(keys)]


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
    # one theme's counts only: counting every theme was ~0.5 s of a national theme's first map
    counts = nav.theme_area_counts(g, None if theme is None else [theme])
    members = sorted({n for pair in counts for n in pair})
    edges = [MapEdge(t, a, f"is raised {n} time(s) in", n, False) for (t, a), n in sorted(counts.items())]
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
    # in the graph's order, found by each node's kept place (not by walking a national graph)
    ordered = sorted(chosen, key=graph_index(g).position.__getitem__)
    # the chosen nodes' own edges, in the graph's edge order (not every edge of a national graph),
    # read from networkx's adjacency dicts as graph.queries.walk does: its views cost 3x as much
    edges = [
        MapEdge(u, v, EDGE_WORDS.get(k, k))
        for u in ordered
        for v, keys in g._succ[u].items()
        if v in chosen and v != u
        for k in keys
        if k in DRAWN_EDGES
    ]
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
    lines = []
    text = attrs.get("text")
    if text and text != name:
        lines.append(_shorten(str(text), 600))
    for status_key in ("status", "timescale"):
        if attrs.get(status_key):
            lines.append(f"{status_key}: {attrs[status_key]}")
    sources = tuple({**src, "words": nav.source_words(g, src)} for src in nav.sources_of(g, node)[:3])
    return MapNode(node, kind, _short_label(g, node, name), name, "\n".join(lines), sources)


def _short_label(g: nx.MultiDiGraph, node: str, name: str) -> str:
    """What the map writes beside a node: an organisation's initialism when it has one (the
    shortest all-capitals alias), else the name cut to a few words; hover and the details panel
    give it in full."""
    aliases = [a for a in g.nodes[node].get("aliases") or [] if a.isupper() and " " not in a and len(a) > 1]
    if aliases:
        return min(aliases, key=lambda a: (len(a), a))
    return _shorten(name, 28)


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
