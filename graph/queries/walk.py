"""Small graph walks every query uses: nodes of a type, typed neighbours, sort keys, JSON."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeAlias

import networkx as nx

from graph.model import EdgeType, NodeType, node_id
from graph.queries.index import graph_index

Graph: TypeAlias = "nx.MultiDiGraph[Any]"


def nodes_of(g: Graph, node_type: NodeType) -> list[str]:
    """Node ids of one type, in the graph's (deterministic) order (indexed once per graph)."""
    return list(graph_index(g).by_type.get(node_type.value, ()))


# targets and origins read networkx's adjacency dicts (neighbour -> edge key -> attributes)
# directly, in the same order as out_edges/in_edges: those views cost ten times as much and were
# most of the time of gaps, profiles and the organisation list at national scale.


def targets(g: Graph, node: str, edge: EdgeType, node_type: NodeType | None = None) -> list[str]:
    """Nodes reached from ``node`` over ``edge`` edges (optionally only of ``node_type``)."""
    found = [v for v, keys in g._succ[node].items() if edge in keys]
    if node_type is None:
        return found
    return [v for v in found if g._node[v]["type"] == node_type]


def origins(g: Graph, node: str, edge: EdgeType, node_type: NodeType | None = None) -> list[str]:
    """Nodes with an ``edge`` edge into ``node`` (optionally only of ``node_type``)."""
    found = [u for u, keys in g._pred[node].items() if edge in keys]
    if node_type is None:
        return found
    return [u for u in found if g._node[u]["type"] == node_type]


def label(g: Graph, node: str) -> str:
    return str(g.nodes[node].get("label") or node)


def natural_key(text: str | None) -> tuple[Any, ...]:
    """Sort "2.10" after "2.9" and "27" before "27.1"."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text or ""))


def item_key(g: Graph, node: str) -> tuple[Any, ...]:
    """Order of recommendations, findings and actions: area, review, number, id (kept per graph:
    every sorted list of a national graph asked for it again)."""
    return graph_index(g).of_node("item key", node, lambda: _item_key(g, node))


def _item_key(g: Graph, node: str) -> tuple[Any, ...]:
    attrs = g.nodes[node]
    number = natural_key(attrs.get("recommendation"))
    return (attrs.get("area") or "", attrs.get("review") or "", number, node)


def rec_name(g: Graph, rec: str) -> str:
    """A recommendation as people cite it: "AREA NUMBER" ("Northshire 1.2")."""
    attrs = g.nodes[rec]
    return f"{attrs.get('area') or ''} {attrs.get('recommendation') or label(g, rec)}".strip()


def organisations_addressed(g: Graph, rec: str) -> list[str]:
    return targets(g, rec, EdgeType.ADDRESSED_TO, NodeType.ORGANISATION)


def addressees(g: Graph, rec: str) -> list[str]:
    """Organisations and collective addressees a recommendation is addressed to."""
    return targets(g, rec, EdgeType.ADDRESSED_TO)


def owner_of(g: Graph, action: str) -> str | None:
    owners = origins(g, action, EdgeType.ADDRESSED_BY_ACTION)
    return owners[0] if owners else None


def organisations_of_role(g: Graph, role: str) -> list[str]:
    return targets(g, role, EdgeType.PART_OF, NodeType.ORGANISATION)


@dataclasses.dataclass(frozen=True)
class Lead:
    """How an organisation leads an action: named as lead, or through its role (``role`` set).

    ``inferred`` holds the reason when the plan did not say whose role it is and the graph
    inferred it (see :func:`graph.build.link_roles_to_sole_addressees`); empty when stated.
    """

    organisation: str
    role: str | None = None
    inferred: tuple[str, ...] = ()


def leads_of(g: Graph, action: str) -> list[Lead]:
    """The organisations leading an action, each with the role it leads through, if any."""
    found: list[Lead] = []
    for lead in targets(g, action, EdgeType.LED_BY):
        if g.nodes[lead]["type"] == NodeType.ORGANISATION.value:
            found.append(Lead(lead))
        elif g.nodes[lead]["type"] == NodeType.ROLE.value:
            reasons = tuple(g.edges[action, lead, EdgeType.LED_BY.value].get("inferred") or ())
            found += [Lead(org, lead, reasons) for org in organisations_of_role(g, lead)]
    return list(dict.fromkeys(found))


def actions_led(g: Graph, org: str) -> dict[str, Lead]:
    """The actions an organisation leads, directly or through one of its roles, in graph order."""
    led = {a: Lead(org) for a in origins(g, org, EdgeType.LED_BY, NodeType.ACTION)}
    for role in origins(g, org, EdgeType.PART_OF, NodeType.ROLE):
        for action in origins(g, role, EdgeType.LED_BY, NodeType.ACTION):
            reasons = tuple(g.edges[action, role, EdgeType.LED_BY.value].get("inferred") or ())
            led.setdefault(action, Lead(org, role, reasons))
    position = graph_index(g).position
    return {a: led[a] for a in sorted(led, key=position.__getitem__)}


def leading_organisations(g: Graph, action: str) -> list[str]:
    """Organisations that lead an action: named as lead, or the organisation of the lead role."""
    return list(dict.fromkeys(lead.organisation for lead in leads_of(g, action)))


def own_organisations(g: Graph, action: str) -> list[str]:
    """Organisations an action belongs to: its leads' organisations and those it concerns.

    When neither is stated, an action on a recommendation addressed to one organisation alone
    is that organisation's: there is nobody else it could belong to.
    """
    concerned = targets(g, action, EdgeType.CONCERNS, NodeType.ORGANISATION)
    found = list(dict.fromkeys([*leading_organisations(g, action), *concerned]))
    owner = owner_of(g, action)
    if not found and owner and g.nodes[owner]["type"] == NodeType.RECOMMENDATION.value:
        owners = addressees(g, owner)
        if len(owners) == 1 and g.nodes[owners[0]]["type"] == NodeType.ORGANISATION.value:
            found = owners
    return found


def involved_organisations(g: Graph, action: str) -> list[str]:
    """Everyone an action involves: its own organisations, then its recommendation's addressees."""
    owner = owner_of(g, action)
    return list(dict.fromkeys([*own_organisations(g, action), *(addressees(g, owner) if owner else [])]))


def recommendation_number(g: Graph, node: str) -> str | None:
    """The recommendation number of a recommendation, or of the recommendation an action answers."""
    owner = owner_of(g, node) if g.nodes[node]["type"] == NodeType.ACTION.value else node
    return g.nodes[owner].get("recommendation") if owner else None


def year_of(g: Graph, node: str) -> int | None:
    """The year of a fact: its review's fieldwork, else publication, else its document's date."""
    review = g.nodes[node].get("review")
    candidates: list[Any] = []
    if review and review in g:
        candidates += [g.nodes[review].get("fieldwork"), g.nodes[review].get("published")]
    for source in g.nodes[node].get("source", []):
        doc = node_id(NodeType.SOURCE_DOCUMENT, source["document"])
        if doc in g:
            candidates.append(g.nodes[doc].get("document_date"))
    for value in candidates:
        if value and re.match(r"\d{4}", str(value)):
            return int(str(value)[:4])
    return None


_PLAIN = frozenset({str, int, float, bool, type(None)})
# each result dataclass's field names, read once (dataclasses.fields per value was a sixth of a
# profile answer's time over HTTP)
_FIELDS: dict[type, tuple[str, ...]] = {}


def to_jsonable(value: Any) -> Any:
    """Dataclasses, tuples and dicts as plain JSON values."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list or kind is tuple:
        return [to_jsonable(v) for v in value]
    if kind is dict:
        return {str(k): to_jsonable(v) for k, v in value.items()}
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


class JsonResult:
    """Mixin for frozen result dataclasses: ``to_json()`` gives plain JSON values."""

    def to_json(self) -> Any:
        return to_jsonable(self)
