"""The recommendations that pass the filters of ``/recommendations``, from indexes made once per graph.

Each filter used to test every recommendation with a walk of its own: at national scale (~8,000
recommendations) one organisation's list took 40-680 ms, an area's, theme's, year's or status's
70-200 ms. Here each filter is a lookup: the organisation's own in-edges, or a facet (area,
theme, year, action status -> its recommendations) made the first time that filter is used and
kept with the graph (:meth:`graph.queries.index.GraphIndex.lasting`). Filters combine as an
intersection, answered in graph order as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable

import networkx as nx

from api.service import resolve
from api.views import action_statuses
from graph.model import EdgeType, NodeType
from graph.queries.index import graph_index
from graph.queries.walk import year_of
from visualisations import navigation as nav

Facet = dict[Hashable, set[str]]


def recommendations_matching(
    g: nx.MultiDiGraph,
    area: str | None,
    organisation: str | None,
    theme: str | None,
    year: int | None,
    status: str | None,
) -> list[str]:
    """The recommendations of ``g`` (in graph order) that pass every filter given; an unknown
    area, organisation or theme raises (in that order) as :func:`api.service.resolve` does."""
    recs = nav.nodes_of(g, NodeType.RECOMMENDATION)
    wanted: list[set[str]] = []
    if area is not None:
        area_node = resolve(g, NodeType.AREA, area)
        wanted.append(_facet(g, "area", lambda r: nav.areas_of(g, r)).get(area_node, set()))
    if organisation is not None:
        org = resolve(g, NodeType.ORGANISATION, organisation)
        wanted.append(set(nav.origins(g, org, EdgeType.ADDRESSED_TO)))
    if theme is not None:
        theme_node = resolve(g, NodeType.THEME, theme)
        themed = _facet(g, "theme", lambda r: nav.targets(g, r, EdgeType.HAS_THEME))
        wanted.append(themed.get(theme_node, set()))
    if year is not None:
        wanted.append(_facet(g, "year", lambda r: [year_of(g, r)]).get(year, set()))
    if status is not None:
        wanted.append(_facet(g, "status", lambda r: action_statuses(g, r)).get(status.casefold(), set()))
    if not wanted:
        return recs
    smallest, *others = sorted(wanted, key=len)
    found = smallest.intersection(*others)
    return [r for r in recs if r in found]


def _facet(g: nx.MultiDiGraph, name: str, values_of: Callable[[str], Iterable[Hashable]]) -> Facet:
    """Each value of one filter -> the recommendations that have it, made once per graph."""

    def make() -> Facet:
        found: Facet = defaultdict(set)
        for rec in nav.nodes_of(g, NodeType.RECOMMENDATION):
            for value in values_of(rec):
                found[value].add(rec)
        return dict(found)

    return graph_index(g).lasting(("recommendation facet", name), make)
