"""The ontology files agree with the graph code, the extraction records and the gold format.

The agreement rule, both ways:
- every NodeType of graph/model.py is an owl:Class and every EdgeType an owl:ObjectProperty of
  ontology/safeguarding.ttl, with the endpoints the model's comments give;
- every sg: owl:Class and owl:ObjectProperty of safeguarding.ttl is a NodeType or EdgeType, except
  the organisation types (sub-classes of sg:Organisation, which the graph carries as an
  Organisation's ``org_type`` attribute). Data properties and datatypes are attributes, not node
  or edge types, so they are outside the rule.
And what the builder really emits (hand-built plans, the gold, the real corpus) fits the declared
domains and ranges; allowed values and organisation types equal those of the records, registry
and gold format; themes.ttl holds exactly the gold theme ids.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import networkx as nx
import pytest
from graph_support import corpus_documents, gold_documents, hand_written, small_graph, stored
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from graph import model, rdf
from graph.build import build_graph
from graph.model import EdgeType, NodeType
from graph.rdf import to_rdf
from loaders.records import RAG, ActionRecord, Extraction, FindingRecord, Status, TimescaleKind
from ontology import SAFEGUARDING_TTL, SG_NAMESPACE, SHAPES_TTL, THEMES_TTL
from ontology.registry import ORGANISATION_TYPES

SG = Namespace(SG_NAMESPACE)
SH = Namespace("http://www.w3.org/ns/shacl#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(SAFEGUARDING_TTL, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


def sg_terms(graph: Graph, kind: URIRef) -> set[str]:
    """Local names of the sg: resources declared as ``kind``."""
    return {
        str(s)[len(SG_NAMESPACE) :] for s in graph.subjects(RDF.type, kind) if str(s).startswith(SG_NAMESPACE)
    }


def organisation_types(graph: Graph) -> set[Node]:
    return {
        s
        for s in graph.transitive_subjects(RDFS.subClassOf, SG.Organisation)
        if s is not None and s != SG.Organisation
    }


def class_members(graph: Graph, node: Node | None) -> set[str]:
    """The sg: local names a domain or range stands for: one class, or an owl:unionOf of classes."""
    assert node is not None, "missing domain or range"
    union = graph.value(node, OWL.unionOf)
    members = list(Collection(graph, union)) if union is not None else [node]
    return {str(m)[len(SG_NAMESPACE) :] for m in members}


def test_turtle_files_parse_and_declare_one_ontology(ontology: Graph, shapes: Graph) -> None:
    assert len(list(ontology.subjects(RDF.type, OWL.Ontology))) == 1
    assert len(list(shapes.subjects(RDF.type, SH.NodeShape))) >= 10


def test_every_node_type_is_a_described_class(ontology: Graph) -> None:
    for node_type in NodeType:
        cls = SG[node_type.value]
        assert (cls, RDF.type, OWL.Class) in ontology, f"sg:{node_type.value} is not an owl:Class"
        assert ontology.value(cls, RDFS.label) is not None, f"sg:{node_type.value} has no rdfs:label"
        assert ontology.value(cls, RDFS.comment) is not None, f"sg:{node_type.value} has no rdfs:comment"


def test_every_edge_type_is_a_described_object_property(ontology: Graph) -> None:
    for edge_type in EdgeType:
        prop = SG[edge_type.value]
        assert (prop, RDF.type, OWL.ObjectProperty) in ontology, (
            f"sg:{edge_type.value} is not an owl:ObjectProperty"
        )
        for annotation in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
            assert ontology.value(prop, annotation) is not None, f"sg:{edge_type.value} has no {annotation}"


def test_ontology_declares_no_class_or_property_the_graph_does_not_emit(ontology: Graph) -> None:
    org_types = {str(t)[len(SG_NAMESPACE) :] for t in organisation_types(ontology)}
    classes = sg_terms(ontology, OWL.Class) - org_types
    assert classes == {t.value for t in NodeType}
    assert sg_terms(ontology, OWL.ObjectProperty) == {t.value for t in EdgeType}
    # data properties must not shadow edge types: an edge is never also an attribute
    assert not sg_terms(ontology, OWL.DatatypeProperty) & {t.value for t in EdgeType}


def model_edge_endpoints() -> dict[str, tuple[str, str]]:
    """The ``# Domain | ... -> Range | ...`` comment beside each EdgeType in graph/model.py."""
    source = Path(model.__file__).read_text(encoding="utf-8")
    noqa = r"(?:\s+#\s*noqa:.*)?"  # a comment too long for a line says so
    found = re.findall(
        r'^\s+[A-Z_]+ = "(\w+)"\s+#\s*(.+?)\s*->\s*(.+?)\s*(?:\(.*\))?' + noqa + "$", source, re.MULTILINE
    )
    return {name: (domain, range_) for name, domain, range_ in found}


def test_edge_domains_and_ranges_match_the_model(ontology: Graph) -> None:
    endpoints = model_edge_endpoints()
    assert set(endpoints) == {t.value for t in EdgeType}, "every EdgeType needs a '# X -> Y' comment"
    every_fact = {t.value for t in NodeType} - {NodeType.SOURCE_DOCUMENT.value}
    for name, (domain_text, range_text) in endpoints.items():
        prop = SG[name]
        expected_domain = every_fact if domain_text == "any fact" else set(domain_text.split(" | "))
        disagree = f"sg:{name} in safeguarding.ttl and its comment in graph/model.py disagree"
        assert class_members(ontology, ontology.value(prop, RDFS.domain)) == expected_domain, disagree
        assert class_members(ontology, ontology.value(prop, RDFS.range)) == set(range_text.split(" | ")), (
            disagree
        )


@hand_written
def plan_naming_unknown_bodies() -> Extraction:
    """Findings and actions about bodies no registry knows: the graph keeps them as collectives."""
    return Extraction(
        file="unknown_bodies.txt",
        area="Nowhere",
        findings=[FindingRecord(text="Clinics seldom ask about pets", organisations=["the pet clinics"])],
        actions=[ActionRecord(text="Write to every kennel", organisations=["all kennels nearby"])],
    )


@pytest.fixture(scope="module")
def emitted_graphs(gold_dir: Path, corpus_dir: Path) -> list[nx.MultiDiGraph]:
    """What the graph code actually builds: small hand-built plans, the gold and the real corpus."""
    return [
        small_graph(),
        build_graph([stored(plan_naming_unknown_bodies())]),
        build_graph(gold_documents(gold_dir)),
        build_graph(corpus_documents(corpus_dir)),
    ]


def test_every_edge_the_graph_emits_fits_the_declared_domain_and_range(
    ontology: Graph, emitted_graphs: list[nx.MultiDiGraph]
) -> None:
    seen: set[tuple[str, str, str]] = set()
    for graph in emitted_graphs:
        assert graph.number_of_edges() > 0
        for u, v, key in graph.edges(keys=True):
            seen.add((graph.nodes[u]["type"], key, graph.nodes[v]["type"]))
    for source_type, edge, target_type in sorted(seen):
        prop = SG[edge]
        emitted = f"the graph emits {source_type} -{edge}-> {target_type}"
        domain = class_members(ontology, ontology.value(prop, RDFS.domain))
        assert source_type in domain, f"{emitted}; the rdfs:domain of sg:{edge} lacks {source_type}"
        range_ = class_members(ontology, ontology.value(prop, RDFS.range))
        assert target_type in range_, f"{emitted}; the rdfs:range of sg:{edge} lacks {target_type}"


def test_every_organisation_type_the_graph_emits_is_declared(
    ontology: Graph, emitted_graphs: list[nx.MultiDiGraph]
) -> None:
    labels = {str(ontology.value(t, RDFS.label)) for t in organisation_types(ontology)}
    emitted = {
        data["org_type"]
        for graph in emitted_graphs
        for _, data in graph.nodes(data=True)
        if data["type"] == NodeType.ORGANISATION.value
    }
    assert emitted, "no organisation in the built graphs"
    assert emitted <= labels


def schema_organisation_types(gold_dir: Path) -> set[str]:
    schema = (gold_dir / "SCHEMA.md").read_text(encoding="utf-8")
    match = re.search(r'"type": "([^"]+)"', schema)
    assert match, "SCHEMA.md no longer lists the organisation types"
    return {t.strip() for t in match.group(1).split("|")}


def test_organisation_types_are_the_gold_type_strings(ontology: Graph, gold_dir: Path) -> None:
    labels = [str(ontology.value(t, RDFS.label)) for t in organisation_types(ontology)]
    assert len(labels) == len(set(labels)), "two organisation types share a label"
    assert set(labels) == schema_organisation_types(gold_dir)
    assert all(str(t).startswith(SG_NAMESPACE) for t in organisation_types(ontology))


def test_registry_accepts_exactly_the_declared_organisation_types(ontology: Graph) -> None:
    labels = {str(ontology.value(t, RDFS.label)) for t in organisation_types(ontology)}
    assert set(ORGANISATION_TYPES) == labels


def sh_in_values(shapes: Graph, path: URIRef) -> set[str]:
    """The sh:in list of the property shape on ``path`` that has one."""
    for prop_shape in shapes.subjects(SH.path, path):
        values = shapes.value(prop_shape, SH["in"])
        if values is not None:
            return {str(v) for v in rdf_list(shapes, values)}
    raise AssertionError(f"no sh:in list on {path}")


def rdf_list(graph: Graph, head: Node | None) -> list[Node]:
    assert head is not None, "expected an RDF list"
    return list(Collection(graph, head))


def one_of_values(ontology: Graph, datatype: Node | None) -> set[str]:
    return {str(v) for v in rdf_list(ontology, ontology.value(datatype, OWL.oneOf))}


def test_allowed_values_agree_with_the_extraction_records(ontology: Graph, shapes: Graph) -> None:
    for prop, literal_type in ((SG.status, Status), (SG.dueDateKind, TimescaleKind), (SG.ragRating, RAG)):
        allowed = set(get_args(literal_type))
        assert sh_in_values(shapes, prop) == allowed, prop
        assert one_of_values(ontology, ontology.value(prop, RDFS.range)) == allowed, prop


def test_shapes_list_exactly_the_organisation_types(ontology: Graph, shapes: Graph) -> None:
    listed: set[Node] = set()
    for qualified in shapes.objects(None, SH.qualifiedValueShape):
        listed |= set(rdf_list(shapes, shapes.value(qualified, SH["in"])))
    assert listed == organisation_types(ontology)


def test_shapes_only_name_terms_the_ontology_declares(ontology: Graph, shapes: Graph) -> None:
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    used = {
        n for triple in shapes for n in triple if isinstance(n, URIRef) and str(n).startswith(SG_NAMESPACE)
    }
    assert used - declared == set()


def test_reused_vocabularies_are_built_on(ontology: Graph) -> None:
    assert (SG.Organisation, RDFS.subClassOf, ORG.Organization) in ontology
    assert (SG.Role, RDFS.subClassOf, ORG.Post) in ontology
    assert (SG.SourceDocument, RDFS.subClassOf, PROV.Entity) in ontology
    assert (SG.derivedFrom, RDFS.subPropertyOf, PROV.wasDerivedFrom) in ontology
    assert (SG.Theme, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (SG.recommendationId, RDFS.subPropertyOf, DCTERMS.identifier) in ontology
    (ontology_iri,) = ontology.subjects(RDF.type, OWL.Ontology)
    description = str(ontology.value(ontology_iri, DCTERMS.description))
    for vocabulary in ("W3C ORG", "PROV-O", "SKOS", "Dublin Core"):
        assert vocabulary in description, f"the ontology description does not say it reuses {vocabulary}"
    header = SAFEGUARDING_TTL.read_text(encoding="utf-8").split("@prefix", 1)[0]
    for prefix in ("org:", "prov:", "skos:", "dcterms:"):
        assert prefix in header, f"the header comment does not say how {prefix} is reused"


def schema_theme_ids(gold_dir: Path) -> list[str]:
    schema = (gold_dir / "SCHEMA.md").read_text(encoding="utf-8")
    themes_section = schema.split("## THEMES", 1)[1]
    return re.findall(r"^- ([a-z0-9-]+)(?::|\s*$)", themes_section, re.MULTILINE)


def concept_id(themes: Graph, concept: Node) -> str:
    """A theme's id: its skos:notation, else the last segment of its IRI."""
    notation = themes.value(concept, SKOS.notation)
    return str(notation) if notation is not None else re.split(r"[#/]", str(concept))[-1]


def test_theme_scheme_has_exactly_the_gold_theme_ids(gold_dir: Path) -> None:
    expected = schema_theme_ids(gold_dir)
    assert len(expected) == 24 == len(set(expected)), "SCHEMA.md should list 24 distinct theme ids"
    if not THEMES_TTL.is_file():
        pytest.fail(f"the SKOS theme scheme {THEMES_TTL} is missing")
    themes = Graph().parse(THEMES_TTL, format="turtle")
    schemes = list(themes.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == 1, f"{THEMES_TTL.name} should hold one skos:ConceptScheme, found {len(schemes)}"
    (scheme,) = schemes
    concepts = (
        set(themes.subjects(SKOS.inScheme, scheme))
        | set(themes.objects(scheme, SKOS.hasTopConcept))
        | set(themes.subjects(SKOS.topConceptOf, scheme))
    )
    ids = sorted(concept_id(themes, c) for c in concepts)
    assert ids == sorted(expected)
    for concept in concepts:
        name = concept_id(themes, concept)
        assert (concept, RDF.type, SKOS.Concept) in themes, f"{name} is not a skos:Concept"
        for annotation in (SKOS.prefLabel, SKOS.definition):
            value = themes.value(concept, annotation)
            assert isinstance(value, Literal) and str(value).strip(), f"{name} has no {annotation}"


# --- the RDF export (graph/rdf.py) uses only what the ontology declares ----------------------

BUILT_IN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#")


def test_the_rdf_export_uses_only_declared_classes_and_properties(
    ontology: Graph, emitted_graphs: list[nx.MultiDiGraph]
) -> None:
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    used_predicates: set[Node] = set()
    used_classes: set[Node] = set()
    for graph in emitted_graphs:
        exported = to_rdf(graph)
        used_predicates |= set(exported.predicates())
        used_classes |= set(exported.objects(None, RDF.type))
    undeclared = {t for t in used_predicates | used_classes if not str(t).startswith(BUILT_IN)} - declared
    assert undeclared == set(), (
        f"the export uses terms safeguarding.ttl does not declare: {sorted(undeclared)}"
    )
    # what it says about inferred links is among them
    assert {SG.inferred, SG.reason, SG.evidence, SG.asWritten} <= used_predicates


def test_every_attribute_the_graph_emits_has_its_place_in_the_rdf_export(
    emitted_graphs: list[nx.MultiDiGraph],
) -> None:
    node_attributes = {
        name for graph in emitted_graphs for _, data in graph.nodes(data=True) for name in data
    }
    unmapped = node_attributes - set(rdf.NODE_PROPERTIES) - rdf.REPEATS
    assert unmapped == set(), f"node attributes graph/rdf.py neither exports nor lists as repeats: {unmapped}"
    edge_attributes = {
        name for graph in emitted_graphs for *_, data in graph.edges(keys=True, data=True) for name in data
    }
    # "type" is the predicate, "source" the derivations and "inferred" sg:inferred with its reasons
    assert edge_attributes - set(rdf.EDGE_PROPERTIES) - {"type", "source", "inferred"} == set()
