"""Build the knowledge graph from the stored documents' extractions.

``build_graph`` is deterministic: the same documents give an identical ``nx.MultiDiGraph``,
iteration order included (documents are taken in id order, records in document order; the
graph is built area by area and the areas merged in the order of their first document, see
:mod:`graph.parts`). Every
node and edge carries ``source``: a list of ``{"document", "file", "location"}`` saying where
the fact was read. Edge keys are :class:`graph.model.EdgeType` values, so a pair of nodes has at
most one edge of each type; a fact read twice adds a source to the existing edge.

The loaders have resolved every name in the records; the build maps record fields to nodes and
edges (:mod:`graph.build_document`) and merges what several documents say about one review,
recommendation or organisation (:mod:`graph.resolve`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.build_document import DocumentContext
from graph.documents import StoredDocument
from graph.inferred_roles import link_roles_to_sole_addressees
from graph.model import EdgeType, NodeType, node_id
from graph.parts import PartCache, Resolved, fingerprint, merge_parts, parts_of
from graph.resolve import OrganisationIndex, recommendation_keys
from graph.sources import Source, SourceSets, source_of


def build_graph(documents: Iterable[StoredDocument], parts: PartCache | None = None) -> nx.MultiDiGraph:
    """Return the graph of everything the documents say.

    Parameters
    ----------
    documents : iterable of StoredDocument
        The current version of each stored document.
    parts : PartCache, optional
        The parts of an earlier build (:mod:`graph.parts`): an area whose documents and
        resolution are unchanged is taken from it rather than built again, and the parts of
        this build are left in it. The graph is the same either way.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes typed by ``NodeType`` (attribute ``type``) with ``label`` and ``source``; edges keyed
        and typed by ``EdgeType``.
    """
    docs = sorted(documents, key=lambda d: d.id)
    resolved = Resolved.of(docs)
    graphs = []
    for area, members in parts_of(docs):
        stamp = fingerprint(members, resolved) if parts is not None else ""
        part = parts.take(area, stamp) if parts is not None else None
        if part is None:
            part = _build_part(members, resolved)
            if parts is not None:
                parts.keep(area, stamp, part)
        graphs.append(part)
    return merge_parts(graphs)


def _build_part(docs: list[StoredDocument], resolved: Resolved) -> nx.MultiDiGraph:
    """The graph of one area's documents (:mod:`graph.parts`)."""
    builder = GraphBuilder(resolved)
    contexts = [builder.add_document(doc) for doc in docs]
    # Commissioners named by a post ("the Director of Public Health") are resolved to the post's
    # organisation, which another document of the review may be the one to state.
    for context in contexts:
        context.add_commissions()
    # Only once every document is in does a recommendation have all its addressees.
    link_roles_to_sole_addressees(builder.graph)
    return builder.graph


class GraphBuilder:
    """The graph being built, and what every document's records are resolved against."""

    def __init__(self, resolved: Resolved) -> None:
        self.graph = nx.MultiDiGraph()
        self.reviews = resolved.reviews
        # what joining documents to reviews did that a reader should know (undated documents)
        self.review_notes = resolved.review_notes
        self.organisations: OrganisationIndex = resolved.organisations
        self.rec_ids = resolved.rec_ids
        self.seen = SourceSets()

    # ------------------------------------------------------------------ primitives

    def node(self, nid: str, node_type: NodeType, source: Source, **attrs: Any) -> str:
        """Add a node or add a source to it; attributes already set are kept (first document wins)."""
        if nid not in self.graph:
            self.graph.add_node(nid, type=node_type.value, source=[source], **attrs)
            return nid
        held = self.graph.nodes[nid]
        self.seen.add(held["source"], source)
        for key, value in attrs.items():
            if held.get(key) in (None, "", [], {}) and value not in (None, "", [], {}):
                held[key] = value
        return nid

    def edge(self, u: str, v: str, edge_type: EdgeType, source: Source, **attrs: Any) -> None:
        key = edge_type.value
        if not self.graph.has_edge(u, v, key):
            self.graph.add_edge(u, v, key=key, type=key, source=[source], **attrs)
            return
        held = self.graph.edges[u, v, key]
        self.seen.add(held["source"], source)
        for name, value in attrs.items():
            if isinstance(value, list):
                held[name] = list(dict.fromkeys([*held.get(name, []), *value]))

    def derived(self, nid: str, doc_node: str, source: Source) -> None:
        self.edge(nid, doc_node, EdgeType.DERIVED_FROM, source)

    # ------------------------------------------------------------------ documents

    def add_document(self, doc: StoredDocument) -> DocumentContext:
        ext = doc.extraction
        whole = source_of(doc)
        doc_node = self.node(
            node_id(NodeType.SOURCE_DOCUMENT, doc.id),
            NodeType.SOURCE_DOCUMENT,
            whole,
            label=doc.file_name,
            file=doc.file_name,
            format=doc.format,
            sha256=doc.sha256,
            loaded_at=doc.loaded_at,
            document_kind=ext.document_kind,
            document_date=ext.document_date,
            area=ext.area,
            warnings=[*ext.warnings, *self.review_notes.get(doc.id, [])],
        )
        review = self.add_review(doc, doc_node)
        context = DocumentContext(self, doc, doc_node, review)
        context.add_organisations()
        context.add_roles()
        context.add_assurance_bodies()
        context.add_stated_relations()
        keyed = list(zip(recommendation_keys(doc), ext.recommendations, strict=True))
        for key, rec in keyed:
            context.add_recommendation(rec, key)
        for key, rec in keyed:
            context.add_cross_references(rec, key)
        for index, finding in enumerate(ext.findings, start=1):
            context.add_finding(finding, index)
        for index, action in enumerate(ext.actions, start=1):
            context.add_action(action, owner=None, key=f"document-action-{index}")
        return context

    def add_review(self, doc: StoredDocument, doc_node: str) -> str:
        ext = doc.extraction
        whole = source_of(doc)
        review = self.reviews[doc.id]
        label = f"{ext.review.regulator or 'Review'} review, {ext.area or doc.file_name}"
        self.node(
            review,
            NodeType.REVIEW,
            whole,
            label=label,
            area=ext.area,
            regulator=ext.review.regulator,
            programme=ext.review.programme,
            fieldwork=ext.review.fieldwork,
            published=ext.review.published,
            recommendations_stated=ext.review.recommendations_stated,
            actions_stated=ext.review.actions_stated,
            status_counts=ext.review.status_counts,
        )
        held = self.graph.nodes[review]
        held.setdefault("documents", [])
        held["documents"].append(doc.id)
        if held.get("fieldwork"):
            held["label"] = f"{label} ({held['fieldwork'][:7]})"
        self.derived(review, doc_node, whole)
        if ext.area:
            area = self.node(node_id(NodeType.AREA, ext.area), NodeType.AREA, whole, label=ext.area)
            self.edge(review, area, EdgeType.IN_AREA, whole)
        return review
