"""One document's records as nodes and edges.

The loaders resolved every name (:mod:`loaders.references`): an organisation is written in the
records as its canonical name (or a listed form) of one of the document's organisation records,
a post by its title, a collective as listed, an assurance body by its listed name. Here each
such field becomes a node and an edge; the only lookups are the ones the graph must make across
documents: which node a document's organisation record became (:mod:`graph.resolve`), and which
organisation a post belongs to (a ``partOf`` edge another document may have stated).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from graph.documents import StoredDocument
from graph.model import EdgeType, NodeType, node_id, short_hash
from graph.sources import Source, source_of
from loaders.blocks import Location
from loaders.records import (
    ActionRecord,
    Extraction,
    FindingRecord,
    RecommendationRecord,
    Reference,
    ThemeMatch,
)
from ontology import THEMES_TTL
from ontology.names import body_key

if TYPE_CHECKING:
    from graph.build import GraphBuilder


class DocumentContext:
    """Adds one document's records to the graph."""

    def __init__(self, builder: GraphBuilder, doc: StoredDocument, doc_node: str, review: str) -> None:
        self.b = builder
        self.g = builder.graph
        self.doc = doc
        self.ext: Extraction = doc.extraction
        self.area = self.ext.area or ""
        self.doc_node = doc_node
        self.review = review

    def src(self, location: Location | None = None) -> Source:
        return source_of(self.doc, location)

    # ------------------------------------------------------------------ named things

    def add_organisations(self) -> None:
        for org in self.ext.organisations:
            self.organisation(org.canonical, self.src(org.location))

    def organisation(self, name: str, source: Source) -> str | None:
        """The node of the document's organisation called ``name`` in its records, if one is."""
        nid = self.b.organisations.lookup(self.doc.id, name)
        if nid is None:
            return None
        entry = self.b.organisations.entries[nid]
        self.b.node(
            nid,
            NodeType.ORGANISATION,
            source,
            label=entry.canonical,
            canonical=entry.canonical,
            org_type=entry.type,
            aliases=list(entry.aliases),
            areas=list(entry.areas),
        )
        self.b.derived(nid, self.doc_node, source)
        if self.area and self.area in entry.areas:
            area = self.b.node(node_id(NodeType.AREA, self.area), NodeType.AREA, source, label=self.area)
            self.b.edge(nid, area, EdgeType.IN_AREA, source)
        return nid

    def collective(self, name: str, source: Source) -> str:
        nid = node_id(NodeType.COLLECTIVE_ADDRESSEE, self.area, name)
        self.b.node(nid, NodeType.COLLECTIVE_ADDRESSEE, source, label=name, area=self.ext.area)
        self.b.derived(nid, self.doc_node, source)
        return nid

    def addressee(self, name: str, source: Source) -> str:
        """An organisation of the document's records, else a collective as written (the loader
        has made an organisation record of every addressee that is not a collective)."""
        return self.organisation(name, source) or self.collective(name, source)

    def role(self, title: str, source: Source) -> str:
        nid = node_id(NodeType.ROLE, self.area, title)
        self.b.node(nid, NodeType.ROLE, source, label=title, title=title, area=self.ext.area)
        self.b.derived(nid, self.doc_node, source)
        return nid

    def reference(self, ref: Reference, source: Source) -> str | None:
        if ref.kind == "role":
            return self.role(ref.name, source)
        if ref.kind == "collective":
            return self.collective(ref.name, source)
        if ref.kind == "body":
            return self.assurance_body(ref.name, source)
        return self.organisation(ref.name, source)

    def add_stated_relations(self) -> None:
        """ "A leads the work", "A is accountable to B": edges from the parties the text names."""
        whole = self.src()
        for party in self.ext.leads:
            leader = self.reference(party, whole)
            if leader:
                self.b.edge(leader, self.review, EdgeType.LEADS, whole)
        for relation in self.ext.accountable_to:
            who, to = self.reference(relation.subject, whole), self.reference(relation.object, whole)
            if who and to and who != to:
                self.b.edge(who, to, EdgeType.ACCOUNTABLE_TO, whole)

    def add_roles(self) -> None:
        for record in self.ext.roles:
            source = self.src(record.location)
            nid = self.role(record.title, source)
            org = self.organisation(record.organisation, source) if record.organisation else None
            if org:
                self.b.edge(nid, org, EdgeType.PART_OF, source)

    def assurance_body(self, name: str, source: Source) -> str:
        nid = body_node(self.area, name)
        self.b.node(nid, NodeType.ASSURANCE_BODY, source, label=name, area=self.ext.area)
        self.b.derived(nid, self.doc_node, source)
        # A body named after an organisation (a board) or within one (a sub-group) is part of it.
        for owner in self.ext.assurance_body_organisations.get(name, []):
            org = self.organisation(owner, source)
            if org and org != nid:
                self.b.edge(nid, org, EdgeType.PART_OF, source)
        return nid

    def add_assurance_bodies(self) -> None:
        whole = self.src()
        for name in self.ext.assurance_bodies:
            self.b.edge(self.assurance_body(name, whole), self.review, EdgeType.MONITORS, whole)

    # ------------------------------------------------------------------ recommendations

    def recommendation_node(self, rec_id: str) -> str:
        canonical = self.b.rec_ids[self.review].get(rec_id, rec_id)
        return node_id(NodeType.RECOMMENDATION, self.review.split(":", 1)[1], canonical)

    def add_recommendation(self, rec: RecommendationRecord, key: str) -> None:
        """Add a recommendation under its key (:func:`graph.resolve.recommendation_keys`).

        One without a number has an empty ``recommendation`` and its first words as label.
        """
        source = self.src(rec.location)
        canonical = self.b.rec_ids[self.review].get(rec.id, rec.id) if rec.id else ""
        nid = self.recommendation_node(key)
        self.b.node(
            nid,
            NodeType.RECOMMENDATION,
            source,
            label=canonical or short(rec.text or "") or key,
            recommendation=canonical,
            text=rec.text,
            area=self.ext.area,
            review=self.review,
            ids_as_written=[],
            wordings=[],
            report_refs=[],
            expected_outcomes=rec.expected_outcomes,
        )
        held = self.g.nodes[nid]
        if rec.id:
            append_unique(held["ids_as_written"], rec.id)
        if rec.text:
            append_unique(held["wordings"], {"text": rec.text, "source": source})
        for ref in rec.report_refs:
            append_unique(held["report_refs"], ref)
        self.b.edge(nid, self.review, EdgeType.MADE_BY, source)
        self.b.derived(nid, self.doc_node, source)
        for name in rec.addressed_to:
            self.b.edge(nid, self.addressee(name, source), EdgeType.ADDRESSED_TO, source)
        for index, outcome in enumerate(rec.outcomes, start=1):
            outcome_node = node_id(NodeType.EXPECTED_OUTCOME, self.doc.id, key, str(index))
            self.b.node(outcome_node, NodeType.EXPECTED_OUTCOME, source, label=short(outcome), text=outcome)
            self.b.edge(nid, outcome_node, EdgeType.HAS_OUTCOME, source)
            self.b.derived(outcome_node, self.doc_node, source)
        self.add_themes(nid, rec.themes, source)
        for index, action in enumerate(rec.actions, start=1):
            self.add_action(action, owner=nid, key=f"recommendation-{key}-{index}")

    def add_cross_references(self, rec: RecommendationRecord, key: str) -> None:
        source = self.src(rec.location)
        nid = self.recommendation_node(key)
        unresolved = []
        for ref in rec.cross_refs:
            target = self.recommendation_node(ref)
            if target in self.g:
                self.b.edge(nid, target, EdgeType.REFERS_TO, source, written=[ref])
            else:
                unresolved.append(ref)
        if unresolved:
            held = self.g.nodes[nid]
            held["unresolved_refs"] = list(dict.fromkeys([*held.get("unresolved_refs", []), *unresolved]))

    def add_finding(self, finding: FindingRecord, index: int) -> None:
        source = self.src(finding.location)
        nid = node_id(NodeType.FINDING, self.doc.id, str(index), short_hash(finding.text))
        self.b.node(
            nid,
            NodeType.FINDING,
            source,
            label=short(finding.text),
            text=finding.text,
            report_ref=finding.report_ref,
            area=self.ext.area,
            review=self.review,
        )
        self.b.edge(nid, self.review, EdgeType.MADE_BY, source)
        self.b.derived(nid, self.doc_node, source)
        for name in finding.organisations:
            self.b.edge(nid, self.addressee(name, source), EdgeType.CONCERNS, source)
        self.add_themes(nid, finding.themes, source)
        for number, action in enumerate(finding.actions, start=1):
            self.add_action(action, owner=nid, key=f"finding-{index}-{number}")

    def add_themes(self, nid: str, themes: list[ThemeMatch], source: Source) -> None:
        for match in themes:
            theme_node = node_id(NodeType.THEME, match.theme)
            label = theme_labels().get(match.theme, match.theme)
            theme = self.b.node(theme_node, NodeType.THEME, source, label=label, theme=match.theme)
            self.b.edge(nid, theme, EdgeType.HAS_THEME, source, evidence=list(match.evidence))

    # ------------------------------------------------------------------ actions

    def add_action(self, action: ActionRecord, owner: str | None, key: str) -> None:
        source = self.src(action.location)
        nid = node_id(NodeType.ACTION, self.doc.id, key)
        self.b.node(
            nid,
            NodeType.ACTION,
            source,
            label=short(action.text),
            text=action.text,
            lead=action.lead,
            responsible=action.responsible,
            assurance=list(action.assurance),
            timescale_raw=action.timescale_raw,
            timescale=action.timescale,
            timescale_kind=action.timescale_kind,
            status=action.status,
            rag=action.rag,
            area=self.ext.area,
            review=self.review,
            document=self.doc.id,
            owner=owner,
        )
        self.b.derived(nid, self.doc_node, source)
        if owner:
            self.b.edge(owner, nid, EdgeType.ADDRESSED_BY_ACTION, source)
        for edge_type, refs, written in (
            (EdgeType.LED_BY, action.lead_refs, action.lead),
            (EdgeType.RESPONSIBLE_OFFICER, action.responsible_refs, action.responsible),
        ):
            for target in dict.fromkeys(self.reference(ref, source) for ref in refs):
                if target:
                    self.b.edge(nid, target, edge_type, source, written=[written])
        for body, items in action.assured_by.items():
            self.b.edge(nid, body_node(self.area, body), EdgeType.ASSURED_BY, source, written=items)
        for name in action.organisations:
            self.b.edge(nid, self.addressee(name, source), EdgeType.CONCERNS, source)
        self.add_themes(nid, action.themes, source)

    def add_commissions(self) -> None:
        whole = self.src()
        for commission in self.ext.commissions:
            for buyer in self.commissioners(commission.commissioner, whole):
                providers = [self.organisation(name, whole) for name in commission.providers]
                for provider in dict.fromkeys(p for p in providers if p and p != buyer):
                    self.b.edge(buyer, provider, EdgeType.COMMISSIONS, whole)
                if not any(p and p != buyer for p in providers):
                    # the service is named but not who provides it: keep it on the commissioner
                    services = self.g.nodes[buyer].setdefault("commissions_services", [])
                    append_unique(services, commission.service)

    def commissioners(self, ref: Reference, source: Source) -> list[str]:
        """The organisation a commissioner is: itself, or the organisation of a post (stated by
        this document or another of the area)."""
        if ref.kind == "organisation":
            org = self.organisation(ref.name, source)
            return [org] if org else []
        role = node_id(NodeType.ROLE, self.area, ref.name)
        if role not in self.g:
            return []
        return [v for _, v, k in self.g.out_edges(role, keys=True) if k == EdgeType.PART_OF.value]


def body_node(area: str, name: str) -> str:
    """ "X meeting" and "X meetings" of one area are one body."""
    return node_id(NodeType.ASSURANCE_BODY, area, body_key(name))


@functools.cache
def theme_labels() -> dict[str, str]:
    """Theme id -> preferred label, from the SKOS scheme in ontology/themes.ttl (if present)."""
    if not THEMES_TTL.exists():
        return {}
    import rdflib
    from rdflib.namespace import RDF, SKOS

    scheme = rdflib.Graph().parse(THEMES_TTL, format="turtle")
    labels: dict[str, str] = {}
    for concept in sorted(scheme.subjects(RDF.type, SKOS.Concept), key=str):
        notation = scheme.value(concept, SKOS.notation)
        key = str(notation) if notation else re.split(r"[#/]", str(concept))[-1]
        names = sorted(
            scheme.objects(concept, SKOS.prefLabel),
            key=lambda n: (getattr(n, "language", "") not in ("en", None), str(n)),
        )
        labels[key] = str(names[0]) if names else key
    return labels


def append_unique(items: list[Any], value: Any) -> None:
    if value not in items:
        items.append(value)


def short(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
