"""The co-accountability network: organisations linked by the recommendations they share."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from graph.model import NodeType
from graph.queries.index import graph_index
from graph.queries.walk import Graph, JsonResult, item_key, label, nodes_of, organisations_addressed, rec_name


@dataclass(frozen=True)
class OrganisationPair(JsonResult):
    first: str
    second: str
    weight: int
    recommendations: tuple[str, ...]  # "Area number" of each shared recommendation


@dataclass(frozen=True)
class OrganisationCentrality(JsonResult):
    organisation: str
    shared_recommendations: int  # recommendations it shares with at least one other organisation
    strength: int  # weighted degree: recommendations shared with each co-owner, summed
    co_owners: int
    degree: float
    betweenness: float
    community: int


@dataclass(frozen=True)
class CoAccountability(JsonResult):
    pairs: tuple[OrganisationPair, ...]
    organisations: tuple[OrganisationCentrality, ...]
    communities: tuple[tuple[str, ...], ...]


def co_accountability_graph(g: Graph, area: str | None = None) -> nx.Graph:
    """Undirected graph of organisations (by name) that recommendations are addressed to.

    Edge ``weight`` counts the recommendations addressed to both, ``recommendations`` names them
    ("AREA NUMBER"). ``area`` (an Area node id) keeps only that area's recommendations.
    """
    recs = nodes_of(g, NodeType.RECOMMENDATION)
    if area is not None:  # the area's only: sorting a national graph's ~8,000 was most of an area's map
        recs = graph_index(g).lasting("recommendations by area", lambda: _by_area(g)).get(label(g, area), [])
    network = nx.Graph()
    for rec in sorted(recs, key=lambda r: item_key(g, r)):
        owners = sorted(label(g, o) for o in organisations_addressed(g, rec))
        network.add_nodes_from(owners)
        name = rec_name(g, rec)
        for first, second in combinations(owners, 2):
            if network.has_edge(first, second):
                network.edges[first, second]["weight"] += 1
                network.edges[first, second]["recommendations"].append(name)
            else:
                network.add_edge(first, second, weight=1, recommendations=[name])
    return network


def _by_area(g: Graph) -> dict[str, list[str]]:
    """Each area's name -> its recommendations, in the graph's order."""
    found: dict[str, list[str]] = {}
    for rec in nodes_of(g, NodeType.RECOMMENDATION):
        found.setdefault(g._node[rec].get("area"), []).append(rec)
    return found


def co_accountability(g: Graph, seed: int = 0) -> CoAccountability:
    """Organisation pairs weighted by shared recommendations, with centrality and communities.

    Parameters
    ----------
    g : MultiDiGraph
        A graph from :func:`graph.build.build_graph`.
    seed : int
        Seed of the Louvain community detection, so the same graph gives the same communities.

    Returns
    -------
    CoAccountability
        ``pairs`` heaviest first; ``organisations`` by shared recommendations, then strength
        (the pair weights summed), then betweenness;
        ``communities`` largest first. Degree and betweenness centrality are networkx's
        normalised values on the unweighted network (who is connected to whom).
    """
    return graph_index(g).answer(("co-accountability", seed), lambda: _co_accountability(g, seed))


def _co_accountability(g: Graph, seed: int) -> CoAccountability:
    return network_co_accountability(co_accountability_graph(g), seed)


def network_co_accountability(network: nx.Graph, seed: int = 0) -> CoAccountability:
    """:func:`co_accountability` of a network shaped as :func:`co_accountability_graph` makes it
    (a graph-database server counts the pairs; the algorithms run here)."""
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(network.nodes))
    ordered.add_edges_from(sorted((*sorted((u, v)), d) for u, v, d in network.edges(data=True)))
    degree = nx.degree_centrality(ordered) if len(ordered) > 1 else dict.fromkeys(ordered, 0.0)
    betweenness = nx.betweenness_centrality(ordered)
    found = nx.community.louvain_communities(ordered, weight="weight", seed=seed) if len(ordered) else []
    communities = sorted((tuple(sorted(c)) for c in found), key=lambda c: (-len(c), c))
    community_of = {name: i for i, members in enumerate(communities) for name in members}
    pairs = sorted(
        (
            OrganisationPair(u, v, d["weight"], tuple(d["recommendations"]))
            for u, v, d in ordered.edges(data=True)
        ),
        key=lambda p: (-p.weight, p.first, p.second),
    )
    organisations = sorted(
        (
            OrganisationCentrality(
                organisation=name,
                shared_recommendations=len(
                    {r for _, _, recs in ordered.edges(name, data="recommendations") for r in recs}
                ),
                strength=int(ordered.degree(name, weight="weight")),
                co_owners=ordered.degree(name),
                degree=round(degree[name], 6),
                betweenness=round(betweenness[name], 6),
                community=community_of[name],
            )
            for name in ordered.nodes
        ),
        key=lambda o: (-o.shared_recommendations, -o.strength, -o.betweenness, o.organisation),
    )
    return CoAccountability(tuple(pairs), tuple(organisations), tuple(communities))
