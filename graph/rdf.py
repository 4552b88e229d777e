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

The files are written by Oxigraph (:func:`rdf_store`, :meth:`RdfStore.dump`), which also answers
SPARQL (:mod:`graph.sparql`): on the corpus replicated ten times it wrote Turtle in 1.8 s where
rdflib took 51 s, JSON-LD in 2.0 s against 19 s.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

import networkx as nx
import pyoxigraph
from oxrdflib.store import OxigraphStore
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, ORG, PROV
from rdflib.term import Node

from graph.model import EdgeType, NodeType, node_id, short_hash
from graph.rdf_forms import DEFAULT_BASE, FORMATS, check_base
from loaders.blocks import Location
from ontology import SAFEGUARDING_TTL, SG_NAMESPACE

SG = Namespace(SG_NAMESPACE)
SGT = Namespace("https://w3id.org/safeguarding-graph/themes#")
THEME_SCHEME = SGT.scheme

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


# A national graph names the same nodes, documents and values hundreds of thousands of times:
# their terms are made once (bounded caches; making them was most of the store's build time).
TERMS_KEPT = 1 << 16


@functools.lru_cache(maxsize=TERMS_KEPT)
def node_iri(node: str, base: str = DEFAULT_BASE) -> URIRef:
    """The stable IRI of a node id: the base followed by the percent-encoded id."""
    return URIRef(base + quote(node, safe=":/-._~"))


def node_of(iri: Node, base: str = DEFAULT_BASE) -> str:
    """The node id of an IRI made by :func:`node_iri` (the inverse)."""
    text = str(iri)
    if not text.startswith(base):
        raise ValueError(f"{text} is not under the base {base}")
    return unquote(text[len(base) :])


Triple = tuple[URIRef, URIRef, Node]


def triples(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """Every triple of the graph's RDF form (see the module docstring), possibly some twice.

    Raises
    ------
    ValueError
        ``base`` is not an absolute http(s) IRI ending in '/' or '#'.
    """
    check_base(base)
    yield (THEME_SCHEME, RDF.type, SKOS.ConceptScheme)
    org_classes = organisation_classes()
    for node, attrs in g.nodes(data=True):
        yield from _node_triples(node_iri(node, base), attrs, org_classes, base)
    for u, v, key, attrs in g.edges(keys=True, data=True):
        post = g.nodes[u]["type"] == NodeType.ROLE.value
        yield from _edge_triples(node_iri(u, base), _sg(key), node_iri(v, base), attrs, base, post)


@functools.lru_cache(maxsize=256)
def _sg(name: str) -> URIRef:
    return SG[name]


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefixes the RDF files use: the reused vocabularies, ``sg:``, ``sgt:`` and ``id:`` (the base)."""
    return {"rdf": str(RDF), "rdfs": str(RDFS), **{p: str(n) for p, n in PREFIXES.items()}, "id": base}


def to_rdf(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Graph:
    """The graph's RDF form as an rdflib graph in memory (:func:`triples`)."""
    rdf = Graph(bind_namespaces="core")
    for prefix, namespace in prefixes(base).items():
        rdf.bind(prefix, Namespace(namespace))
    for triple in triples(g, base):
        rdf.add(triple)
    return rdf


@dataclass(frozen=True)
class RdfStore:
    """The RDF of one graph revision held by Oxigraph: ``graph`` answers queries through rdflib's
    ``Graph.query``; :meth:`dump` writes it out (Oxigraph's writers, fast at any size)."""

    store: pyoxigraph.Store
    graph: Graph
    prefixes: dict[str, str]

    def dump(self, fmt: str) -> bytes:
        """The triples in one of :data:`FORMATS`."""
        formats = {
            "turtle": pyoxigraph.RdfFormat.TURTLE,
            "jsonld": pyoxigraph.RdfFormat.JSON_LD,
            "nt": pyoxigraph.RdfFormat.N_TRIPLES,
        }
        if fmt not in formats:
            raise ValueError(f"unknown RDF format {fmt!r}: use one of {', '.join(FORMATS)}")
        prefixes = self.prefixes if fmt == "turtle" else None
        data = self.store.dump(format=formats[fmt], from_graph=pyoxigraph.DefaultGraph(), prefixes=prefixes)
        assert isinstance(data, bytes)
        return data


def rdf_store(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> RdfStore:
    """The graph's RDF form held by Oxigraph, bulk-loaded from N-Triples written here directly.

    No rdflib graph is made on the way (on the corpus replicated ten times that took 7.8 s of the
    11 s and most of the memory), and the lines are loaded :data:`LINES_PER_LOAD` at a time, so
    the whole N-Triples text is never held (at national scale, 2.2 million triples, holding,
    sorting and joining it was most of the 2.4 GiB). The triples come in the graph's own order,
    and Oxigraph keeps the first of any repeated triple, so the same graph is held, and written
    out, in the same order every time.
    """
    store = pyoxigraph.Store()
    lines: list[str] = []
    for triple in triples(g, base):
        lines.append(f"{_nt(triple[0])} {_nt(triple[1])} {_nt(triple[2])} .\n")
        if len(lines) == LINES_PER_LOAD:
            store.bulk_load("".join(lines).encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
            lines.clear()
    store.bulk_load("".join(lines).encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph = Graph(
        store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="core"
    )
    for prefix, namespace in prefixes(base).items():
        graph.bind(prefix, Namespace(namespace))
    return RdfStore(store, graph, prefixes(base))


LINES_PER_LOAD = 100_000


@functools.lru_cache(maxsize=TERMS_KEPT, typed=True)
def _nt(term: Node) -> str:
    """One term in N-Triples syntax (only IRIs and literals occur: the export has no blank node)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    assert isinstance(term, Literal)
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype and term.datatype != XSD.string:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def organisation_classes() -> dict[str, URIRef]:
    """Organisation type as the graph writes it ("NHS trust") -> its class in safeguarding.ttl."""
    ontology = Graph().parse(SAFEGUARDING_TTL, format="turtle")
    found: dict[str, URIRef] = {}
    for cls in ontology.transitive_subjects(RDFS.subClassOf, SG.Organisation):
        label = ontology.value(cls, RDFS.label)
        if isinstance(cls, URIRef) and cls != SG.Organisation and label is not None:
            found[str(label)] = cls
    return found


def _node_triples(
    iri: URIRef, attrs: dict[str, Any], org_classes: dict[str, URIRef], base: str
) -> Iterator[Triple]:
    kind = attrs["type"]
    yield (iri, RDF.type, _sg(kind))
    if kind in ALSO_A:
        yield (iri, RDF.type, ALSO_A[kind])
    if kind == NodeType.ORGANISATION.value:
        yield (iri, RDF.type, org_classes.get(attrs.get("org_type") or "", SG.OtherOrganisation))
    if kind == NodeType.THEME.value:
        yield (iri, SKOS.inScheme, THEME_SCHEME)
        yield (iri, SKOS.exactMatch, SGT[attrs["theme"]])
    if kind in NAMED and attrs.get("label"):
        yield (iri, SKOS.prefLabel, _plain(attrs["label"]))
    if kind == NodeType.SOURCE_DOCUMENT.value and attrs.get("file"):
        yield (iri, DCTERMS.title, _plain(attrs["file"]))
    for name, value in attrs.items():
        prop = NODE_PROPERTIES.get(name)
        if prop is not None:
            for literal in _literals(name, value):
                yield (iri, prop, literal)
    for wording in attrs.get("wordings") or ():
        yield (iri, SG.text, _plain(wording["text"]))
    yield from _source_triples(iri, attrs.get("source") or (), base)


def _edge_triples(
    u: URIRef, prop: URIRef, v: URIRef, attrs: dict[str, Any], base: str, post: bool
) -> Iterator[Triple]:
    yield (u, prop, v)
    if prop == _sg(EdgeType.DERIVED_FROM.value):
        return
    if prop == _sg(EdgeType.PART_OF.value) and post:
        yield (u, ORG.postIn, v)
    statement = URIRef(f"{u}#{prop.fragment}-{short_hash(str(v))}")
    yield (statement, _A, _STATEMENT)
    yield (statement, _SUBJECT, u)
    yield (statement, _PREDICATE, prop)
    yield (statement, _OBJECT, v)
    for name, value in attrs.items():
        if name in EDGE_PROPERTIES:
            for literal in _literals(name, value):
                yield (statement, EDGE_PROPERTIES[name], literal)
    # ``inferred`` is True (a partOf with its reasons) or the list of reasons (a re-pointed lead)
    inferred = attrs.get("inferred")
    if inferred:
        yield (statement, SG.inferred, _plain(True))
        if isinstance(inferred, list):
            for reason in inferred:
                yield (statement, SG.reason, _plain(reason))
    yield from _source_triples(statement, attrs.get("source") or (), base)


# the terms every source and statement repeats, read once (rdflib's namespace lookups are slow)
_A, _DERIVATION, _DERIVED, _ENTITY, _LOCATION = (
    RDF.type,
    PROV.Derivation,
    PROV.qualifiedDerivation,
    PROV.entity,
    SG.location,
)
_STATEMENT, _SUBJECT, _PREDICATE, _OBJECT = RDF.Statement, RDF.subject, RDF.predicate, RDF.object


def _source_triples(iri: URIRef, sources: Iterable[dict[str, Any]], base: str) -> Iterator[Triple]:
    for source in sources:
        place = json.dumps(source.get("location") or {}, sort_keys=True)
        key, document, location = _source(source["document"], place, base)
        # a statement's IRI already has a fragment: its derivations extend it
        derivation = URIRef(f"{iri}{'-' if '#' in iri else '#'}from-{key}")
        yield (iri, _DERIVED, derivation)
        yield (derivation, _A, _DERIVATION)
        yield (derivation, _ENTITY, document)
        yield (derivation, _LOCATION, location)


@functools.lru_cache(maxsize=TERMS_KEPT)
def _source(document: str, place: str, base: str) -> tuple[str, URIRef, Literal]:
    """A source's derivation key, its document's IRI and its place ("table 2, row 4")."""
    described = Location(**json.loads(place)).describe()
    return (
        short_hash(document + place),
        node_iri(node_id(NodeType.SOURCE_DOCUMENT, document), base),
        _plain(described),
    )


@functools.lru_cache(maxsize=TERMS_KEPT, typed=True)
def _plain(value: Any) -> Literal:
    return Literal(value)


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
    return [_plain(value)]


def _date(text: str) -> Literal:
    """An ISO month as xsd:gYearMonth, a day as xsd:date; anything else stays as written."""
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return Literal(text, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return Literal(text, datatype=XSD.date)
    return Literal(text)
