"""Recurring themes: which themes come up in which areas, reviews and years, with examples."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from graph.model import EdgeType, NodeType
from graph.queries.index import graph_index
from graph.queries.walk import Graph, JsonResult, item_key, label, nodes_of, origins, year_of

THEMED = (NodeType.RECOMMENDATION.value, NodeType.FINDING.value)
EXAMPLES_PER_AREA = 2


def _themed(g: Graph, node: str) -> bool:
    kind = g.nodes[node]["type"]
    if kind == NodeType.ACTION.value:
        return not origins(g, node, EdgeType.ADDRESSED_BY_ACTION)
    return kind in THEMED


def themed_items(g: Graph, theme: str) -> list[str]:
    """What raises a theme: recommendations, findings, and actions stated on their own (with no
    recommendation number), since documents use both forms for the issues a review raised.

    Every count of a theme (this module's summaries, the theme pages, the heatmap and the theme
    map) counts these, so they agree.
    """
    return [n for n in origins(g, theme, EdgeType.HAS_THEME) if _themed(g, n)]


@dataclass(frozen=True)
class ThemeExample(JsonResult):
    node: str
    kind: str  # Recommendation, Finding or Action (one stated without a recommendation number)
    area: str | None
    recommendation: str | None  # the number, for a recommendation
    text: str | None
    evidence: tuple[str, ...]
    sources: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class ThemeSummary(JsonResult):
    theme: str
    label: str
    areas: tuple[str, ...]
    reviews: tuple[str, ...]
    years: tuple[int, ...]
    count: int
    by_area: dict[str, int]
    by_review: dict[str, int]
    by_year: dict[int, int]
    examples: tuple[ThemeExample, ...]


def recurring_themes(g: Graph, min_areas: int = 1) -> list[ThemeSummary]:
    """Themes of recommendations and findings found in at least ``min_areas`` areas.

    Actions stated on their own, without a recommendation number, count as findings: reports
    list the issues a review raised either way.

    Parameters
    ----------
    g : MultiDiGraph
        A graph from :func:`graph.build.build_graph`.
    min_areas : int
        Keep themes raised in at least this many areas.

    Returns
    -------
    list of ThemeSummary
        Most widespread first (areas, then count), then by theme id. ``count`` is the number of
        recommendations and findings with the theme; ``by_area``, ``by_review`` and ``by_year``
        the same per area, review and year (of the review's fieldwork); each example (at most
        ``EXAMPLES_PER_AREA`` per area) carries the evidence words that gave it the theme.
        Computed once per graph and ``min_areas``.
    """
    return list(graph_index(g).answer(("themes", min_areas), lambda: _recurring_themes(g, min_areas)))


def _recurring_themes(g: Graph, min_areas: int) -> list[ThemeSummary]:
    summaries = []
    for theme in nodes_of(g, NodeType.THEME):
        items = sorted(
            themed_items(g, theme),
            key=lambda n: item_key(g, n),
        )
        # each area's items in order, grouped once (a scan of every item per area was most of
        # the time of the first theme answers at national scale: 150 areas x thousands of items)
        in_area: dict[str, list[str]] = defaultdict(list)
        for n in items:
            in_area[g.nodes[n].get("area") or ""].append(n)
        by_area = {a: len(nodes) for a, nodes in in_area.items()}
        areas = tuple(sorted(a for a in by_area if a))
        if len(areas) < min_areas or not items:
            continue
        examples = _examples(g, theme, [n for area in areas for n in in_area[area][:EXAMPLES_PER_AREA]])
        years = [y for n in items if (y := year_of(g, n)) is not None]
        summaries.append(
            ThemeSummary(
                theme=theme.split(":", 1)[1],
                label=label(g, theme),
                areas=areas,
                reviews=tuple(sorted({g.nodes[n]["review"] for n in items if g.nodes[n].get("review")})),
                years=tuple(sorted(set(years))),
                count=len(items),
                by_area={a: by_area[a] for a in areas},
                by_review=dict(sorted(Counter(g.nodes[n].get("review") or "" for n in items).items())),
                by_year=dict(sorted(Counter(years).items())),
                examples=examples,
            )
        )
    return sorted(summaries, key=lambda s: (-len(s.areas), -s.count, s.theme))


def _examples(g: Graph, theme: str, nodes: list[str]) -> tuple[ThemeExample, ...]:
    """``nodes`` as examples of ``theme``, each with the evidence words that gave it the theme."""
    examples = []
    for node in nodes:
        attrs = g.nodes[node]
        examples.append(
            ThemeExample(
                node=node,
                kind=attrs["type"],
                area=attrs.get("area"),
                recommendation=attrs.get("recommendation"),
                text=attrs.get("text"),
                evidence=tuple(g.edges[node, theme, EdgeType.HAS_THEME.value].get("evidence", ())),
                sources=tuple(attrs.get("source", ())),
            )
        )
    return tuple(examples)
