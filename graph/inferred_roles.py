"""Posts inferred to belong to an organisation: the lead of a plan row answering a
recommendation addressed to that organisation alone.

Run by :func:`graph.build.build_graph` once every document is in (only then does a
recommendation have all its addressees). What is inferred says so: ``inferred`` on the edge and
``reasons`` naming the recommendation.
"""

from __future__ import annotations

import networkx as nx

from graph.model import EdgeType, NodeType, node_id
from graph.sources import Source, SourceSets


def link_roles_to_sole_addressees(graph: nx.MultiDiGraph) -> None:
    """Give the lead and responsible officer of an organisation's own plan rows that organisation.

    A plan row answering a recommendation addressed to exactly one organisation is that
    organisation's work, so a role named on it ("Head of Safeguarding") is the organisation's
    post. Role nodes are shared by every plan of an area, so the row is re-pointed to a role node
    of that organisation (same title), joined to it by a ``partOf`` edge marked ``inferred=True``
    with its ``reasons`` ("sole addressee of recommendation 22.1"); the re-pointed ``ledBy`` or
    ``responsibleOfficer`` edge carries its own reason in ``inferred``. Roles the text already
    places in an organisation, and rows of recommendations with several addressees, are left alone.
    """
    rewired: set[str] = set()
    seen = SourceSets()
    for action in [n for n, kind in graph.nodes(data="type") if kind == NodeType.ACTION.value]:
        addressee = _sole_addressee(graph, action)
        if addressee is None:
            continue
        org, rec = addressee
        cited = graph.nodes[rec].get("recommendation") or graph.nodes[rec]["label"]
        reason = f"sole addressee of recommendation {cited}"
        for key in (EdgeType.LED_BY.value, EdgeType.RESPONSIBLE_OFFICER.value):
            roles = [
                v
                for _, v, k in graph.out_edges(action, keys=True)
                if k == key and graph.nodes[v]["type"] == NodeType.ROLE.value and not _placed(graph, v)
            ]
            for role in roles:
                attrs = graph.edges[action, role, key]
                own_role = _organisation_role(graph, role, org, attrs["source"], seen)
                graph.remove_edge(action, role, key)
                if graph.has_edge(action, own_role, key):
                    seen.merge(graph.edges[action, own_role, key]["source"], attrs["source"])
                else:
                    graph.add_edge(action, own_role, key=key, **{**attrs, "inferred": [reason]})
                _inferred_part_of(graph, own_role, org, attrs["source"], reason, seen)
                rewired.add(role)
    # a shared role whose every row now names the organisation's own role is no longer used
    graph.remove_nodes_from(sorted(r for r in rewired if graph.in_degree(r) == 0))


def _sole_addressee(graph: nx.MultiDiGraph, action: str) -> tuple[str, str] | None:
    """(organisation, recommendation) when the action answers a recommendation addressed to
    exactly one addressee and that addressee is an organisation."""
    owners = [u for u, _, k in graph.in_edges(action, keys=True) if k == EdgeType.ADDRESSED_BY_ACTION.value]
    if len(owners) != 1 or graph.nodes[owners[0]]["type"] != NodeType.RECOMMENDATION.value:
        return None
    addressed = [v for _, v, k in graph.out_edges(owners[0], keys=True) if k == EdgeType.ADDRESSED_TO.value]
    if len(addressed) != 1 or graph.nodes[addressed[0]]["type"] != NodeType.ORGANISATION.value:
        return None
    return addressed[0], owners[0]


def _placed(graph: nx.MultiDiGraph, role: str) -> bool:
    """Whether the text already says which organisation the role belongs to."""
    return any(
        k == EdgeType.PART_OF.value and graph.nodes[v]["type"] == NodeType.ORGANISATION.value
        for _, v, k in graph.out_edges(role, keys=True)
    )


def _organisation_role(
    graph: nx.MultiDiGraph, role: str, org: str, sources: list[Source], seen: SourceSets
) -> str:
    shared = graph.nodes[role]
    title = shared.get("title") or shared.get("label") or role
    nid = node_id(NodeType.ROLE, shared.get("area") or "", graph.nodes[org]["label"], title)
    if nid not in graph:
        graph.add_node(
            nid, type=NodeType.ROLE.value, source=[], label=title, title=title, area=shared.get("area")
        )
    seen.merge(graph.nodes[nid]["source"], sources)
    for source in sources:
        doc_node = node_id(NodeType.SOURCE_DOCUMENT, source["document"])
        if graph.has_edge(nid, doc_node, EdgeType.DERIVED_FROM.value):
            seen.merge(graph.edges[nid, doc_node, EdgeType.DERIVED_FROM.value]["source"], [source])
        else:
            graph.add_edge(
                nid,
                doc_node,
                key=EdgeType.DERIVED_FROM.value,
                type=EdgeType.DERIVED_FROM.value,
                source=[source],
            )
    return nid


def _inferred_part_of(
    graph: nx.MultiDiGraph, role: str, org: str, sources: list[Source], reason: str, seen: SourceSets
) -> None:
    key = EdgeType.PART_OF.value
    if not graph.has_edge(role, org, key):
        graph.add_edge(role, org, key=key, type=key, source=[], inferred=True, reasons=[])
    edge = graph.edges[role, org, key]
    seen.merge(edge["source"], sources)
    seen.add(edge["reasons"], reason)
