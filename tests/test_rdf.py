"""The RDF export: the whole graph in the ontology's terms, every fact with its source, and SHACL.

The corpus is loaded into a temporary store, exported and validated against ontology/shapes.ttl;
copies broken on purpose must fail naming the shape that caught them.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from export_support import load_corpus
from graph_support import northshire_plan, rec, stored
from pyshacl import validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from graph.build import build_graph
from graph.model import EdgeType, NodeType, node_id
from graph.rdf import DEFAULT_BASE, FORMATS, SG, node_iri, node_of, rdf_store, to_rdf
from loaders.blocks import Location
from loaders.records import ActionRecord
from ontology import SAFEGUARDING_TTL, SHAPES_TTL

SH = Namespace("http://www.w3.org/ns/shacl#")
SGSH = Namespace("https://w3id.org/safeguarding-graph/shapes#")
BASE = "https://example.org/wrenford/"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> nx.MultiDiGraph:
    return load_corpus(tmp_path_factory.mktemp("rdf") / "corpus.db", corpus_dir)


@pytest.fixture(scope="module")
def corpus_rdf(corpus: nx.MultiDiGraph) -> Graph:
    return to_rdf(corpus)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(SAFEGUARDING_TTL, format="turtle")


def violations(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, Graph, str]:
    conforms, results, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert isinstance(results, Graph)
    return bool(conforms), results, str(text)


def failing_shapes(results: Graph, shapes: Graph) -> set[tuple[Node | None, Node | None, Node | None]]:
    """(focus node, path, named shape) of each violation; a property shape is named by its node shape."""
    found = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(result, SH.sourceShape)
        owner = next(iter(shapes.subjects(SH.property, shape)), shape)
        found.add((results.value(result, SH.focusNode), results.value(result, SH.resultPath), owner))
    return found


def test_the_corpus_export_conforms_to_the_shapes(corpus_rdf: Graph, shapes: Graph, ontology: Graph) -> None:
    conforms, _, text = violations(corpus_rdf, shapes, ontology)
    assert conforms, text


def test_the_export_holds_every_node_and_edge(corpus: nx.MultiDiGraph, corpus_rdf: Graph) -> None:
    for node, kind in corpus.nodes(data="type"):
        assert (node_iri(node), RDF.type, SG[kind]) in corpus_rdf, node
    for u, v, key in corpus.edges(keys=True):
        assert (node_iri(u), SG[key], node_iri(v)) in corpus_rdf, (u, key, v)
    typed = {s for kind in NodeType for s in corpus_rdf.subjects(RDF.type, SG[kind.value])}
    assert {node_of(s) for s in typed} == set(corpus.nodes)


def derivations(rdf: Graph, subject: Node) -> set[tuple[str, str]]:
    """(document IRI, place) of every source of a node or statement."""
    return {
        (str(rdf.value(d, PROV.entity)), str(rdf.value(d, SG.location)))
        for d in rdf.objects(subject, PROV.qualifiedDerivation)
    }


def expected_sources(sources: list[dict]) -> set[tuple[str, str]]:
    return {
        (
            str(node_iri(node_id(NodeType.SOURCE_DOCUMENT, s["document"]))),
            Location(**s["location"]).describe(),
        )
        for s in sources
    }


def statement(rdf: Graph, u: str, key: str, v: str) -> Node:
    (found,) = (
        set(rdf.subjects(RDF.subject, node_iri(u)))
        & set(rdf.subjects(RDF.object, node_iri(v)))
        & set(rdf.subjects(RDF.predicate, SG[key]))
    )
    return found


def test_every_fact_keeps_its_documents_and_places(corpus: nx.MultiDiGraph, corpus_rdf: Graph) -> None:
    for node, sources in corpus.nodes(data="source"):
        assert derivations(corpus_rdf, node_iri(node)) == expected_sources(sources), node
    # a recommendation two plans state has one derivation per plan, each with its own place
    shared = [n for n, s in corpus.nodes(data="source") if len({x["document"] for x in s}) > 1]
    assert any(corpus.nodes[n]["type"] == NodeType.RECOMMENDATION.value for n in shared)
    for u, v, key, sources in corpus.edges(keys=True, data="source"):
        if key != EdgeType.DERIVED_FROM.value:
            assert derivations(corpus_rdf, statement(corpus_rdf, u, key, v)) == expected_sources(sources)


def test_inferred_links_say_why_and_theme_links_keep_their_words(
    corpus: nx.MultiDiGraph, corpus_rdf: Graph
) -> None:
    inferred = [(u, v, k, d) for u, v, k, d in corpus.edges(keys=True, data=True) if d.get("inferred")]
    assert {k for *_, k, _ in inferred} >= {EdgeType.PART_OF.value, EdgeType.LED_BY.value}
    for u, v, key, attrs in inferred:
        said = statement(corpus_rdf, u, key, v)
        assert (said, SG.inferred, Literal(True)) in corpus_rdf
        reasons = attrs.get("reasons") or attrs["inferred"]
        assert {str(r) for r in corpus_rdf.objects(said, SG.reason)} == set(reasons)
    themed = [(u, v, d) for u, v, k, d in corpus.edges(keys=True, data=True) if k == EdgeType.HAS_THEME.value]
    for u, v, attrs in themed[:20]:
        said = statement(corpus_rdf, u, EdgeType.HAS_THEME.value, v)
        assert {str(w) for w in corpus_rdf.objects(said, SG.evidence)} == set(attrs["evidence"])


def test_dates_are_typed_and_organisations_have_their_type_class() -> None:
    plan = northshire_plan()
    g = build_graph([stored(plan)])
    rdf = to_rdf(g)
    action = node_id(NodeType.ACTION, "north_plan.txt", "recommendation-1.1-1")
    due = rdf.value(node_iri(action), SG.dueDate)
    assert isinstance(due, Literal) and str(due.datatype).endswith("#gYearMonth") and str(due) == "2020-03"
    trust = node_iri(node_id(NodeType.ORGANISATION, "Northshire Hospitals NHS Trust"))
    assert (trust, RDF.type, SG.NHSTrust) in rdf
    assert (trust, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")) in rdf


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_reads_back_to_the_same_triples(fmt: str) -> None:
    g = build_graph([stored(northshire_plan())])
    rdf = to_rdf(g)
    name = {"jsonld": "json-ld"}.get(fmt, fmt)
    # as Oxigraph writes it (sgraph export, /export): the triples of to_rdf, the same bytes every time
    written = rdf_store(g).dump(fmt)
    assert set(Graph().parse(data=written, format=name)) == set(rdf)
    assert rdf_store(build_graph([stored(northshire_plan())])).dump(fmt) == written


def test_iris_are_stable_and_under_the_configured_base() -> None:
    g = build_graph([stored(northshire_plan())])
    assert set(to_rdf(g, BASE)) == set(to_rdf(g, BASE))
    rdf = to_rdf(g, BASE)
    subjects = {str(s) for s in rdf.subjects()}
    vocabulary = {s for s in subjects if s.startswith("https://w3id.org/safeguarding-graph/")}
    assert vocabulary == {"https://w3id.org/safeguarding-graph/themes#scheme"}
    assert all(s.startswith(BASE) for s in subjects - vocabulary)
    assert not any(s.startswith(DEFAULT_BASE) for s in subjects)
    for node in g:
        assert node_of(node_iri(node, BASE), BASE) == node


def test_a_base_that_is_not_an_iri_is_refused() -> None:
    g = build_graph([stored(northshire_plan())])
    for bad in ("wrenford", "https://example.org/no-separator", "ftp://example.org/"):
        with pytest.raises(ValueError, match="base IRI"):
            to_rdf(g, bad)


def broken_copy(rdf: Graph) -> Graph:
    copy = Graph()
    for triple in rdf:
        copy.add(triple)
    return copy


def test_a_broken_export_reports_the_shape_that_failed(
    corpus: nx.MultiDiGraph, corpus_rdf: Graph, shapes: Graph, ontology: Graph
) -> None:
    data = broken_copy(corpus_rdf)
    rec = next(n for n, t in corpus.nodes(data="type") if t == NodeType.RECOMMENDATION.value)
    data.remove((node_iri(rec), SG.madeBy, None))
    u, v, key = next((u, v, k) for u, v, k, d in corpus.edges(keys=True, data=True) if d.get("inferred"))
    said = statement(corpus_rdf, u, key, v)
    data.remove((said, SG.reason, None))
    derivation = next(corpus_rdf.objects(node_iri(rec), PROV.qualifiedDerivation))
    data.remove((derivation, PROV.entity, None))
    conforms, results, text = violations(data, shapes, ontology)
    assert not conforms
    failed = failing_shapes(results, shapes)
    assert (node_iri(rec), SG.madeBy, SGSH.RecommendationShape) in failed, text
    assert (said, SG.reason, SGSH.InferredLinkShape) in failed, text
    assert (derivation, PROV.entity, SGSH.DerivationShape) in failed, text
    assert len(failed) == 3, text


def test_an_action_with_an_unreadable_due_date_fails_its_shape(shapes: Graph, ontology: Graph) -> None:
    plan = northshire_plan()
    plan.recommendations[0].actions.append(
        ActionRecord(text="Write a leaflet", timescale="next spring", location=Location(line=12))
    )
    rdf = to_rdf(build_graph([stored(plan)]))
    conforms, results, text = violations(rdf, shapes, ontology)
    assert not conforms
    action = node_iri(node_id(NodeType.ACTION, "north_plan.txt", "recommendation-1.1-2"))
    assert (action, SG.dueDate, SGSH.ActionShape) in failing_shapes(results, shapes), text


def test_an_unnumbered_recommendation_conforms_and_one_without_number_or_words_fails(
    shapes: Graph, ontology: Graph
) -> None:
    """Trackers may list recommendations without numbers: known by their words, they conform."""
    plan = northshire_plan()
    plan.recommendations.append(rec("", "Give every foster carer a named health contact", "NCCG", line=50))
    g = build_graph([stored(plan)])
    unnumbered = next(
        n for n, a in g.nodes(data=True) if a["type"] == "Recommendation" and not a["recommendation"]
    )
    rdf = to_rdf(g)
    assert rdf.value(node_iri(unnumbered), SG.recommendationId) is None
    conforms, _, text = violations(rdf, shapes, ontology)
    assert conforms, text
    rdf.remove((node_iri(unnumbered), SG.text, None))
    conforms, results, text = violations(rdf, shapes, ontology)
    assert not conforms
    assert failing_shapes(results, shapes) == {(node_iri(unnumbered), None, SGSH.RecommendationShape)}, text
