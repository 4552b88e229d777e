"""Recurring issues beyond the theme list: texts from different reviews that say nearly the same.

Texts are compared by TF-IDF cosine similarity (:mod:`graph.queries.text`: smoothed idf,
L2-normalised, sparse), a deterministic measure: same graph, same clusters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from graph.model import NodeType
from graph.queries.index import graph_index
from graph.queries.names import resolve_recommendation
from graph.queries.text import STOP_WORDS, TfIdf, words
from graph.queries.walk import Graph, JsonResult, nodes_of, owner_of
from graph.resolve import normalise_name

__all__ = [
    "STOP_WORDS",
    "SimilarCluster",
    "SimilarItem",
    "TfIdf",
    "like_recommendation",
    "similar_items",
    "words",
]

COMPARED = (NodeType.RECOMMENDATION, NodeType.FINDING, NodeType.ACTION)
# A link also needs each text to be at least this share as like the other as it is like its
# closest text of another review: at national scale a text shares stock phrases ("report progress
# to the Safeguarding Children Partnership") with texts of other issues while it is far more like
# those of its own, and such links made clusters of unrelated issues.
RELATIVE = 0.6
# the digits of a score that decide the order of members: closer scores are ties (the node id
# decides), whatever order floating-point sums were taken in
_ORDER_DIGITS = 9


@dataclass(frozen=True)
class SimilarItem(JsonResult):
    node: str
    kind: str
    area: str | None
    review: str | None
    recommendation: str | None
    text: str
    score: float


@dataclass(frozen=True)
class SimilarCluster(JsonResult):
    representative: str  # the member text most like the others
    areas: tuple[str, ...]
    members: tuple[SimilarItem, ...]


def comparable_items(g: Graph, kinds: Sequence[NodeType] = COMPARED, min_words: int = 4) -> list[str]:
    """Recommendations, findings and actions with enough words to compare, in graph order.

    An action that only repeats its finding's or recommendation's words is left out: it would
    turn up as its own near-duplicate. Listed once per graph.
    """
    found = graph_index(g).answer(
        ("comparable", tuple(kinds), min_words),
        lambda: [
            n
            for kind in kinds
            for n in nodes_of(g, kind)
            if len(words_of(g, n)) >= min_words and not restates_owner(g, n)
        ],
    )
    return list(found)


def words_of(g: Graph, node: str) -> list[str]:
    """The words of a node's text (:func:`words`), read once per graph."""
    return graph_index(g).of_node("words", node, lambda: words(g.nodes[node].get("text") or ""))


@dataclass(frozen=True)
class TextModel:
    """Comparable items, their TF-IDF index and each item's row in it."""

    items: list[str]
    model: TfIdf
    rows: dict[str, int]


def text_model(g: Graph, kinds: Sequence[NodeType], min_words: int) -> TextModel:
    """The comparable items of ``kinds`` and their TF-IDF index, made once per graph."""

    def make() -> TextModel:
        items = comparable_items(g, kinds, min_words)
        if min_words > 1:
            # the same texts as those of one word or more (every text, at national scale): the
            # same model, kept once (each is ~47 MB at 150 areas)
            wider = text_model(g, kinds, 1)
            if wider.items == items:
                return wider
        model = TfIdf([words_of(g, n) for n in items])
        return TextModel(items, model, {n: i for i, n in enumerate(items)})

    return graph_index(g).answer(("tf-idf", tuple(kinds), min_words), make)


def restates_owner(g: Graph, node: str) -> bool:
    """An action worded exactly as its finding or recommendation (a progress note read as both)."""
    owner = owner_of(g, node) if g.nodes[node]["type"] == NodeType.ACTION.value else None
    return bool(owner) and normalise_name(g.nodes[owner].get("text") or "") == normalise_name(
        g.nodes[node].get("text") or ""
    )


def _item(g: Graph, node: str, score: float) -> SimilarItem:
    attrs = g.nodes[node]
    return SimilarItem(
        node=node,
        kind=attrs["type"],
        area=attrs.get("area"),
        review=attrs.get("review"),
        recommendation=attrs.get("recommendation"),
        text=attrs.get("text") or "",
        score=round(score, 4),
    )


def issues(g: Graph) -> list[int]:
    """Rows of :func:`text_model`'s comparable items that a review raised: recommendations,
    findings and actions stated on their own (as the theme counts take them). Actions answering a
    recommendation are the plan's response, not an issue: worded from templates ("audit a sample
    of records") they would join unrelated issues. (They still weigh the words: TF-IDF is over
    every comparable text.)"""
    items = text_model(g, COMPARED, 4).items
    return [
        i
        for i, n in enumerate(items)
        if g.nodes[n]["type"] != NodeType.ACTION.value or owner_of(g, n) is None
    ]


def similar_items(g: Graph, min_areas: int = 2, threshold: float = 0.35) -> list[SimilarCluster]:
    """Clusters of recommendations and findings from different reviews saying much the same.

    Two texts from different reviews are linked when their TF-IDF cosine similarity is at least
    ``threshold`` and at least :data:`RELATIVE` of each one's similarity to its closest text of
    another review. A cluster is one text with every text linked to it that no earlier cluster
    took; the text with the most links comes first (then by node id). Every member is like the
    cluster's centre, so a chain of texts each a little like the next (common at national
    scale) never makes one cluster of everything. Kept when it spans at least ``min_areas``
    areas. Computed once per graph and arguments.

    Returns
    -------
    list of SimilarCluster
        Widest first (areas, then members); each member's ``score`` is its mean similarity to
        the other members, and the representative is the member with the highest score.
    """
    return graph_index(g).answer(
        ("similar", min_areas, threshold), lambda: _similar_items(g, min_areas, threshold)
    )


def _links(g: Graph, rows: list[int], compared: TextModel, threshold: float) -> dict[int, list[int]]:
    """For each row, the rows of other reviews it is linked to (see :func:`similar_items`)."""
    codes: dict[str | None, int] = {}
    reviews = np.array([codes.setdefault(g.nodes[n].get("review"), len(codes)) for n in compared.items])
    wanted = np.zeros(len(compared.items), dtype=bool)
    wanted[rows] = True
    near: dict[int, dict[int, float]] = {}
    best: dict[int, float] = {}
    for i in rows:
        scores = compared.model.scores(compared.model.vectors[i])
        found = np.flatnonzero((scores >= threshold) & wanted & (reviews != reviews[i]))
        near[i] = dict(zip(found.tolist(), scores[found].tolist(), strict=True))
        best[i] = max(near[i].values(), default=0.0)
    linked: dict[int, list[int]] = {i: [] for i in rows}
    for i in rows:
        for j, score in near[i].items():
            if j > i and score >= RELATIVE * best[i] and score >= RELATIVE * best[j]:
                linked[i].append(j)
                linked[j].append(i)
    return linked


def _similar_items(g: Graph, min_areas: int, threshold: float) -> list[SimilarCluster]:
    compared = text_model(g, COMPARED, 4)
    items, model = compared.items, compared.model
    rows = issues(g)
    linked = _links(g, rows, compared, threshold)
    taken: set[int] = set()
    clusters = []
    for centre in sorted(rows, key=lambda i: (-len(linked[i]), items[i])):
        if centre in taken or not linked[centre]:
            continue
        members = sorted([centre, *(j for j in linked[centre] if j not in taken)])
        if len(members) < 2:
            continue
        taken.update(members)
        areas = tuple(sorted({g.nodes[items[i]].get("area") or "" for i in members} - {""}))
        if len(areas) < min_areas:
            continue
        scores = _mean_similarities(model, members)
        ordered = sorted(members, key=lambda i: (-round(scores[i], _ORDER_DIGITS), items[i]))
        clusters.append(
            SimilarCluster(
                representative=g.nodes[items[ordered[0]]]["text"],
                areas=areas,
                members=tuple(_item(g, items[i], scores[i]) for i in ordered),
            )
        )
    return sorted(clusters, key=lambda c: (-len(c.areas), -len(c.members), c.representative))


def _mean_similarities(model: TfIdf, members: list[int]) -> dict[int, float]:
    """Each member's mean similarity to the others, from one summed vector (linear in members)."""
    total: dict[str, float] = {}
    for i in members:
        for word, weight in model.vectors[i].items():
            total[word] = total.get(word, 0.0) + weight
    found = {}
    for i in members:
        vector = model.vectors[i]
        with_all = sum(weight * total[word] for word, weight in vector.items())
        own = sum(weight * weight for weight in vector.values())
        found[i] = (with_all - own) / (len(members) - 1)
    return found


def like_recommendation(g: Graph, rec: str, top: int = 5) -> list[SimilarItem]:
    """The recommendations and findings whose text is most like recommendation ``rec``.

    ``rec`` is a node id, "AREA NUMBER" or a number used by one review. Items with no word in
    common score 0 and are left out; ties are ordered by node id.
    """
    target = resolve_recommendation(g, rec)
    compared = text_model(g, (NodeType.RECOMMENDATION, NodeType.FINDING), min_words=1)
    items, model = compared.items, compared.model
    row = compared.rows.get(target)
    if row is None:  # no word to compare
        return []
    scores = model.scores(model.vectors[row])
    scores[row] = 0.0
    found = np.flatnonzero(scores > 0)
    if len(found) > top:  # only the best (and any tied with the last of them) are ordered
        least = np.partition(scores[found], len(found) - top)[len(found) - top]
        found = found[scores[found] >= least]
    ranked = sorted(((float(scores[i]), items[i]) for i in found), key=lambda p: (-p[0], p[1]))
    return [_item(g, n, s) for s, n in ranked[:top]]
