"""Build the knowledge graph from the stored documents' extractions.

``build_graph`` is deterministic: the same documents give an identical ``nx.MultiDiGraph``,
iteration order included (documents are taken in id order, records in document order). Every
node and edge carries ``source``: a list of ``{"document", "file", "location"}`` saying where
the fact was read. Edge keys are :class:`graph.model.EdgeType` values, so a pair of nodes has at
most one edge of each type; a fact read twice adds a source to the existing edge.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.documents import StoredDocument
from graph.model import EdgeType, NodeType, node_id, short_hash
from graph.parts import PartCache, Resolved, fingerprint, merge_parts, parts_of
from graph.resolve import (
    OrganisationIndex,
    find_mentions,
    normalise_name,
    recommendation_keys,
)
from graph.source_sets import SourceSets
from loaders.blocks import Location
from loaders.records import ActionRecord, Extraction, FindingRecord, RecommendationRecord, ThemeMatch
from ontology import THEMES_TTL

Source = dict[str, Any]


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
        stamp = fingerprint(area, members, resolved) if parts is not None else ""
        part = parts.take(area, stamp) if parts is not None else None
        if part is None:
            part = _build_part(members, resolved)
            if parts is not None:
                parts.keep(area, stamp, part)
        graphs.append(part)
    return merge_parts(graphs)


def _build_part(docs: list[StoredDocument], resolved: Resolved) -> nx.MultiDiGraph:
    """The graph of one area's documents (:mod:`graph.parts`)."""
    builder = _Builder(resolved)
    contexts = [builder.add_document(doc) for doc in docs]
    # Commissioners named by a post ("the Director of Public Health") are resolved to the post's
    # organisation, which another document of the review may be the one to state.
    for context in contexts:
        context.add_commissions()
    # Only once every document is in does a recommendation have all its addressees.
    link_roles_to_sole_addressees(builder.graph)
    return builder.graph


def link_roles_to_sole_addressees(graph: nx.MultiDiGraph) -> None:
    """Give the lead and responsible officer of an organisation's own plan rows that organisation.

    A plan row answering a recommendation addressed to exactly one organisation is that
    organisation's work, so a role named on it ("Head of Safeguarding") is the organisation's
    post. Role nodes are shared by every plan of an area, so the row is re-pointed to a role node
    of that organisation (same title), joined to it by a ``partOf`` edge marked ``inferred=True``
    with its ``reasons`` ("sole addressee of recommendation 22.1"); the re-pointed ``ledBy`` or
    ``responsibleOfficer`` edge carries its own reason in ``inferred``. Roles the text already
    places in an organisation, and rows of recommendations with several addressees, are left alone.
    """
    rewired: set[str] = set()
    seen = SourceSets()
    for action in [n for n, kind in graph.nodes(data="type") if kind == NodeType.ACTION.value]:
        addressee = _sole_addressee(graph, action)
        if addressee is None:
            continue
        org, rec = addressee
        cited = graph.nodes[rec].get("recommendation") or graph.nodes[rec]["label"]
        reason = f"sole addressee of recommendation {cited}"
        for key in (EdgeType.LED_BY.value, EdgeType.RESPONSIBLE_OFFICER.value):
            roles = [
                v
                for _, v, k in graph.out_edges(action, keys=True)
                if k == key and graph.nodes[v]["type"] == NodeType.ROLE.value and not _placed(graph, v)
            ]
            for role in roles:
                attrs = graph.edges[action, role, key]
                own_role = _organisation_role(graph, role, org, attrs["source"], seen)
                graph.remove_edge(action, role, key)
                if graph.has_edge(action, own_role, key):
                    seen.merge(graph.edges[action, own_role, key]["source"], attrs["source"])
                else:
                    graph.add_edge(action, own_role, key=key, **{**attrs, "inferred": [reason]})
                _inferred_part_of(graph, own_role, org, attrs["source"], reason, seen)
                rewired.add(role)
    # a shared role whose every row now names the organisation's own role is no longer used
    graph.remove_nodes_from(sorted(r for r in rewired if graph.in_degree(r) == 0))


def _sole_addressee(graph: nx.MultiDiGraph, action: str) -> tuple[str, str] | None:
    """(organisation, recommendation) when the action answers a recommendation addressed to
    exactly one addressee and that addressee is an organisation."""
    owners = [u for u, _, k in graph.in_edges(action, keys=True) if k == EdgeType.ADDRESSED_BY_ACTION.value]
    if len(owners) != 1 or graph.nodes[owners[0]]["type"] != NodeType.RECOMMENDATION.value:
        return None
    addressed = [v for _, v, k in graph.out_edges(owners[0], keys=True) if k == EdgeType.ADDRESSED_TO.value]
    if len(addressed) != 1 or graph.nodes[addressed[0]]["type"] != NodeType.ORGANISATION.value:
        return None
    return addressed[0], owners[0]


def _placed(graph: nx.MultiDiGraph, role: str) -> bool:
    """Whether the text already says which organisation the role belongs to."""
    return any(
        k == EdgeType.PART_OF.value and graph.nodes[v]["type"] == NodeType.ORGANISATION.value
        for _, v, k in graph.out_edges(role, keys=True)
    )


def _organisation_role(
    graph: nx.MultiDiGraph, role: str, org: str, sources: list[Source], seen: SourceSets
) -> str:
    shared = graph.nodes[role]
    title = shared.get("title") or shared.get("label") or role
    nid = node_id(NodeType.ROLE, shared.get("area") or "", graph.nodes[org]["label"], title)
    if nid not in graph:
        graph.add_node(
            nid, type=NodeType.ROLE.value, source=[], label=title, title=title, area=shared.get("area")
        )
    seen.merge(graph.nodes[nid]["source"], sources)
    for source in sources:
        doc_node = node_id(NodeType.SOURCE_DOCUMENT, source["document"])
        if graph.has_edge(nid, doc_node, EdgeType.DERIVED_FROM.value):
            seen.merge(graph.edges[nid, doc_node, EdgeType.DERIVED_FROM.value]["source"], [source])
        else:
            graph.add_edge(
                nid,
                doc_node,
                key=EdgeType.DERIVED_FROM.value,
                type=EdgeType.DERIVED_FROM.value,
                source=[source],
            )
    return nid


def _inferred_part_of(
    graph: nx.MultiDiGraph, role: str, org: str, sources: list[Source], reason: str, seen: SourceSets
) -> None:
    key = EdgeType.PART_OF.value
    if not graph.has_edge(role, org, key):
        graph.add_edge(role, org, key=key, type=key, source=[], inferred=True, reasons=[])
    edge = graph.edges[role, org, key]
    seen.merge(edge["source"], sources)
    seen.add(edge["reasons"], reason)


def source_of(doc: StoredDocument, location: Location | None = None) -> Source:
    return {"document": doc.id, "file": doc.file_name, "location": (location or Location()).to_dict()}


class _Builder:
    def __init__(self, resolved: Resolved) -> None:
        self.graph = nx.MultiDiGraph()
        self.reviews = resolved.reviews
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

    def add_document(self, doc: StoredDocument) -> _DocumentContext:
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
            warnings=list(ext.warnings),
        )
        review = self.add_review(doc, doc_node)
        context = _DocumentContext(self, doc, doc_node, review)
        context.add_organisations()
        context.add_roles()
        context.add_assurance_bodies()
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


class _DocumentContext:
    """Adds one document's records, resolving its names against the whole store."""

    def __init__(self, builder: _Builder, doc: StoredDocument, doc_node: str, review: str) -> None:
        self.b = builder
        self.g = builder.graph
        self.doc = doc
        self.ext: Extraction = doc.extraction
        self.area = self.ext.area or ""
        self.doc_node = doc_node
        self.review = review
        self.org_forms = builder.organisations.surface_forms(doc.id, self.area)
        self.collectives = {normalise_name(c): c for c in self.ext.collective_addressees}
        self.role_titles = {r.title: r for r in self.ext.roles}
        self.bodies: dict[str, str] = {}

    def src(self, location: Location | None = None) -> Source:
        return source_of(self.doc, location)

    # ------------------------------------------------------------------ named things

    def add_organisations(self) -> None:
        for org in self.ext.organisations:
            nid = self.b.organisations.lookup(self.doc.id, self.area, org.canonical)
            if nid is None:
                continue
            self.organisation_node(nid, self.src(org.location))

    def organisation_node(self, nid: str, source: Source) -> str:
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

    def organisation(self, name: str, source: Source) -> str | None:
        nid = self.b.organisations.lookup(self.doc.id, self.area, name)
        return self.organisation_node(nid, source) if nid else None

    def collective(self, name: str, source: Source) -> str:
        nid = node_id(NodeType.COLLECTIVE_ADDRESSEE, self.area, name)
        self.b.node(nid, NodeType.COLLECTIVE_ADDRESSEE, source, label=name, area=self.ext.area)
        self.b.derived(nid, self.doc_node, source)
        return nid

    def addressee(self, name: str, source: Source) -> str:
        """An addressee is an organisation when its name resolves, else a collective as written.

        (:func:`graph.resolve.unlisted_organisations` has already made an organisation of every
        addressee that is not a collective, so only collectives fail to resolve.)
        """
        return self.organisation(name, source) or self.collective(name, source)

    def role(self, title: str, source: Source) -> str:
        nid = node_id(NodeType.ROLE, self.area, title)
        self.b.node(nid, NodeType.ROLE, source, label=title, title=title, area=self.ext.area)
        self.b.derived(nid, self.doc_node, source)
        return nid

    def add_roles(self) -> None:
        for record in self.ext.roles:
            source = self.src(record.location)
            nid = self.role(record.title, source)
            org = self.organisation(record.organisation, source) if record.organisation else None
            if org:
                self.b.edge(nid, org, EdgeType.PART_OF, source)

    def assurance_body(self, name: str, source: Source) -> str:
        # "X meeting" and "X meetings" are one body
        nid = node_id(NodeType.ASSURANCE_BODY, self.area, _singular(normalise_name(name)))
        self.b.node(nid, NodeType.ASSURANCE_BODY, source, label=name, area=self.ext.area)
        self.b.derived(nid, self.doc_node, source)
        # A body named after an organisation (a board) or within one (a sub-group) is part of it.
        for _form, org in find_mentions(name, self.org_forms):
            if org != nid:
                self.b.edge(nid, self.organisation_node(org, source), EdgeType.PART_OF, source)
        return nid

    def add_assurance_bodies(self) -> None:
        whole = self.src()
        for name in self.ext.assurance_bodies:
            nid = self.assurance_body(name, whole)
            self.bodies[normalise_name(name)] = nid
            self.b.edge(nid, self.review, EdgeType.MONITORS, whole)

    def bodies_in(self, item: str) -> list[str]:
        """Assurance bodies named by one assurance item.

        The item names a body when it contains the body's name ("reported via the X committee"),
        or is most of that name ("contract review meeting" for "LCC contract review meeting");
        whole words only, plurals folded.
        """
        said = f" {_singular(normalise_name(item))} "
        found = []
        for name, nid in self.bodies.items():
            body = f" {_singular(name)} "
            if not name:
                continue
            if body in said or (said in body and 2 * len(said.split()) >= len(body.split())):
                found.append(nid)
        return list(dict.fromkeys(found))

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
            label=canonical or _short(rec.text or "") or key,
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
            _append_unique(held["ids_as_written"], rec.id)
        if rec.text:
            _append_unique(held["wordings"], {"text": rec.text, "source": source})
        for ref in rec.report_refs:
            _append_unique(held["report_refs"], ref)
        self.b.edge(nid, self.review, EdgeType.MADE_BY, source)
        self.b.derived(nid, self.doc_node, source)
        for name in rec.addressed_to:
            self.b.edge(nid, self.addressee(name, source), EdgeType.ADDRESSED_TO, source)
        for index, outcome in enumerate(rec.outcomes, start=1):
            outcome_node = node_id(NodeType.EXPECTED_OUTCOME, self.doc.id, key, str(index))
            self.b.node(outcome_node, NodeType.EXPECTED_OUTCOME, source, label=_short(outcome), text=outcome)
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
            label=_short(finding.text),
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
            label=_short(action.text),
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
        if action.lead:
            for target in self.people_and_bodies(action.lead, source, roles_only=False):
                self.b.edge(nid, target, EdgeType.LED_BY, source, written=[action.lead])
        if action.responsible:
            for target in self.people_and_bodies(action.responsible, source, roles_only=True):
                self.b.edge(nid, target, EdgeType.RESPONSIBLE_OFFICER, source, written=[action.responsible])
        for item in action.assurance:
            for body in self.bodies_in(item):
                self.b.edge(nid, body, EdgeType.ASSURED_BY, source, written=[item])
        for name in action.organisations:
            self.b.edge(nid, self.addressee(name, source), EdgeType.CONCERNS, source)
        self.add_themes(nid, action.themes, source)

    def people_and_bodies(self, text: str, source: Source, roles_only: bool) -> list[str]:
        """The roles, organisations and collectives a lead/responsible cell names.

        Role titles the document lists are matched first; organisations (for a lead) and
        collective addressees next; a cell naming none of them is a role title as written.
        """
        found: list[str] = []
        roles = {title: title for title in self.role_titles}
        for title, _ in find_mentions(text, roles):
            found.append(self.role(title, source))
        if not roles_only:
            for _form, org in find_mentions(text, self.org_forms):
                found.append(self.organisation_node(org, source))
            for form, _ in find_mentions(text, {name: name for name in self.collectives.values()}):
                found.append(self.collective(form, source))
        if not found:
            found.append(self.role(text.strip(), source))
        return list(dict.fromkeys(found))

    def add_commissions(self) -> None:
        whole = self.src()
        for commissioner, commissioned in self.ext.commissions:
            for buyer in self.commissioners(commissioner, whole):
                providers = [org for _f, org in find_mentions(commissioned, self.org_forms) if org != buyer]
                named = self.organisation(commissioned, whole)
                if named and named != buyer:
                    providers.insert(0, named)
                for provider in dict.fromkeys(providers):
                    self.b.edge(buyer, self.organisation_node(provider, whole), EdgeType.COMMISSIONS, whole)
                if not providers:
                    # the service is named but not who provides it: keep it on the commissioner
                    services = self.g.nodes[buyer].setdefault("commissions_services", [])
                    _append_unique(services, commissioned)

    def commissioners(self, name: str, source: Source) -> list[str]:
        """The organisation a commissioner name means: itself, or the organisation of a post."""
        org = self.organisation(name, source)
        if org:
            return [org]
        role = node_id(NodeType.ROLE, self.area, name)
        if role not in self.g:
            return []
        return [v for _, v, k in self.g.out_edges(role, keys=True) if k == EdgeType.PART_OF.value]


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


def _append_unique(items: list[Any], value: Any) -> None:
    if value not in items:
        items.append(value)


def _singular(text: str) -> str:
    return re.sub(r"(?<=[a-z]{3})s\b", "", text)


def _short(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
