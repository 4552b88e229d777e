"""Ranked search over recommendations, findings and actions, with area/organisation/theme/year filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.model import EdgeType, NodeType
from graph.queries.names import resolve_area, resolve_organisation, resolve_theme
from graph.queries.similarity import TfIdf, comparable_items, words
from graph.queries.walk import (
    Graph,
    JsonResult,
    addressees,
    involved_organisations,
    origins,
    recommendation_number,
    targets,
    year_of,
)

SEARCHED = (NodeType.RECOMMENDATION, NodeType.FINDING, NodeType.ACTION)


@dataclass(frozen=True)
class SearchHit(JsonResult):
    node: str
    kind: str
    area: str | None
    recommendation: str | None
    text: str
    score: float
    sources: tuple[dict[str, Any], ...]


def _organisations(g: Graph, node: str) -> set[str]:
    """Organisations a hit belongs to: addressees, organisations concerned, and action owners."""
    if g.nodes[node]["type"] == NodeType.ACTION.value:
        return set(involved_organisations(g, node))
    return set(addressees(g, node)) | set(targets(g, node, EdgeType.CONCERNS))


def _themes(g: Graph, node: str) -> set[str]:
    found = set(targets(g, node, EdgeType.HAS_THEME))
    for owner in origins(g, node, EdgeType.ADDRESSED_BY_ACTION):
        found |= set(targets(g, owner, EdgeType.HAS_THEME))
    return found


def search(
    g: Graph,
    text: str,
    area: str | None = None,
    org: str | None = None,
    theme: str | None = None,
    year: int | None = None,
    limit: int = 20,
) -> list[SearchHit]:
    """Recommendations, findings and actions matching ``text``, best first.

    The score is the TF-IDF cosine similarity between the query and each text (so rare words
    weigh more), plus 1 when the whole query appears verbatim. Filters: ``area`` and ``org``
    (name, alias or initialism; an action belongs to its recommendation's owners and its own
    leads), ``theme`` (an action inherits its recommendation's themes) and ``year`` (of the
    review, else of the document). Ties are ordered by node id.

    Raises
    ------
    UnknownName
        A filter names an unknown area, organisation or theme; the message lists close matches.
    ValueError
        ``text`` holds no searchable word.
    """
    if not words(text):
        raise ValueError(f"nothing to search for in {text!r}: give at least one word of three letters")
    area_name = g.nodes[resolve_area(g, area)]["label"] if area else None
    org_node = resolve_organisation(g, org) if org else None
    theme_node = resolve_theme(g, theme) if theme else None
    candidates = [
        n
        for n in comparable_items(g, SEARCHED, min_words=1)
        if (area_name is None or g.nodes[n].get("area") == area_name)
        and (org_node is None or org_node in _organisations(g, n))
        and (theme_node is None or theme_node in _themes(g, n))
        and (year is None or year_of(g, n) == year)
    ]
    if not candidates:
        return []
    model = TfIdf([g.nodes[n]["text"] for n in candidates])
    scores = model.matrix @ model.vector(text)
    phrase = " ".join(text.lower().split())
    hits = []
    for node, score in zip(candidates, scores, strict=True):
        body = " ".join((g.nodes[node].get("text") or "").lower().split())
        total = float(score) + (1.0 if phrase in body else 0.0)
        if total <= 0:
            continue
        attrs = g.nodes[node]
        hits.append(
            SearchHit(
                node=node,
                kind=attrs["type"],
                area=attrs.get("area"),
                recommendation=recommendation_number(g, node),
                text=attrs.get("text") or "",
                score=round(total, 4),
                sources=tuple(attrs.get("source", ())),
            )
        )
    return sorted(hits, key=lambda h: (-h.score, h.node))[:limit]
