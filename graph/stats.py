"""Summary counts of a graph: what ``sgraph stats`` and the API's /stats report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.model import NodeType


@dataclass(frozen=True)
class GraphStats:
    """Nodes and edges by type (sorted by type name), plus the documents, areas and reviews."""

    nodes: int
    edges: int
    nodes_by_type: dict[str, int]
    edges_by_type: dict[str, int]
    documents: int
    areas: list[str]
    reviews: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "nodes_by_type": self.nodes_by_type,
            "edges_by_type": self.edges_by_type,
            "documents": self.documents,
            "areas": len(self.areas),
            "area_names": self.areas,
            "reviews": len(self.reviews),
            "review_names": self.reviews,
        }


def graph_stats(graph: nx.MultiDiGraph[Any]) -> GraphStats:
    """Count ``graph``'s nodes by their ``type`` attribute and edges by their key/``type``."""
    node_types = Counter(str(attrs.get("type", "untyped")) for attrs in graph._node.values())
    # straight over the adjacency dicts: networkx's edge views took three times as long, and the
    # counts are made whenever a graph is kept
    edge_types = Counter(
        str(attrs.get("type", key))
        for targets in graph._succ.values()
        for keyed in targets.values()
        for key, attrs in keyed.items()
    )
    return GraphStats(
        nodes=len(graph._node),
        edges=sum(edge_types.values()),
        nodes_by_type=dict(sorted(node_types.items())),
        edges_by_type=dict(sorted(edge_types.items())),
        documents=node_types[NodeType.SOURCE_DOCUMENT.value],
        areas=_labels(graph, NodeType.AREA),
        reviews=_labels(graph, NodeType.REVIEW),
    )


def _labels(graph: nx.MultiDiGraph[Any], node_type: NodeType) -> list[str]:
    return sorted(
        str(attrs.get("label") or attrs.get("name") or node)
        for node, attrs in graph.nodes(data=True)
        if attrs.get("type") == node_type.value
    )
