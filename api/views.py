"""What the API and the web pages say about each kind of node: plain JSON-able dicts.

The JSON endpoints return these dicts and the page templates render the same dicts, so a page
never shows something the API would not. Every fact keeps its ``sources`` (document and
location).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from graph.model import EdgeType, NodeType
from graph.queries.accountability import action_details, recommendation_details
from graph.queries.themes import themed_items
from graph.queries.walk import actions_led, natural_key, year_of
from visualisations import navigation as nav

Json = dict[str, Any]


_NODE_TYPES = {t.value for t in NodeType}


def key_of(node: str) -> str:
    """The part of a node id after its type, used in URLs (``Theme:fgm`` -> ``fgm``).

    Idempotent: a key (which may itself hold colons, ``lancashire:2016-06:1-1``) is returned
    as it is, so URL helpers can be given either a node id or a key.
    """
    prefix, _, rest = node.partition(":")
    return rest if prefix in _NODE_TYPES else node


# --- reviews -------------------------------------------------------------------------------


def review_summary(g: nx.MultiDiGraph, review: str) -> Json:
    attrs = g.nodes[review]
    items = nav.origins(g, review, EdgeType.MADE_BY)
    return {
        "id": key_of(review),
        "label": nav.label(g, review),
        "area": _first_label(g, nav.targets(g, review, EdgeType.IN_AREA)),
        "regulator": attrs.get("regulator"),
        "programme": attrs.get("programme"),
        "fieldwork": attrs.get("fieldwork"),
        "published": attrs.get("published"),
        "recommendations_stated": attrs.get("recommendations_stated"),
        "actions_stated": attrs.get("actions_stated"),
        "status_counts": attrs.get("status_counts"),
        "documents": list(attrs.get("documents") or []),
        "recommendations": len(nav.of_type(g, items, NodeType.RECOMMENDATION)),
        "findings": len(nav.of_type(g, items, NodeType.FINDING)),
    }


def review_detail(g: nx.MultiDiGraph, review: str) -> Json:
    items = nav.origins(g, review, EdgeType.MADE_BY)
    recs = sorted(nav.of_type(g, items, NodeType.RECOMMENDATION), key=lambda r: natural_key(nav.label(g, r)))
    return {
        **review_summary(g, review),
        "monitored_by": [_named(g, n) for n in nav.origins(g, review, EdgeType.MONITORS)],
        "recommendation_list": [recommendation_summary(g, r) for r in recs],
        "finding_list": [finding_detail(g, f) for f in nav.of_type(g, items, NodeType.FINDING)],
    }


# --- recommendations, findings, actions ----------------------------------------------------


def recommendation_summary(g: nx.MultiDiGraph, rec: str) -> Json:
    attrs = g.nodes[rec]
    addressees = nav.targets(g, rec, EdgeType.ADDRESSED_TO)
    actions = nav.targets(g, rec, EdgeType.ADDRESSED_BY_ACTION)
    return {
        "id": key_of(rec),
        "recommendation": attrs.get("recommendation") or nav.label(g, rec),
        "text": attrs.get("text"),
        "area": _first_label(g, nav.areas_of(g, rec)),
        "review": key_of(nav.reviews_of(g, rec)[0]) if nav.reviews_of(g, rec) else None,
        "year": year_of(g, rec),
        "organisations": [nav.label(g, o) for o in nav.of_type(g, addressees, NodeType.ORGANISATION)],
        "collectives": [nav.label(g, o) for o in nav.of_type(g, addressees, NodeType.COLLECTIVE_ADDRESSEE)],
        "themes": [key_of(t) for t in nav.targets(g, rec, EdgeType.HAS_THEME)],
        "action_count": len(actions),
        "statuses": action_statuses(g, rec),
    }


def action_statuses(g: nx.MultiDiGraph, rec: str) -> list[str]:
    """The statuses of a recommendation's actions, each once, alphabetical."""
    actions = nav.targets(g, rec, EdgeType.ADDRESSED_BY_ACTION)
    return sorted({str(g.nodes[a]["status"]) for a in actions if g.nodes[a].get("status")})


def recommendation_detail(g: nx.MultiDiGraph, rec: str) -> Json:
    """A recommendation with its owners and actions (as :func:`graph.queries.shared_accountability`
    gives them), every wording with its source, themes with evidence and cross-references."""
    attrs = g.nodes[rec]
    return {
        **recommendation_details(g, rec).to_json(),
        **recommendation_summary(g, rec),
        "ids_as_written": list(attrs.get("ids_as_written") or []),
        "wordings": list(attrs.get("wordings") or []),
        "report_refs": list(attrs.get("report_refs") or []),
        "expected_outcomes": [g.nodes[o].get("text") for o in nav.targets(g, rec, EdgeType.HAS_OUTCOME)],
        "theme_evidence": _theme_evidence(g, rec),
        "refers_to": [key_of(r) for r in nav.targets(g, rec, EdgeType.REFERS_TO)],
        "referred_to_by": [key_of(r) for r in nav.origins(g, rec, EdgeType.REFERS_TO)],
    }


def finding_detail(g: nx.MultiDiGraph, finding: str) -> Json:
    attrs = g.nodes[finding]
    return {
        "id": key_of(finding),
        "text": attrs.get("text"),
        "report_ref": attrs.get("report_ref"),
        "organisations": [nav.label(g, o) for o in nav.targets(g, finding, EdgeType.CONCERNS)],
        "themes": [key_of(t) for t in nav.targets(g, finding, EdgeType.HAS_THEME)],
        "theme_evidence": _theme_evidence(g, finding),
        "actions": [action_detail(g, a) for a in nav.targets(g, finding, EdgeType.ADDRESSED_BY_ACTION)],
        "sources": nav.sources_of(g, finding),
    }


def action_detail(g: nx.MultiDiGraph, action: str) -> Json:
    return dict(action_details(g, action).to_json())


# --- organisations -------------------------------------------------------------------------


def organisations_by_name(g: nx.MultiDiGraph) -> list[str]:
    """Organisation nodes in the order people look for them: by name, case ignored."""
    return sorted(nav.nodes_of(g, NodeType.ORGANISATION), key=lambda o: nav.label(g, o).casefold())


def organisation_summary(g: nx.MultiDiGraph, org: str) -> Json:
    attrs = g.nodes[org]
    led = actions_led(g, org)
    return {
        "id": key_of(org),
        "name": nav.label(g, org),
        "type": attrs.get("org_type"),
        "aliases": list(attrs.get("aliases") or []),
        "areas": [nav.label(g, a) for a in nav.targets(g, org, EdgeType.IN_AREA)],
        "recommendations": len(nav.origins(g, org, EdgeType.ADDRESSED_TO)),
        # led directly or through one of its roles (some inferred: see graph.queries.walk.Lead)
        "actions_led": len(led),
        "actions_led_through_roles": sum(1 for lead in led.values() if lead.role),
    }


# --- themes --------------------------------------------------------------------------------


def theme_detail(g: nx.MultiDiGraph, theme: str) -> Json:
    """Areas x reviews counts and every recommendation or finding with the words that matched."""
    items = themed_items(g, theme)
    return {**theme_overview(g, theme, items), "examples": [theme_example(g, item, theme) for item in items]}


def theme_overview(g: nx.MultiDiGraph, theme: str, items: list[str]) -> Json:
    """A theme raised by ``items``: how many, in which areas, and how many by area and review
    (each item's areas are walked once: a national theme has thousands of items)."""
    areas: set[str] = set()
    table: dict[tuple[str, str, str], int] = defaultdict(int)
    for item in items:
        labels = [nav.label(g, a) for a in nav.areas_of(g, item)]
        areas.update(labels)
        for review in nav.reviews_of(g, item) or [""]:
            review_label = nav.label(g, review) if review else ""
            table[(labels[0] if labels else "", review_label, key_of(review) if review else "")] += 1
    return {
        "id": key_of(theme),
        "label": nav.label(g, theme),
        "count": len(items),
        "areas": sorted(areas),
        "areas_by_review": [
            {"area": area, "review": review, "review_id": review_id or None, "count": n}
            for (area, review, review_id), n in sorted(table.items())
        ],
    }


def theme_example(g: nx.MultiDiGraph, item: str, theme: str) -> Json:
    """A recommendation or finding raising ``theme``, with the words that matched and its sources."""
    edge = g.edges[item, theme, EdgeType.HAS_THEME.value]
    return {
        "id": key_of(item),
        "kind": nav.node_type(g, item),
        "label": nav.label(g, item),
        "text": g.nodes[item].get("text"),
        "area": _first_label(g, nav.areas_of(g, item)),
        "evidence": list(edge.get("evidence") or []),
        "sources": nav.sources_of(g, item),
    }


def _theme_evidence(g: nx.MultiDiGraph, item: str) -> dict[str, list[str]]:
    return {
        key_of(t): list(g.edges[item, t, EdgeType.HAS_THEME.value].get("evidence") or [])
        for t in nav.targets(g, item, EdgeType.HAS_THEME)
    }


# --- small pieces the views above share -------------------------------------------------


def _named(g: nx.MultiDiGraph, node: str) -> Json:
    return {"id": key_of(node), "type": nav.node_type(g, node), "name": nav.label(g, node)}


def _first_label(g: nx.MultiDiGraph, nodes: list[str]) -> str | None:
    return nav.label(g, nodes[0]) if nodes else None
