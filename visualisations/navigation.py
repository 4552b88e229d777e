"""Walking the knowledge graph by edge type: the small vocabulary pages and maps share.

The basic walks (``nodes_of``, ``targets``, ``label``) are those of :mod:`graph.queries.walk`;
this module adds what pages and maps need on top: areas and reviews of any fact, provenance.

The graph is a ``networkx.MultiDiGraph`` whose edge keys are :class:`graph.model.EdgeType`
values and whose nodes carry a ``type`` attribute (:class:`graph.model.NodeType` value).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from graph.model import EdgeType, NodeType
from graph.queries.themes import themed_items
from graph.queries.walk import label, nodes_of, origins, targets

__all__ = [
    "areas_of",
    "label",
    "node_type",
    "nodes_of",
    "of_type",
    "origins",
    "reviews_of",
    "sources_of",
    "targets",
    "theme_area_counts",
]


def of_type(g: nx.MultiDiGraph, nodes: list[str], *node_types: NodeType) -> list[str]:
    wanted = {t.value for t in node_types}
    return [n for n in nodes if g.nodes[n].get("type") in wanted]


def node_type(g: nx.MultiDiGraph, node: str) -> str:
    return str(g.nodes[node].get("type", ""))


def reviews_of(g: nx.MultiDiGraph, node: str) -> list[str]:
    """The reviews a recommendation, finding or action belongs to (an action through its parent,
    or, stated on its own, its document's review)."""
    if node_type(g, node) == NodeType.REVIEW.value:
        return [node]
    found = targets(g, node, EdgeType.MADE_BY)
    if not found:
        for parent in origins(g, node, EdgeType.ADDRESSED_BY_ACTION):
            found.extend(targets(g, parent, EdgeType.MADE_BY))
    stated = g.nodes[node].get("review")
    if not found and stated in g:  # an action stated on its own: its document's review
        found.append(stated)
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
    """How many items raise each theme in each area (:func:`graph.queries.themes.themed_items`):
    ``(theme, area) -> n``."""
    counts: Counter[tuple[str, str]] = Counter()
    for theme in nodes_of(g, NodeType.THEME):
        for item in themed_items(g, theme):
            for area in areas_of(g, item):
                counts[(theme, area)] += 1
    return counts
