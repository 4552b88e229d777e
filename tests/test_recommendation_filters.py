"""The /recommendations filters answer from indexes exactly as testing each recommendation did."""

from __future__ import annotations

import itertools
from pathlib import Path

import networkx as nx
import pytest
from graph_support import corpus_graph

from api.recommendation_filters import recommendations_matching
from api.service import Problem, resolve
from api.views import action_statuses, key_of
from graph.model import EdgeType, NodeType
from graph.queries.walk import year_of
from visualisations import navigation as nav

Filters = tuple[str | None, str | None, str | None, int | None, str | None]


def one_by_one(g: nx.MultiDiGraph, filters: Filters) -> list[str]:
    """The unindexed reading: every recommendation tested against every filter (area,
    organisation, theme, year, status)."""
    area, organisation, theme, year, status = filters
    recs = nav.nodes_of(g, NodeType.RECOMMENDATION)
    if area is not None:
        area_node = resolve(g, NodeType.AREA, area)
        recs = [r for r in recs if area_node in nav.areas_of(g, r)]
    if organisation is not None:
        org = resolve(g, NodeType.ORGANISATION, organisation)
        recs = [r for r in recs if r in nav.origins(g, org, EdgeType.ADDRESSED_TO)]
    if theme is not None:
        theme_node = resolve(g, NodeType.THEME, theme)
        recs = [r for r in recs if theme_node in nav.targets(g, r, EdgeType.HAS_THEME)]
    if year is not None:
        recs = [r for r in recs if year_of(g, r) == year]
    if status is not None:
        recs = [r for r in recs if status.casefold() in action_statuses(g, r)]
    return recs


def test_each_filter_and_their_combinations_match_the_unindexed_reading(corpus_dir: Path) -> None:
    g = corpus_graph(corpus_dir)
    recs = nav.nodes_of(g, NodeType.RECOMMENDATION)
    areas = [nav.label(g, a) for a in nav.nodes_of(g, NodeType.AREA)]
    orgs = [key_of(o) for o in nav.nodes_of(g, NodeType.ORGANISATION)]
    themes = [key_of(t) for t in nav.nodes_of(g, NodeType.THEME)]
    years = [*sorted({y for r in recs if (y := year_of(g, r)) is not None}), 1999]
    statuses = sorted({s for r in recs for s in action_statuses(g, r)})
    statuses += [statuses[0].upper(), "no such status"]
    assert len(areas) > 1 and len(years) > 2 and len(statuses) > 3
    single: list[Filters] = [
        *((a, None, None, None, None) for a in areas),
        *((None, o, None, None, None) for o in orgs),
        *((None, None, t, None, None) for t in themes),
        *((None, None, None, y, None) for y in years),
        *((None, None, None, None, s) for s in statuses),
        (None, None, None, None, None),
    ]
    combined = [
        *((a, None, t, None, s) for a, t, s in itertools.product(areas, themes[:6], statuses)),
        *((None, o, None, y, None) for o, y in itertools.product(orgs, years)),
    ]
    found = 0
    for filters in [*single, *combined]:
        expected = one_by_one(g, filters)
        assert recommendations_matching(g, *filters) == expected, filters
        found += bool(expected)
    assert found > len(single) // 2  # most filters select something: the comparison is not of empty lists


def test_an_unknown_area_is_refused_as_before(corpus_dir: Path) -> None:
    g = corpus_graph(corpus_dir)
    with pytest.raises(Problem) as refused:
        recommendations_matching(g, "Nowhere Shire", None, None, None, None)
    assert refused.value.status == 404
