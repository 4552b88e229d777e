"""Dependencies between organisations: cross-references, commissioning, assurance chains, paths."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import networkx as nx

from graph.model import EdgeType, NodeType
from graph.queries.index import graph_index
from graph.queries.names import resolve_organisation
from graph.queries.walk import (
    Graph,
    JsonResult,
    item_key,
    label,
    leading_organisations,
    organisations_addressed,
    origins,
    rec_name,
    targets,
)


@dataclass(frozen=True)
class CrossReference(JsonResult):
    source: str  # "Area number" of the referring recommendation
    target: str
    source_node: str
    target_node: str
    in_cycle: bool


@dataclass(frozen=True)
class AssuranceChain(JsonResult):
    """action -> assurance body -> the board or organisation the body belongs to (if known)."""

    action: str
    action_text: str
    recommendation: str | None
    assurance_body: str
    board: str | None


@dataclass(frozen=True)
class Dependency(JsonResult):
    organisation: str
    reason: str


@dataclass(frozen=True)
class Dependencies(JsonResult):
    organisation: str
    commissioned_by: tuple[str, ...]
    commissions: tuple[str, ...]
    commissioned_services: tuple[str, ...]  # services it commissions whose provider is not named
    cross_references: tuple[CrossReference, ...]
    cycles: tuple[tuple[str, ...], ...]
    assurance_chains: tuple[AssuranceChain, ...]
    depends_on: tuple[Dependency, ...]


@dataclass(frozen=True)
class Hop(JsonResult):
    source: str
    target: str
    relation: str
    explanation: str


def cross_reference_cycles(g: Graph) -> list[list[str]]:
    """Cycles of cross-references between recommendations (each as node ids, smallest first);
    found once per graph."""
    return graph_index(g).answer("cross-reference cycles", lambda: _cycles(g))


def _cycles(g: Graph) -> list[list[str]]:
    refs = nx.DiGraph()
    refs.add_edges_from(graph_index(g).cross_references)
    cycles = []
    for cycle in nx.simple_cycles(refs):
        start = cycle.index(min(cycle))
        cycles.append(cycle[start:] + cycle[:start])
    return sorted(cycles)


def _recommendations_of(g: Graph, org: str) -> list[str]:
    """Recommendations addressed to ``org`` or with an action it leads or is concerned by."""
    recs = set(origins(g, org, EdgeType.ADDRESSED_TO, NodeType.RECOMMENDATION))
    for action in graph_index(g).actions_of.get(org, ()):
        recs.update(origins(g, action, EdgeType.ADDRESSED_BY_ACTION, NodeType.RECOMMENDATION))
    return sorted(recs, key=lambda r: item_key(g, r))


def dependencies(g: Graph, org: str) -> Dependencies:
    """What one organisation's work depends on, and who depends on it.

    Parameters
    ----------
    g : MultiDiGraph
        A graph from :func:`graph.build.build_graph`.
    org : str
        Organisation name, alias or initialism.

    Returns
    -------
    Dependencies
        Commissioners and commissioned providers; cross-references from or to its
        recommendations (flagging those in a cycle); assurance chains of the actions on its
        recommendations (action -> assurance body -> board); and the other organisations it
        depends on, each with the reason: they lead actions on its recommendations, or own a
        recommendation that one of its recommendations refers to.

    Raises
    ------
    UnknownName
        ``org`` matches no organisation; the message lists close matches.
    """
    node = resolve_organisation(g, org)
    recs = _recommendations_of(g, node)
    cycles = cross_reference_cycles(g)
    in_cycle = {(c[i], c[(i + 1) % len(c)]) for c in cycles for i in range(len(c))}
    references = []
    for rec in recs:
        for target in targets(g, rec, EdgeType.REFERS_TO):
            references.append((rec, target))
        for source in origins(g, rec, EdgeType.REFERS_TO):
            references.append((source, rec))
    cross = [
        CrossReference(rec_name(g, s), rec_name(g, t), s, t, (s, t) in in_cycle)
        for s, t in sorted(dict.fromkeys(references), key=lambda p: (item_key(g, p[0]), item_key(g, p[1])))
    ]
    chains = []
    depends: dict[str, list[str]] = {}
    for rec in recs:
        for action in targets(g, rec, EdgeType.ADDRESSED_BY_ACTION):
            for body in targets(g, action, EdgeType.ASSURED_BY):
                boards: list[str | None] = [*targets(g, body, EdgeType.PART_OF)] or [None]
                for board in boards:
                    chains.append(
                        AssuranceChain(
                            action=action,
                            action_text=g.nodes[action].get("text") or "",
                            recommendation=rec_name(g, rec),
                            assurance_body=label(g, body),
                            board=label(g, board) if board else None,
                        )
                    )
            for other in leading_organisations(g, action):
                if other != node:
                    depends.setdefault(other, []).append(
                        f"leads an action on recommendation {rec_name(g, rec)}"
                    )
        for target in targets(g, rec, EdgeType.REFERS_TO):
            for other in organisations_addressed(g, target):
                if other != node:
                    depends.setdefault(other, []).append(
                        f"owns recommendation {rec_name(g, target)}, which {rec_name(g, rec)} refers to"
                    )
    cycle_names = [tuple(rec_name(g, r) for r in c) for c in cycles if any(r in recs for r in c)]
    return Dependencies(
        organisation=label(g, node),
        commissioned_by=tuple(sorted(label(g, o) for o in origins(g, node, EdgeType.COMMISSIONS))),
        commissions=tuple(sorted(label(g, o) for o in targets(g, node, EdgeType.COMMISSIONS))),
        commissioned_services=tuple(g.nodes[node].get("commissions_services", ())),
        cross_references=tuple(cross),
        cycles=tuple(cycle_names),
        assurance_chains=tuple(chains),
        depends_on=tuple(
            Dependency(label(g, o), "; ".join(dict.fromkeys(reasons)))
            for o, reasons in sorted(depends.items(), key=lambda p: label(g, p[0]))
        ),
    )


# Node types a path may pass through: the accountability facts, not the shared context
# (areas, reviews, documents, themes) that would connect everything to everything.
PATH_TYPES = frozenset(
    t.value
    for t in (
        NodeType.ORGANISATION,
        NodeType.COLLECTIVE_ADDRESSEE,
        NodeType.RECOMMENDATION,
        NodeType.FINDING,
        NodeType.ACTION,
        NodeType.ASSURANCE_BODY,
        NodeType.ROLE,
    )
)

_SAYS = {
    EdgeType.ADDRESSED_TO.value: "{u} is addressed to {v}",
    EdgeType.ADDRESSED_BY_ACTION.value: "{u} is answered by {v}",
    EdgeType.LED_BY.value: "{u} is led by {v}",
    EdgeType.RESPONSIBLE_OFFICER.value: "{u} has {v} as responsible officer",
    EdgeType.ASSURED_BY.value: "{u} is assured by {v}",
    EdgeType.REFERS_TO.value: "{u} refers to {v}",
    EdgeType.COMMISSIONS.value: "{u} commissions {v}",
    EdgeType.CONCERNS.value: "{u} concerns {v}",
    EdgeType.PART_OF.value: "{u} is part of {v}",
    EdgeType.ACCOUNTABLE_TO.value: "{u} is accountable to {v}",
}


def describe(g: Graph, node: str) -> str:
    attrs = g.nodes[node]
    kind = attrs["type"]
    if kind == NodeType.RECOMMENDATION.value:
        return f"recommendation {rec_name(g, node)}"
    if kind == NodeType.ACTION.value:
        return f"the action '{label(g, node)}'"
    if kind == NodeType.FINDING.value:
        return f"the finding '{label(g, node)}'"
    if kind == NodeType.ROLE.value:
        return f"the role {label(g, node)}"
    if kind == NodeType.ASSURANCE_BODY.value:
        return f"the assurance body {label(g, node)}"
    return label(g, node)


def _path_links(g: Graph) -> dict[str, tuple[str, ...]]:
    """The accountability facts as undirected adjacency lists, made once per graph.

    Each node's neighbours come in the order an undirected networkx graph of the same edges
    lists them (the graph's own order, not a set's), so the chosen path never varies from run
    to run. Plain tuples rather than a networkx graph: the search reads them several times faster.
    """
    near: dict[str, dict[str, None]] = {n: {} for n, t in g.nodes(data="type") if t in PATH_TYPES}
    for u, v in g.edges():
        if u in near and v in near:
            near[u][v] = None
            near[v][u] = None
    return {node: tuple(others) for node, others in near.items()}


def shortest_path(links: dict[str, tuple[str, ...]], source: str, target: str) -> list[str] | None:
    """A shortest path from ``source`` to ``target`` (None when there is none).

    networkx's bidirectional breadth-first search (what ``nx.shortest_path`` runs on an
    unweighted graph), step for step, so it finds the same path; on adjacency tuples it takes a
    fraction of the time (the search was most of a path question's time at national scale).
    """
    if source == target:
        return [source]
    towards_source: dict[str, str | None] = {source: None}  # each node reached -> where from
    towards_target: dict[str, str | None] = {target: None}
    forward, backward = [source], [target]
    meeting = None
    while forward and backward and meeting is None:
        # the smaller fringe takes the next step, as networkx does
        if len(forward) <= len(backward):
            forward, meeting = _step(links, forward, towards_source, towards_target)
        else:
            backward, meeting = _step(links, backward, towards_target, towards_source)
    if meeting is None:
        return None
    path = _walk_back(towards_source, meeting)[::-1]
    return path + _walk_back(towards_target, meeting)[1:]


def _step(
    links: dict[str, tuple[str, ...]],
    fringe: list[str],
    reached: dict[str, str | None],
    other_side: dict[str, str | None],
) -> tuple[list[str], str | None]:
    """The next fringe of one side's search, and the node where it met the other side (if it did)."""
    following: list[str] = []
    for node in fringe:
        for other in links[node]:
            if other not in reached:
                following.append(other)
                reached[other] = node
            if other in other_side:
                return following, other
    return following, None


def _walk_back(reached: dict[str, str | None], node: str | None) -> list[str]:
    found = []
    while node is not None:
        found.append(node)
        node = reached[node]
    return found


def path_between(g: Graph, org_a: str, org_b: str) -> list[Hop]:
    """The shortest chain of accountability facts linking two organisations, hop by hop.

    The path runs over recommendations, actions, findings, roles, assurance bodies and other
    organisations (not through the area or review they merely share). Each hop says in plain
    words what links its two ends, e.g. "recommendation Northshire 1.2 is addressed to X".

    Returns
    -------
    list of Hop
        Empty when the organisations are the same or nothing links them.

    Raises
    ------
    UnknownName
        Either name matches no organisation; the message lists close matches.
    """
    a, b = resolve_organisation(g, org_a), resolve_organisation(g, org_b)
    path = shortest_path(graph_index(g).lasting("path links", lambda: _path_links(g)), a, b)
    if path is None:
        return []
    hops = []
    for u, v in itertools.pairwise(path):
        if g.has_edge(u, v):
            head, tail = u, v
        else:
            head, tail = v, u
        relation = min(g[head][tail])
        explanation = _SAYS.get(relation, "{u} is linked to {v}").format(
            u=describe(g, head), v=describe(g, tail)
        )
        hops.append(Hop(label(g, u), label(g, v), relation, explanation[0].upper() + explanation[1:]))
    return hops
