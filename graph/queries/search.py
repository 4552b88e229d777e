"""Ranked search over recommendations, findings and actions, with area/organisation/theme/year filters."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

import numpy as np

from graph.model import EdgeType, NodeType
from graph.queries.index import graph_index
from graph.queries.names import resolve_area, resolve_organisation, resolve_theme
from graph.queries.similarity import text_model, words_of
from graph.queries.text import TfIdf, words
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
    return search_page(g, text, area, org, theme, year, limit=limit)[1]


def search_page(
    g: Graph,
    text: str,
    area: str | None = None,
    org: str | None = None,
    theme: str | None = None,
    year: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[int, list[SearchHit]]:
    """How many texts match (as :func:`search`), and the hits ranked ``offset`` to ``offset + limit``."""
    if not words(text):
        raise ValueError(f"nothing to search for in {text!r}: give at least one word of three letters")
    area_name = g.nodes[resolve_area(g, area)]["label"] if area else None
    org_node = resolve_organisation(g, org) if org else None
    theme_node = resolve_theme(g, theme) if theme else None
    searched = text_model(g, SEARCHED, min_words=1)
    if area_name is None and org_node is None and theme_node is None and year is None:
        candidates, model = searched.items, searched.model
    else:
        facets = _facets(g, searched.items)
        candidates = [
            n
            for n in searched.items
            if (area_name is None or g.nodes[n].get("area") == area_name)
            and (org_node is None or n in facets.by_organisation.get(org_node, ()))
            and (theme_node is None or n in facets.by_theme.get(theme_node, ()))
            and (year is None or facets.year[n] == year)
        ]
        # the weights are those of the texts searched, as if the others were not there
        model = TfIdf([words_of(g, n) for n in candidates])
    if not candidates:
        return 0, []
    totals = model.scores(model.embed(words(text)))
    phrase = " ".join(text.lower().split())
    for row in _phrase_rows(g, candidates, searched.items, phrase):
        totals[row] += 1.0
    rows = np.flatnonzero(totals > 0)
    total, wanted = len(rows), offset + limit
    if total > wanted:
        # only the texts that can be among the first `wanted` once rounded are sorted in Python
        least = np.partition(totals[rows], total - wanted)[total - wanted]
        rows = rows[totals[rows] >= least - 1e-4]
    ranked = sorted(
        ((round(float(totals[i]), 4), candidates[i]) for i in rows.tolist()), key=lambda p: (-p[0], p[1])
    )
    return total, [_hit(g, node, score) for score, node in ranked[offset:wanted]]


def _phrase_rows(g: Graph, candidates: list[str], items: list[str], phrase: str) -> list[int]:
    """Rows of the candidates whose text holds the whole phrase (lower case, spaces collapsed)."""
    if "\0" in phrase:
        return []  # the separator below; no text holds it
    if candidates is not items:
        bodies = _bodies(g)
        return [i for i, node in enumerate(candidates) if phrase in bodies[node]]
    # every text searched: one scan of all of them joined, in C, instead of one test per text
    joined, starts = _joined_bodies(g)
    found: list[int] = []
    at = joined.find(phrase)
    while at >= 0:
        row = bisect.bisect_right(starts, at) - 1
        found.append(row)
        next_start = starts[row + 1] if row + 1 < len(starts) else len(joined)
        at = joined.find(phrase, next_start)
    return found


def _hit(g: Graph, node: str, score: float) -> SearchHit:
    attrs = g.nodes[node]
    return SearchHit(
        node=node,
        kind=attrs["type"],
        area=attrs.get("area"),
        recommendation=recommendation_number(g, node),
        text=attrs.get("text") or "",
        score=score,
        sources=tuple(attrs.get("source", ())),
    )


def _bodies(g: Graph) -> dict[str, str]:
    """Each searched text, lower case with its spaces collapsed (for the whole-phrase bonus)."""
    return graph_index(g).answer(
        "search bodies",
        lambda: {
            n: " ".join((g.nodes[n].get("text") or "").lower().split())
            for n in text_model(g, SEARCHED, min_words=1).items
        },
    )


def _joined_bodies(g: Graph) -> tuple[str, list[int]]:
    """Every searched text in one string, each ended by a NUL, with where each starts."""

    def make() -> tuple[str, list[int]]:
        bodies = _bodies(g)
        starts, at = [], 0
        for node in text_model(g, SEARCHED, min_words=1).items:
            starts.append(at)
            at += len(bodies[node]) + 1
        return "".join(bodies[n] + "\0" for n in text_model(g, SEARCHED, min_words=1).items), starts

    return graph_index(g).answer("search joined bodies", make)


@dataclass(frozen=True)
class _Facets:
    """What the filters look up, once per graph: each organisation's and theme's texts, each
    text's year."""

    by_organisation: dict[str, set[str]]
    by_theme: dict[str, set[str]]
    year: dict[str, int | None]


def _facets(g: Graph, items: list[str]) -> _Facets:
    def make() -> _Facets:
        by_organisation: dict[str, set[str]] = {}
        by_theme: dict[str, set[str]] = {}
        for node in items:
            for org in _organisations(g, node):
                by_organisation.setdefault(org, set()).add(node)
            for theme in _themes(g, node):
                by_theme.setdefault(theme, set()).add(node)
        return _Facets(by_organisation, by_theme, {n: year_of(g, n) for n in items})

    return graph_index(g).answer("search facets", make)
