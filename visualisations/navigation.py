"""Walking the knowledge graph by edge type: the small vocabulary pages and maps share.

The graph is a ``networkx.MultiDiGraph`` whose edge keys are :class:`graph.model.EdgeType`
values and whose nodes carry a ``type`` attribute (:class:`graph.model.NodeType` value).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from graph.model import EdgeType, NodeType


def nodes_of(g: nx.MultiDiGraph, node_type: NodeType) -> list[str]:
    """Ids of every node of ``node_type``, in the graph's (deterministic) order."""
    return [n for n, t in g.nodes(data="type") if t == node_type.value]


def targets(g: nx.MultiDiGraph, node: str, edge: EdgeType) -> list[str]:
    """Nodes that ``node`` points to along ``edge`` edges, without repeats."""
    return list(dict.fromkeys(v for _, v, k in g.out_edges(node, keys=True) if k == edge.value))


def sources(g: nx.MultiDiGraph, node: str, edge: EdgeType) -> list[str]:
    """Nodes that point to ``node`` along ``edge`` edges, without repeats."""
    return list(dict.fromkeys(u for u, _, k in g.in_edges(node, keys=True) if k == edge.value))


def of_type(g: nx.MultiDiGraph, nodes: list[str], *node_types: NodeType) -> list[str]:
    wanted = {t.value for t in node_types}
    return [n for n in nodes if g.nodes[n].get("type") in wanted]


def label(g: nx.MultiDiGraph, node: str) -> str:
    """The node's display name (its ``label``, else its id)."""
    return str(g.nodes[node].get("label") or node)


def node_type(g: nx.MultiDiGraph, node: str) -> str:
    return str(g.nodes[node].get("type", ""))


def reviews_of(g: nx.MultiDiGraph, node: str) -> list[str]:
    """The reviews a recommendation, finding or action belongs to (an action through its parent)."""
    if node_type(g, node) == NodeType.REVIEW.value:
        return [node]
    found = targets(g, node, EdgeType.MADE_BY)
    if not found:
        for parent in sources(g, node, EdgeType.ADDRESSED_BY_ACTION):
            found.extend(targets(g, parent, EdgeType.MADE_BY))
    return list(dict.fromkeys(found))


def areas_of(g: nx.MultiDiGraph, node: str) -> list[str]:
    """The areas of a review, recommendation, finding, action or organisation."""
    if node_type(g, node) == NodeType.AREA.value:
        return [node]
    direct = targets(g, node, EdgeType.IN_AREA)
    via_review = [a for review in reviews_of(g, node) for a in targets(g, review, EdgeType.IN_AREA)]
    return list(dict.fromkeys([*direct, *via_review]))


def sources_of(g: nx.MultiDiGraph, node: str) -> list[dict[str, Any]]:
    """The node's provenance entries (``document``, ``file``, ``location``)."""
    return list(g.nodes[node].get("source") or [])


def theme_area_counts(g: nx.MultiDiGraph) -> Counter[tuple[str, str]]:
    """How many recommendations and findings raise each theme in each area: ``(theme, area) -> n``."""
    counts: Counter[tuple[str, str]] = Counter()
    for item in [*nodes_of(g, NodeType.RECOMMENDATION), *nodes_of(g, NodeType.FINDING)]:
        for theme in targets(g, item, EdgeType.HAS_THEME):
            for area in areas_of(g, item):
                counts[(theme, area)] += 1
    return counts
