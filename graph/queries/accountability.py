"""Shared accountability: who owns each recommendation, jointly with whom, and who acts on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.model import EdgeType, NodeType
from graph.queries.index import graph_index
from graph.queries.names import resolve_area, resolve_organisation
from graph.queries.walk import (
    Graph,
    JsonResult,
    Lead,
    addressees,
    item_key,
    label,
    leads_of,
    nodes_of,
    origins,
    targets,
)


@dataclass(frozen=True)
class LeadingOrganisation(JsonResult):
    """An organisation leading an action: named as lead, or through its post (``through_role``).

    ``inferred`` gives the reasons when the plan did not say whose post it is ("sole addressee
    of recommendation 22.1"); it is empty when the document says so.
    """

    organisation: str
    through_role: str | None
    inferred: tuple[str, ...]

    def describe(self) -> str:
        """In words, e.g. "X, through its Head of Safeguarding (inferred: sole addressee of ...)"."""
        text = self.organisation
        if self.through_role:
            text += f", through its {self.through_role}"
        if self.inferred:
            text += f" (inferred: {'; '.join(self.inferred)})"
        return text


def leading_organisation(g: Graph, lead: Lead) -> LeadingOrganisation:
    role = label(g, lead.role) if lead.role else None
    return LeadingOrganisation(label(g, lead.organisation), role, lead.inferred)


@dataclass(frozen=True)
class AccountableAction(JsonResult):
    """An action on a recommendation, as the plan states it, with where it was read.

    ``lead`` is the lead as written, ``led_by`` the roles, organisations and collectives it
    names, and ``lead_organisations`` the organisations leading it, directly or through a role.
    """

    node: str
    text: str
    lead: str | None
    led_by: tuple[str, ...]
    lead_organisations: tuple[LeadingOrganisation, ...]
    responsible: str | None
    assurance: tuple[str, ...]
    assurance_bodies: tuple[str, ...]
    timescale: str | None
    timescale_raw: str | None
    timescale_kind: str | None
    status: str | None
    rag: str | None
    sources: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class AccountableRecommendation(JsonResult):
    """A recommendation with its owners (organisations and collective addressees) and actions."""

    node: str
    area: str | None
    review: str | None
    recommendation: str
    text: str | None
    organisations: tuple[str, ...]
    collectives: tuple[str, ...]
    actions: tuple[AccountableAction, ...]
    sources: tuple[dict[str, Any], ...]

    @property
    def owners(self) -> tuple[str, ...]:
        return self.organisations + self.collectives


def action_details(g: Graph, action: str) -> AccountableAction:
    """An action as :class:`AccountableAction`, made once per graph (recommendations, profiles
    and pages that show it share it)."""
    return graph_index(g).of_node("action details", action, lambda: _action_details(g, action))


def _action_details(g: Graph, action: str) -> AccountableAction:
    attrs = g.nodes[action]
    return AccountableAction(
        node=action,
        text=attrs.get("text") or "",
        lead=attrs.get("lead"),
        led_by=tuple(label(g, n) for n in targets(g, action, EdgeType.LED_BY)),
        lead_organisations=tuple(leading_organisation(g, lead) for lead in leads_of(g, action)),
        responsible=attrs.get("responsible"),
        assurance=tuple(attrs.get("assurance") or ()),
        assurance_bodies=tuple(label(g, n) for n in targets(g, action, EdgeType.ASSURED_BY)),
        timescale=attrs.get("timescale"),
        timescale_raw=attrs.get("timescale_raw"),
        timescale_kind=attrs.get("timescale_kind"),
        status=attrs.get("status"),
        rag=attrs.get("rag"),
        sources=tuple(attrs.get("source", ())),
    )


def recommendation_details(g: Graph, rec: str) -> AccountableRecommendation:
    """A recommendation as :class:`AccountableRecommendation`, made once per graph."""
    return graph_index(g).of_node("recommendation details", rec, lambda: _recommendation_details(g, rec))


def _recommendation_details(g: Graph, rec: str) -> AccountableRecommendation:
    attrs = g.nodes[rec]
    owners = addressees(g, rec)
    actions = sorted(targets(g, rec, EdgeType.ADDRESSED_BY_ACTION), key=lambda a: item_key(g, a))
    return AccountableRecommendation(
        node=rec,
        area=attrs.get("area"),
        review=attrs.get("review"),
        # one without a number is cited by its first words, as on its own page
        recommendation=attrs["recommendation"] or label(g, rec),
        text=attrs.get("text"),
        organisations=tuple(label(g, o) for o in owners if g.nodes[o]["type"] == NodeType.ORGANISATION.value),
        collectives=tuple(
            label(g, o) for o in owners if g.nodes[o]["type"] == NodeType.COLLECTIVE_ADDRESSEE.value
        ),
        actions=tuple(action_details(g, a) for a in actions),
        sources=tuple(attrs.get("source", ())),
    )


def make_all_details(g: Graph) -> None:
    """Every recommendation's and action's details, made now (a server's warm-up) rather than by
    the first profile or page showing each: at 150 areas ~1 s and ~15 MB for all, against a
    first organisation profile of ~4.7 ms instead of ~1.1 ms, most of it making details."""
    for rec in nodes_of(g, NodeType.RECOMMENDATION):
        recommendation_details(g, rec)
    for action in nodes_of(g, NodeType.ACTION):  # those of no recommendation
        action_details(g, action)


def shared_accountability(
    g: Graph, org: str | None = None, area: str | None = None, min_orgs: int | None = None
) -> list[AccountableRecommendation]:
    """Recommendations owned by at least ``min_orgs`` addressees, with their actions.

    Parameters
    ----------
    g : MultiDiGraph
        A graph from :func:`graph.build.build_graph`.
    org : str, optional
        Only recommendations addressed to this organisation (name, alias or initialism). With
        ``org`` and no ``min_orgs``, everything it is accountable for, alone or jointly.
    area : str, optional
        Only recommendations of reviews in this area.
    min_orgs : int, optional
        The least number of owners (organisations plus collective addressees such as "all local
        GP practices"); defaults to 2, or 1 when ``org`` is given.

    Returns
    -------
    list of AccountableRecommendation
        Ordered by area, review and recommendation number.

    Raises
    ------
    UnknownName
        ``org`` or ``area`` matches nothing; the message lists close matches.
    """
    recs = shared_recommendations(g, org, area, min_orgs)
    if org:
        return [recommendation_details(g, rec) for rec in recs]
    # every owner's or every area's: kept per graph, as the API pages through it request by request
    key = ("shared accountability", area, min_orgs)
    return list(graph_index(g).answer(key, lambda: [recommendation_details(g, rec) for rec in recs]))


def shared_recommendations(
    g: Graph, org: str | None = None, area: str | None = None, min_orgs: int | None = None
) -> list[str]:
    """The recommendation nodes :func:`shared_accountability` describes, in its order (so that a
    page of them can be described alone). Kept per graph and arguments."""
    org_node = resolve_organisation(g, org) if org else None
    area_name = g.nodes[resolve_area(g, area)]["label"] if area else None
    least = min_orgs if min_orgs is not None else (1 if org_node else 2)
    if org_node:  # a few in-edges: cheaper to walk again than to keep for each organisation
        return _shared(g, org_node, area_name, least)
    key = ("shared recommendations", area_name, least)
    return list(graph_index(g).answer(key, lambda: _shared(g, org_node, area_name, least)))


def _shared(g: Graph, org_node: str | None, area_name: str | None, least: int) -> list[str]:
    found = []
    # an organisation's own recommendations are its in-edges: no walk over every recommendation
    recs = (
        origins(g, org_node, EdgeType.ADDRESSED_TO, NodeType.RECOMMENDATION)
        if org_node
        else nodes_of(g, NodeType.RECOMMENDATION)
    )
    for rec in recs:
        owners = addressees(g, rec)
        if len(owners) < least:
            continue
        if org_node and org_node not in owners:
            continue
        if area_name and g.nodes[rec].get("area") != area_name:
            continue
        found.append(rec)
    return sorted(found, key=lambda r: item_key(g, r))
