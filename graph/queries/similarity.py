"""Recurring issues beyond the theme list: texts from different reviews that say nearly the same.

Texts are compared by TF-IDF cosine similarity (smoothed idf, L2-normalised, numpy), a
deterministic measure: same graph, same clusters.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

from graph.model import NodeType
from graph.queries.names import resolve_recommendation
from graph.queries.walk import Graph, JsonResult, nodes_of, owner_of
from graph.resolve import normalise_name

COMPARED = (NodeType.RECOMMENDATION, NodeType.FINDING, NodeType.ACTION)
_STOP = """a an and are as at be been by for from has have in into is it its of on or that the their
    there these this to was were will with within all any should must ensure ensuring also not
    which who where when they them than then so such can may other"""
STOP_WORDS = frozenset(_STOP.split())


def words(text: str) -> list[str]:
    """Lower-case content words with a light plural/suffix folding ("referrals" ~ "referral")."""
    found = []
    for word in re.findall(r"[a-z][a-z0-9]+", text.lower().replace("’", "'")):
        if word in STOP_WORDS or len(word) < 3:
            continue
        for suffix in ("ing", "ies", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
                break
        found.append(word)
    return found


class TfIdf:
    """TF-IDF vectors of a fixed list of texts; ``vector`` embeds a new text in the same space."""

    def __init__(self, texts: Sequence[str]) -> None:
        tokenised = [words(t) for t in texts]
        self.vocabulary = {w: i for i, w in enumerate(sorted({w for ws in tokenised for w in ws}))}
        document_frequency = Counter(w for ws in tokenised for w in set(ws))
        n = len(texts)
        self.idf = np.zeros(len(self.vocabulary))
        for word, index in self.vocabulary.items():
            self.idf[index] = math.log((1 + n) / (1 + document_frequency[word])) + 1
        self.matrix = np.vstack([self._embed(ws) for ws in tokenised]) if texts else np.zeros((0, 0))

    def _embed(self, tokens: list[str]) -> np.ndarray:
        vector = np.zeros(len(self.vocabulary))
        for word, count in Counter(tokens).items():
            index = self.vocabulary.get(word)
            if index is not None:
                vector[index] = count * self.idf[index]
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def vector(self, text: str) -> np.ndarray:
        return self._embed(words(text))

    def similarities(self) -> np.ndarray:
        return self.matrix @ self.matrix.T


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
    turn up as its own near-duplicate.
    """
    return [
        n
        for kind in kinds
        for n in nodes_of(g, kind)
        if len(words(g.nodes[n].get("text") or "")) >= min_words and not restates_owner(g, n)
    ]


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


def similar_items(g: Graph, min_areas: int = 2, threshold: float = 0.35) -> list[SimilarCluster]:
    """Clusters of recommendations, findings and actions from different reviews saying much the same.

    Two texts from different reviews are linked when their TF-IDF cosine similarity is at least
    ``threshold``; a cluster is a connected group of linked texts, kept when it spans at least
    ``min_areas`` areas.

    Returns
    -------
    list of SimilarCluster
        Widest first (areas, then members); each member's ``score`` is its mean similarity to
        the other members, and the representative is the member with the highest score.
    """
    items = comparable_items(g)
    if not items:
        return []
    model = TfIdf([g.nodes[n]["text"] for n in items])
    sims = model.similarities()
    links = nx.Graph()
    reviews = [g.nodes[n].get("review") for n in items]
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if reviews[i] != reviews[j] and sims[i, j] >= threshold:
                links.add_edge(i, j)
    clusters = []
    for component in nx.connected_components(links):
        members = sorted(component)
        areas = tuple(sorted({g.nodes[items[i]].get("area") or "" for i in members} - {""}))
        if len(areas) < min_areas:
            continue
        scores = {i: float(np.mean([sims[i, j] for j in members if j != i])) for i in members}
        ordered = sorted(members, key=lambda i: (-scores[i], items[i]))
        clusters.append(
            SimilarCluster(
                representative=g.nodes[items[ordered[0]]]["text"],
                areas=areas,
                members=tuple(_item(g, items[i], scores[i]) for i in ordered),
            )
        )
    return sorted(clusters, key=lambda c: (-len(c.areas), -len(c.members), c.representative))


def like_recommendation(g: Graph, rec: str, top: int = 5) -> list[SimilarItem]:
    """The recommendations and findings whose text is most like recommendation ``rec``.

    ``rec`` is a node id, "AREA NUMBER" or a number used by one review. Items with no word in
    common score 0 and are left out; ties are ordered by node id.
    """
    target = resolve_recommendation(g, rec)
    compared = comparable_items(g, (NodeType.RECOMMENDATION, NodeType.FINDING), min_words=1)
    items = [n for n in compared if n != target]
    text = g.nodes[target].get("text") or ""
    if not items or not text:
        return []
    model = TfIdf([g.nodes[n]["text"] for n in items] + [text])
    scores = model.matrix[:-1] @ model.matrix[-1]
    ranked = sorted(
        ((float(s), n) for s, n in zip(scores, items, strict=True) if s > 0), key=lambda p: (-p[0], p[1])
    )
    return [_item(g, n, s) for s, n in ranked[:top]]
