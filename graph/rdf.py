"""The graph as RDF in the vocabulary of ``ontology/safeguarding.ttl`` (turtle, JSON-LD, N-Triples).

Every node becomes the IRI ``BASE + node id`` (percent-encoded, so :func:`node_of` turns it back);
the base is one setting (:data:`DEFAULT_BASE` unless given). What each part of the graph becomes:

- a node is ``a sg:<NodeType>``; an organisation also ``a`` the class of its type (``sg:NHSTrust``)
  and ``org:Organization`` (W3C ORG), a role ``org:Post``, a document ``prov:Entity``, a theme
  ``skos:Concept`` in the scheme of ``ontology/themes.ttl`` (``skos:exactMatch`` its concept);
- its attributes become the properties of :data:`NODE_PROPERTIES` (names are ``skos:prefLabel``
  and aliases ``skos:altLabel``, dates typed ``xsd:gYearMonth``/``xsd:date``); the attributes of
  :data:`REPEATS` say again what an edge or the node's type says, and are left out;
- every source of a node is a ``prov:qualifiedDerivation``: a ``prov:Derivation`` whose
  ``prov:entity`` is the document and ``sg:location`` the place in it ("table 2, row 4");
- an edge is the triple ``u sg:<EdgeType> v``; except for ``sg:derivedFrom`` (whose place is on the
  node's derivations already) it is also described by an ``rdf:Statement`` of the same triple
  carrying its sources the same way and its attributes (:data:`EDGE_PROPERTIES`): the words that
  gave a theme, the cell a lead was read from, and for an inferred link ``sg:inferred true`` with
  each ``sg:reason``.

Derivation and statement IRIs are the node's IRI with a fragment hashed from what they describe,
so the same graph always gives the same triples.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote

import networkx as nx
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV
from rdflib.term import Node

from graph.model import EdgeType, NodeType, node_id, short_hash
from loaders.blocks import Location
from ontology import SAFEGUARDING_TTL, SG_NAMESPACE

SG = Namespace(SG_NAMESPACE)
SGT = Namespace("https://w3id.org/safeguarding-graph/themes#")
THEME_SCHEME = SGT.scheme
DEFAULT_BASE = "https://w3id.org/safeguarding-graph/id/"
FORMATS = {"turtle": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}

# node attribute -> the property it becomes
NODE_PROPERTIES: dict[str, URIRef] = {
    "label": RDFS.label,
    "text": SG.text,
    "recommendation": SG.recommendationId,
    "ids_as_written": SG.idAsWritten,
    "report_refs": SG.reportReference,
    "report_ref": SG.reportReference,
    "unresolved_refs": SG.unresolvedReference,
    "expected_outcomes": SG.expectedOutcomesStated,
    "lead": SG.leadAsWritten,
    "responsible": SG.responsibleAsWritten,
    "assurance": SG.assuranceAsWritten,
    "timescale_raw": SG.dueDateText,
    "timescale": SG.dueDate,
    "timescale_kind": SG.dueDateKind,
    "status": SG.status,
    "rag": SG.ragRating,
    "area": SG.areaName,
    "areas": SG.areaName,
    "regulator": SG.regulator,
    "programme": SG.programme,
    "fieldwork": SG.fieldwork,
    "published": SG.publishedOn,
    "recommendations_stated": SG.recommendationsStated,
    "actions_stated": SG.actionsStated,
    "status_counts": SG.statusCounts,
    "file": SG.fileName,
    "format": SG["format"],
    "sha256": SG.contentHash,
    "loaded_at": SG.loadedAt,
    "document_kind": SG.documentKind,
    "document_date": DCTERMS.date,
    "warnings": SG.warning,
    "aliases": SKOS.altLabel,
    "commissions_services": SG.commissionsService,
    "theme": SKOS.notation,
}
# node attributes that repeat an edge, the node's type or its label: not written twice
REPEATS = frozenset(
    {
        "type",
        "source",
        "review",
        "owner",
        "document",
        "documents",
        "wordings",
        "canonical",
        "title",
        "org_type",
    }
)
# edge attribute -> the property of the edge's statement
EDGE_PROPERTIES: dict[str, URIRef] = {
    "written": SG.asWritten,
    "evidence": SG.evidence,
    "reasons": SG.reason,
}
DATES = frozenset({"timescale", "published", "document_date"})
# nodes people name: their label is also their skos:prefLabel
NAMED = frozenset(
    t.value
    for t in (
        NodeType.AREA,
        NodeType.ORGANISATION,
        NodeType.COLLECTIVE_ADDRESSEE,
        NodeType.ROLE,
        NodeType.ASSURANCE_BODY,
        NodeType.THEME,
    )
)
# the reused class each node type is also stated to be, for tools that do no inference
ALSO_A: dict[str, URIRef] = {
    NodeType.ORGANISATION.value: ORG.Organization,
    NodeType.ROLE.value: ORG.Post,
    NodeType.SOURCE_DOCUMENT.value: PROV.Entity,
    NodeType.THEME.value: SKOS.Concept,
}
PREFIXES = {"sg": SG, "sgt": SGT, "org": ORG, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS, "xsd": XSD}


def node_iri(node: str, base: str = DEFAULT_BASE) -> URIRef:
    """The stable IRI of a node id: the base followed by the percent-encoded id."""
    return URIRef(base + quote(node, safe=":/-._~"))


def node_of(iri: Node, base: str = DEFAULT_BASE) -> str:
    """The node id of an IRI made by :func:`node_iri` (the inverse)."""
    text = str(iri)
    if not text.startswith(base):
        raise ValueError(f"{text} is not under the base {base}")
    return unquote(text[len(base) :])


def check_base(base: str) -> str:
    """The base IRI, refused unless it is an absolute http(s) IRI ending in '/' or '#'."""
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+[/#]", base):
        raise ValueError(f"the base IRI must be an absolute http(s) IRI ending in '/' or '#', not {base!r}")
    return base


def to_rdf(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Graph:
    """The whole graph as RDF (see the module docstring for what each part becomes).

    Raises
    ------
    ValueError
        ``base`` is not an absolute http(s) IRI ending in '/' or '#'.
    """
    check_base(base)
    rdf = Graph()
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, namespace)
    rdf.bind("id", Namespace(base))
    rdf.add((THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
    org_classes = organisation_classes()
    for node, attrs in g.nodes(data=True):
        _add_node(rdf, node_iri(node, base), attrs, org_classes, base)
    for u, v, key, attrs in g.edges(keys=True, data=True):
        _add_edge(rdf, node_iri(u, base), SG[key], node_iri(v, base), attrs, base)
    return rdf


def serialise(rdf: Graph, fmt: str) -> bytes:
    """``rdf`` in one of :data:`FORMATS` (UTF-8)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}: use one of {', '.join(FORMATS)}")
    name = {"jsonld": "json-ld", "nt": "nt11"}.get(fmt, fmt)
    data = rdf.serialize(format=name, encoding="utf-8")
    # one triple a line: sorted, the same graph gives the same file
    return b"".join(sorted(data.splitlines(keepends=True))) if fmt == "nt" else data


def organisation_classes() -> dict[str, URIRef]:
    """Organisation type as the graph writes it ("NHS trust") -> its class in safeguarding.ttl."""
    ontology = Graph().parse(SAFEGUARDING_TTL, format="turtle")
    found: dict[str, URIRef] = {}
    for cls in ontology.transitive_subjects(RDFS.subClassOf, SG.Organisation):
        label = ontology.value(cls, RDFS.label)
        if isinstance(cls, URIRef) and cls != SG.Organisation and label is not None:
            found[str(label)] = cls
    return found


def _add_node(
    rdf: Graph, iri: URIRef, attrs: dict[str, Any], org_classes: dict[str, URIRef], base: str
) -> None:
    kind = attrs["type"]
    rdf.add((iri, RDF.type, SG[kind]))
    if kind in ALSO_A:
        rdf.add((iri, RDF.type, ALSO_A[kind]))
    if kind == NodeType.ORGANISATION.value:
        rdf.add((iri, RDF.type, org_classes.get(attrs.get("org_type") or "", SG.OtherOrganisation)))
    if kind == NodeType.THEME.value:
        rdf.add((iri, SKOS.inScheme, THEME_SCHEME))
        rdf.add((iri, SKOS.exactMatch, SGT[attrs["theme"]]))
    if kind in NAMED and attrs.get("label"):
        rdf.add((iri, SKOS.prefLabel, Literal(attrs["label"])))
    if kind == NodeType.SOURCE_DOCUMENT.value and attrs.get("file"):
        rdf.add((iri, DCTERMS.title, Literal(attrs["file"])))
    for name, value in attrs.items():
        prop = NODE_PROPERTIES.get(name)
        if prop is not None:
            for literal in _literals(name, value):
                rdf.add((iri, prop, literal))
    for wording in attrs.get("wordings") or ():
        rdf.add((iri, SG.text, Literal(wording["text"])))
    _add_sources(rdf, iri, attrs.get("source") or (), base)


def _add_edge(rdf: Graph, u: URIRef, prop: URIRef, v: URIRef, attrs: dict[str, Any], base: str) -> None:
    rdf.add((u, prop, v))
    if prop == SG[EdgeType.DERIVED_FROM.value]:
        return
    statement = URIRef(f"{u}#{prop.fragment}-{short_hash(str(v))}")
    rdf.add((statement, RDF.type, RDF.Statement))
    rdf.add((statement, RDF.subject, u))
    rdf.add((statement, RDF.predicate, prop))
    rdf.add((statement, RDF.object, v))
    for name, value in attrs.items():
        if name in EDGE_PROPERTIES:
            for literal in _literals(name, value):
                rdf.add((statement, EDGE_PROPERTIES[name], literal))
    # ``inferred`` is True (a partOf with its reasons) or the list of reasons (a re-pointed lead)
    inferred = attrs.get("inferred")
    if inferred:
        rdf.add((statement, SG.inferred, Literal(True)))
        if isinstance(inferred, list):
            for reason in inferred:
                rdf.add((statement, SG.reason, Literal(reason)))
    if prop == SG[EdgeType.PART_OF.value] and (u, RDF.type, ORG.Post) in rdf:
        rdf.add((u, ORG.postIn, v))
    _add_sources(rdf, statement, attrs.get("source") or (), base)


def _add_sources(rdf: Graph, iri: URIRef, sources: Iterable[dict[str, Any]], base: str) -> None:
    for source in sources:
        location = source.get("location") or {}
        key = short_hash(source["document"] + json.dumps(location, sort_keys=True))
        # a statement's IRI already has a fragment: its derivations extend it
        derivation = URIRef(f"{iri}{'-' if '#' in iri else '#'}from-{key}")
        document = node_iri(node_id(NodeType.SOURCE_DOCUMENT, source["document"]), base)
        rdf.add((iri, PROV.qualifiedDerivation, derivation))
        rdf.add((derivation, RDF.type, PROV.Derivation))
        rdf.add((derivation, PROV.entity, document))
        rdf.add((derivation, SG.location, Literal(Location(**location).describe())))


def _literals(name: str, value: Any) -> list[Literal]:
    """The literals one attribute value gives: none for None or empty, one per list item."""
    if value is None or value == "" or value == [] or value == {}:
        return []
    if isinstance(value, list):
        return [lit for item in value for lit in _literals(name, item)]
    if isinstance(value, dict):
        return [Literal(json.dumps(value, sort_keys=True, ensure_ascii=False), datatype=RDF.JSON)]
    if name in DATES:
        return [_date(str(value))]
    if name == "loaded_at":
        return [Literal(value, datatype=XSD.dateTime)]
    return [Literal(value)]


def _date(text: str) -> Literal:
    """An ISO month as xsd:gYearMonth, a day as xsd:date; anything else stays as written."""
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return Literal(text, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return Literal(text, datatype=XSD.date)
    return Literal(text)
