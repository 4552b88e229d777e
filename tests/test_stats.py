"""graph_stats on small hand-built graphs."""

from __future__ import annotations

import json

import networkx as nx

from graph.model import EdgeType, NodeType, node_id
from graph.stats import graph_stats


def two_area_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    north, south = node_id(NodeType.AREA, "Northshire"), node_id(NodeType.AREA, "Southshire")
    graph.add_node(south, type=NodeType.AREA.value, label="Southshire")
    graph.add_node(north, type=NodeType.AREA.value, label="Northshire")
    for doc in ("north-plan.txt", "south-report.txt", "south-plan.txt"):
        graph.add_node(node_id(NodeType.SOURCE_DOCUMENT, doc), type=NodeType.SOURCE_DOCUMENT.value, label=doc)
    review = node_id(NodeType.REVIEW, "CQC", "Southshire", "2016")
    graph.add_node(review, type=NodeType.REVIEW.value, label="CQC CLAS review of Southshire, 2016")
    graph.add_edge(review, south, key=EdgeType.IN_AREA.value, type=EdgeType.IN_AREA.value)
    for doc in ("south-report.txt", "south-plan.txt"):
        target = node_id(NodeType.SOURCE_DOCUMENT, doc)
        graph.add_edge(review, target, key=EdgeType.DERIVED_FROM.value, type=EdgeType.DERIVED_FROM.value)
    return graph


def test_counts_nodes_and_edges_by_type_with_documents_areas_and_reviews() -> None:
    stats = graph_stats(two_area_graph())
    assert stats.nodes == 6
    assert stats.edges == 3
    assert stats.nodes_by_type == {"Area": 2, "Review": 1, "SourceDocument": 3}
    assert stats.edges_by_type == {"derivedFrom": 2, "inArea": 1}
    assert stats.documents == 3
    assert stats.areas == ["Northshire", "Southshire"]
    assert stats.reviews == ["CQC CLAS review of Southshire, 2016"]


def test_edge_type_falls_back_to_the_edge_key() -> None:
    graph = nx.MultiDiGraph()
    graph.add_edge("Action:a", "Role:designated-nurse", key=EdgeType.LED_BY.value)
    graph.add_edge("Action:b", "Role:designated-nurse", key=EdgeType.LED_BY.value)
    assert graph_stats(graph).edges_by_type == {"ledBy": 2}


def test_json_form_is_serialisable_and_carries_counts_and_names() -> None:
    raw = json.loads(json.dumps(graph_stats(two_area_graph()).to_json()))
    assert raw["areas"] == 2
    assert raw["area_names"] == ["Northshire", "Southshire"]
    assert raw["reviews"] == 1
    assert raw["documents"] == 3
    assert raw["nodes_by_type"]["SourceDocument"] == 3


def test_an_empty_graph_counts_nothing() -> None:
    stats = graph_stats(nx.MultiDiGraph())
    assert (stats.nodes, stats.edges, stats.documents, stats.areas, stats.reviews) == (0, 0, 0, [], [])
