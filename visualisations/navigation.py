"""Walking the knowledge graph by edge type: the small vocabulary pages and maps share.

The basic walks (``nodes_of``, ``targets``, ``label``) are those of :mod:`graph.queries.walk`;
this module adds what pages and maps need on top: areas and reviews of any fact, provenance.

The graph is a ``networkx.MultiDiGraph`` whose edge keys are :class:`graph.model.EdgeType`
values and whose nodes carry a ``type`` attribute (:class:`graph.model.NodeType` value).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graph.model import EdgeType, NodeType, node_id
from graph.queries.index import graph_index
from graph.queries.themes import themed_items
from graph.queries.walk import label, nodes_of, origins, targets
from loaders.blocks import Location

__all__ = [
    "areas_of",
    "document_title",
    "label",
    "node_type",
    "nodes_of",
    "of_type",
    "origins",
    "reviews_of",
    "source_words",
    "sources_of",
    "targets",
    "theme_area_counts",
]


def of_type(g: nx.MultiDiGraph, nodes: list[str], *node_types: NodeType) -> list[str]:
    wanted = {t.value for t in node_types}
    return [n for n in nodes if g.nodes[n].get("type") in wanted]


def node_type(g: nx.MultiDiGraph, node: str) -> str:
    return str(g.nodes[node].get("type", ""))


def reviews_of(g: nx.MultiDiGraph, node: str) -> list[str]:
    """The reviews a recommendation, finding or action belongs to (an action through its parent,
    or, stated on its own, its document's review)."""
    if node_type(g, node) == NodeType.REVIEW.value:
        return [node]
    found = targets(g, node, EdgeType.MADE_BY)
    if not found:
        for parent in origins(g, node, EdgeType.ADDRESSED_BY_ACTION):
            found.extend(targets(g, parent, EdgeType.MADE_BY))
    stated = g.nodes[node].get("review")
    if not found and stated in g:  # an action stated on its own: its document's review
        found.append(stated)
    return list(dict.fromkeys(found))


def areas_of(g: nx.MultiDiGraph, node: str) -> list[str]:
    """The areas of a review, recommendation, finding, action or organisation."""
    if node_type(g, node) == NodeType.AREA.value:
        return [node]
    direct = targets(g, node, EdgeType.IN_AREA)
    via_review = [a for review in reviews_of(g, node) for a in targets(g, review, EdgeType.IN_AREA)]
    return list(dict.fromkeys([*direct, *via_review]))


def sources_of(g: nx.MultiDiGraph, node: str) -> list[dict[str, Any]]:
    """The node's provenance entries (``document``, ``file``, ``location``)."""
    return list(g.nodes[node].get("source") or [])


def document_title(doc: Mapping[str, Any]) -> str:
    """A stored document as people name it: kind, area and date ("Action plan, Lancashire,
    2016-10"), from a document summary or a SourceDocument node's attributes; its file name
    (often a hash) when none of those was read."""
    parts = [str(doc.get(k) or "") for k in ("document_kind", "area", "document_date")]
    title = ", ".join(p for p in parts if p)
    return title[:1].upper() + title[1:] if title else str(doc.get("file") or doc.get("id") or "")


def source_words(g: nx.MultiDiGraph, source: Mapping[str, Any]) -> str:
    """A ``source`` entry in words: its document's title and the place ("..., line 4")."""
    document = str(source.get("document") or "")
    # made once per document and graph: a map names a hundred sources, most of a few documents
    title = graph_index(g).of_node("document title", document, lambda: _title(g, source))
    location = source.get("location") or {}
    return f"{title}, {Location(**location).describe()}" if location else title


def _title(g: nx.MultiDiGraph, source: Mapping[str, Any]) -> str:
    doc = node_id(NodeType.SOURCE_DOCUMENT, str(source.get("document") or ""))
    return document_title(g.nodes[doc]) if doc in g else str(source.get("file") or source.get("document"))


def theme_area_counts(g: nx.MultiDiGraph, themes: list[str] | None = None) -> Counter[tuple[str, str]]:
    """How many items raise each theme (or each of ``themes``, Theme node ids) in each area
    (:func:`graph.queries.themes.themed_items`): ``(theme, area) -> n``."""
    counts: Counter[tuple[str, str]] = Counter()
    for theme in nodes_of(g, NodeType.THEME) if themes is None else themes:
        for item in themed_items(g, theme):
            for area in areas_of(g, item):
                counts[(theme, area)] += 1
    return counts
