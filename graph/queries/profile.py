"""One organisation's page: what it is accountable for, with whom, what it leads, who assures it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from graph.model import EdgeType, NodeType
from graph.queries.accountability import (
    AccountableAction,
    AccountableRecommendation,
    action_details,
    shared_accountability,
)
from graph.queries.gaps import GapItem, gaps
from graph.queries.index import graph_index
from graph.queries.names import resolve_organisation
from graph.queries.walk import (
    Graph,
    JsonResult,
    actions_led,
    item_key,
    label,
    origins,
    targets,
)


@dataclass(frozen=True)
class OrganisationProfile(JsonResult):
    node: str
    name: str
    type: str
    aliases: tuple[str, ...]
    areas: tuple[str, ...]
    accountable_alone: tuple[AccountableRecommendation, ...]
    accountable_jointly: tuple[AccountableRecommendation, ...]
    co_owners: dict[str, int]  # co-owner -> recommendations shared
    actions: tuple[AccountableAction, ...]  # actions it leads or that concern it
    actions_led: tuple[AccountableAction, ...]  # it leads, directly or through its roles
    actions_led_through_roles: int  # of actions_led, those led by one of its posts
    actions_led_inferred: int  # of those, where the post was inferred to be its own
    findings: tuple[str, ...]
    assurance_bodies: tuple[str, ...]
    commissions: tuple[str, ...]
    commissioned_by: tuple[str, ...]
    gaps: tuple[GapItem, ...]


def organisation_profile(g: Graph, name: str) -> OrganisationProfile:
    """Everything the graph says about one organisation (node id, name, alias or initialism).

    ``accountable_jointly`` are the recommendations addressed to it and at least one other
    owner; ``co_owners`` counts, for each other owner, the recommendations shared with it;
    ``actions_led`` are the actions it leads, named as lead or through one of its roles (each
    action's ``lead_organisations`` says which role, and why when the role's organisation was
    inferred rather than stated); ``actions`` adds those that concern it;
    ``assurance_bodies`` are the bodies that belong to it and those assuring actions on its
    recommendations; ``gaps`` are the gap report's items naming it (judged as of today).

    Raises
    ------
    UnknownName
        The name matches no organisation; the message lists close matches.
    """
    node = resolve_organisation(g, name)
    attrs = g.nodes[node]
    own = shared_accountability(g, org=node, min_orgs=1)
    canonical = label(g, node)
    alone = tuple(r for r in own if len(r.owners) == 1)
    jointly = tuple(r for r in own if len(r.owners) > 1)
    co_owners = Counter(o for r in jointly for o in r.owners if o != canonical)
    acting = sorted(graph_index(g).actions_of.get(node, ()), key=lambda a: item_key(g, a))
    led = actions_led(g, node)
    bodies = list(origins(g, node, EdgeType.PART_OF, NodeType.ASSURANCE_BODY))
    for rec in own:
        for action in rec.actions:
            bodies.extend(targets(g, action.node, EdgeType.ASSURED_BY))
    return OrganisationProfile(
        node=node,
        name=canonical,
        type=attrs.get("org_type") or "other",
        aliases=tuple(attrs.get("aliases", ())),
        areas=tuple(attrs.get("areas", ())),
        accountable_alone=alone,
        accountable_jointly=jointly,
        co_owners=dict(sorted(co_owners.items(), key=lambda p: (-p[1], p[0]))),
        actions=tuple(action_details(g, a) for a in acting),
        actions_led=tuple(action_details(g, a) for a in sorted(led, key=lambda a: item_key(g, a))),
        actions_led_through_roles=sum(1 for lead in led.values() if lead.role),
        actions_led_inferred=sum(1 for lead in led.values() if lead.inferred),
        findings=tuple(
            g.nodes[f].get("text") or "" for f in origins(g, node, EdgeType.CONCERNS, NodeType.FINDING)
        ),
        assurance_bodies=tuple(sorted({label(g, b) for b in bodies})),
        commissions=tuple(sorted(label(g, o) for o in targets(g, node, EdgeType.COMMISSIONS))),
        commissioned_by=tuple(sorted(label(g, o) for o in origins(g, node, EdgeType.COMMISSIONS))),
        gaps=gaps(g).naming(canonical),
    )
