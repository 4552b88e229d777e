"""Dependencies: cross-references (with cycles), commissioning, assurance chains, paths."""

from __future__ import annotations

import itertools
from pathlib import Path

import networkx as nx
import pytest
from graph_support import corpus_graph, gold_graph, northshire_plan, small_graph, stored

from graph.build import build_graph
from graph.model import NodeType
from graph.queries import UnknownName, dependencies, path_between
from graph.queries.dependencies import PATH_TYPES, _path_links, cross_reference_cycles, shortest_path
from graph.queries.walk import nodes_of


def cyclic_graph():
    plan = northshire_plan()
    plan.recommendations[0].cross_refs = ["1.2"]  # 1.2 already refers back to 1.1
    return build_graph([stored(plan)])


def test_cross_references_and_cycles() -> None:
    g = cyclic_graph()
    assert cross_reference_cycles(g) == [
        ["Recommendation:northshire-2019-03:1-1", "Recommendation:northshire-2019-03:1-2"]
    ]
    found = dependencies(g, "NHT")
    assert [(c.source, c.target, c.in_cycle) for c in found.cross_references] == [
        ("Northshire 1.1", "Northshire 1.2", True),
        ("Northshire 1.2", "Northshire 1.1", True),
    ]
    assert found.cycles == (("Northshire 1.1", "Northshire 1.2"),)
    assert dependencies(small_graph(), "NHT").cycles == ()


def test_commissioning_assurance_chain_and_dependants() -> None:
    found = dependencies(small_graph(), "Northshire Clinical Commissioning Group")
    assert found.commissioned_by == ()
    (chain,) = found.assurance_chains
    assert (chain.recommendation, chain.assurance_body, chain.board) == (
        "Northshire 1.1",
        "Quality Panel",
        None,
    )
    assert [(d.organisation, d.reason) for d in found.depends_on] == [
        (
            "Northshire Hospitals NHS Trust",
            "leads an action on recommendation Northshire 1.2; "
            "owns recommendation Northshire 1.1, which Northshire 1.2 refers to",
        )
    ]
    assert dependencies(small_graph(), "NHT").commissioned_by == ("Northshire County Council",)
    assert dependencies(small_graph(), "NCC").commissions == ("Northshire Hospitals NHS Trust",)


def test_path_explains_each_hop() -> None:
    hops = path_between(small_graph(), "Northshire County Council", "NCCG")
    assert [h.explanation for h in hops] == [
        "Northshire County Council commissions Northshire Hospitals NHS Trust",
        "Recommendation Northshire 1.1 is addressed to Northshire Hospitals NHS Trust",
        "Recommendation Northshire 1.1 is addressed to Northshire Clinical Commissioning Group",
    ]
    assert (
        hops[0].source == "Northshire County Council"
        and hops[-1].target == "Northshire Clinical Commissioning Group"
    )


def test_no_path_between_unconnected_organisations_and_unknown_names() -> None:
    assert path_between(small_graph(), "Northshire CCG", "Southvale Community NHS Trust") == []
    assert path_between(small_graph(), "NHT", "NHT") == []
    with pytest.raises(UnknownName, match="Close matches"):
        path_between(small_graph(), "Northshire Hospital", "Southvale Comunity Trust")


def test_real_assurance_chain_reaches_a_board(corpus_dir: Path, gold_dir: Path) -> None:
    # the gold says Lancashire's FGM work reports to a sub-group of the safeguarding children board
    for g in (gold_graph(gold_dir), corpus_graph(corpus_dir)):
        chains = dependencies(g, "Lancashire Care NHS Foundation Trust").assurance_chains
        assert any(c.board == "Lancashire Safeguarding Children Board" for c in chains)


def _networkx_path(links: nx.Graph, a: str, b: str) -> list[str] | None:
    try:
        return list(nx.shortest_path(links, a, b))
    except nx.NetworkXNoPath:
        return None


def _links_as_networkx(g: nx.MultiDiGraph) -> nx.Graph:
    """The path links as the unoptimised code made them: an undirected networkx graph."""
    links = nx.Graph()
    links.add_nodes_from(n for n, t in g.nodes(data="type") if t in PATH_TYPES)
    links.add_edges_from((u, v) for u, v in g.edges() if u in links and v in links)
    return links


def test_path_search_finds_the_path_networkx_finds(corpus_dir: Path) -> None:
    """The adjacency tuples list each node's neighbours as networkx does, and the search over
    them picks the very path ``nx.shortest_path`` picks, for every pair of organisations of the
    corpus and of random graphs (ties included: many shortest paths have the same length)."""
    g = corpus_graph(corpus_dir)
    links = _path_links(g)
    reference = _links_as_networkx(g)
    assert links == {n: tuple(reference.adj[n]) for n in reference}
    orgs = nodes_of(g, NodeType.ORGANISATION)
    for a, b in itertools.product(orgs, orgs):
        assert shortest_path(links, a, b) == _networkx_path(reference, a, b), (a, b)
    for seed in range(20):
        sparse = nx.relabel_nodes(nx.gnm_random_graph(60, 70, seed=seed), str)
        adjacency = {n: tuple(sparse.adj[n]) for n in sparse}
        for a, b in itertools.product(list(sparse)[::3], list(sparse)[1::4]):
            assert shortest_path(adjacency, a, b) == _networkx_path(sparse, a, b), (seed, a, b)
