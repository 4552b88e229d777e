"""ontology/shapes.ttl accepts a small well-formed graph and names what is wrong in broken ones.

The graph is built by hand in invented words (an imaginary area, its health bodies and plan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from pyshacl import validate
from rdflib import RDF, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from graph.model import NodeType
from ontology import SAFEGUARDING_TTL, SG_NAMESPACE, SHAPES_TTL

SG = Namespace(SG_NAMESPACE)
SH = Namespace("http://www.w3.org/ns/shacl#")
EX = Namespace("https://example.org/wrenford/")
# plain IRIs: pytest probes module attributes, and rdflib's XSD namespace warns on unknown names
XSD_MONTH = URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")

REVIEW, AREA, DOC, THEME = EX.review, EX.area, EX.doc, EX.themeSleep
REC_ONE, REC_TWO, ACTION = EX.rec1, EX.rec2, EX.action1
CCG, TRUST = EX.ccg, EX.trust


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(SAFEGUARDING_TTL, format="turtle")


GOOD_GRAPH = """
@prefix sg: <https://w3id.org/safeguarding-graph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/wrenford/> .

ex:doc a sg:SourceDocument ; sg:fileName "wrenford_plan.txt" ;
    sg:contentHash "abababababababababababababababababababababababababababababababab" ;
    dcterms:date "2018-05-02"^^xsd:date .
ex:area a sg:Area ; skos:prefLabel "Wrenford" ; sg:derivedFrom ex:doc .
ex:review a sg:Review ; sg:inArea ex:area ; sg:regulator "CQC" ;
    sg:programme "Looked after children and safeguarding" ; sg:fieldwork "2017-10-09/2017-10-13" ;
    sg:publishedOn "2017-12"^^xsd:gYearMonth ; sg:derivedFrom ex:doc .
ex:themes a skos:ConceptScheme .
ex:themeSleep a sg:Theme ; skos:inScheme ex:themes ; skos:prefLabel "Sleep" .

ex:ccg a sg:Organisation , sg:ClinicalCommissioningGroup ; skos:prefLabel "Wrenford CCG" ;
    sg:inArea ex:area ; sg:commissions ex:trust ; sg:derivedFrom ex:doc .
ex:trust a sg:Organisation , sg:NHSTrust ; skos:prefLabel "Wrenford Valley NHS Trust" ;
    skos:altLabel "WVT" ; sg:derivedFrom ex:doc .
ex:publicHealth a sg:Organisation , sg:LocalAuthorityPublicHealth ;
    skos:prefLabel "Wrenford Council Public Health" ; sg:monitors ex:review .
ex:gpPractices a sg:CollectiveAddressee ; skos:prefLabel "every Wrenford surgery" .
ex:designatedNurse a sg:Role ; skos:prefLabel "Designated Nurse" ; sg:partOf ex:ccg .
ex:board a sg:AssuranceBody ; skos:prefLabel "Wrenford Children's Partnership" ; sg:monitors ex:review .

ex:rec1 a sg:Recommendation ; sg:recommendationId "3.1" ;
    sg:text "Ask every family about bedtime routines at each visit" ; sg:reportReference "2.14" ;
    sg:madeBy ex:review ; sg:addressedTo ex:ccg , ex:trust , ex:gpPractices ;
    sg:addressedByAction ex:action1 ; sg:hasOutcome ex:outcome1 ; sg:hasTheme ex:themeSleep ;
    sg:derivedFrom ex:doc ; sg:location "line 12" .
ex:rec2 a sg:Recommendation ; sg:recommendationId "3.2" ;
    sg:text "Share the bedtime checklist with school nurses" ; sg:madeBy ex:review ;
    sg:addressedTo ex:publicHealth ; sg:refersTo ex:rec1 ; sg:derivedFrom ex:doc .
ex:outcome1 a sg:ExpectedOutcome ; sg:text "Families report calmer evenings" ; sg:derivedFrom ex:doc .
ex:action1 a sg:Action ; sg:text "Add a bedtime question to the visit template" ;
    sg:ledBy ex:designatedNurse ; sg:responsibleOfficer ex:designatedNurse ; sg:assuredBy ex:board ;
    sg:dueDate "2018-03"^^xsd:gYearMonth ; sg:dueDateText "Qtr 4 17/18 (A)" ; sg:dueDateKind "agreed" ;
    sg:status "on track" ; sg:ragRating "green" ; sg:hasTheme ex:themeSleep ;
    sg:derivedFrom ex:doc ; sg:location "table 1, row 3, cell 2" .
ex:finding1 a sg:Finding ; sg:text "Surgeries rarely ask about sleep" ; sg:reportReference "2.9" ;
    sg:madeBy ex:review ; sg:concerns ex:trust ; sg:derivedFrom ex:doc .
"""


def good_graph() -> Graph:
    """A review of the imaginary Wrenford area, two recommendations, one action and its cast."""
    return Graph().parse(data=GOOD_GRAPH, format="turtle")


@dataclass(frozen=True)
class Report:
    conforms: bool
    text: str
    # (focus node, result path or None, message) of each violation
    results: list[tuple[Node | None, Node | None, str]]


def check(data: Graph, shapes: Graph, ontology: Graph) -> Report:
    conforms, results_graph, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert isinstance(results_graph, Graph)
    results = [
        (
            results_graph.value(r, SH.focusNode),
            results_graph.value(r, SH.resultPath),
            str(results_graph.value(r, SH.resultMessage) or ""),
        )
        for r in results_graph.subjects(RDF.type, SH.ValidationResult)
    ]
    return Report(bool(conforms), str(text), results)


def test_every_node_type_has_a_shape(shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    assert {SG[t.value] for t in NodeType} <= targeted


def test_the_well_formed_graph_conforms(shapes: Graph, ontology: Graph) -> None:
    report = check(good_graph(), shapes, ontology)
    assert report.conforms, report.text


def test_an_action_stated_on_its_own_conforms_when_it_concerns_someone(
    shapes: Graph, ontology: Graph
) -> None:
    data = good_graph()
    data.remove((REC_ONE, SG.addressedByAction, ACTION))
    data.add((ACTION, SG.concerns, TRUST))
    data.add((ACTION, SG.concerns, EX.gpPractices))
    report = check(data, shapes, ontology)
    assert report.conforms, report.text


def replace(subject: URIRef, predicate: URIRef, value: Literal | URIRef | None) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.remove((subject, predicate, None))
        if value is not None:
            g.add((subject, predicate, value))

    return mutate


def drop(subject: URIRef, predicate: URIRef, obj: URIRef) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.remove((subject, predicate, obj))

    return mutate


def add(subject: URIRef, predicate: URIRef, obj: URIRef | Literal) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.add((subject, predicate, obj))

    return mutate


BROKEN = {
    "recommendation with an empty id": (
        replace(REC_ONE, SG.recommendationId, Literal("")),
        REC_ONE,
        SG.recommendationId,
    ),
    "recommendation with two ids": (
        add(REC_TWO, SG.recommendationId, Literal("3.2a")),
        REC_TWO,
        SG.recommendationId,
    ),
    "recommendation without source": (replace(REC_TWO, SG.derivedFrom, None), REC_TWO, SG.derivedFrom),
    "recommendation without review": (replace(REC_TWO, SG.madeBy, None), REC_TWO, SG.madeBy),
    "recommendation made by an area": (replace(REC_TWO, SG.madeBy, AREA), REC_TWO, SG.madeBy),
    "unknown due date kind": (replace(ACTION, SG.dueDateKind, Literal("promised")), ACTION, SG.dueDateKind),
    "due date in words": (replace(ACTION, SG.dueDate, Literal("next spring")), ACTION, SG.dueDate),
    "due date an impossible month": (
        replace(ACTION, SG.dueDate, Literal("2018-13", datatype=XSD_MONTH)),
        ACTION,
        SG.dueDate,
    ),
    "unknown status": (replace(ACTION, SG.status, Literal("nearly there")), ACTION, SG.status),
    "assured by an organisation": (replace(ACTION, SG.assuredBy, CCG), ACTION, SG.assuredBy),
    "organisation without type": (drop(TRUST, RDF.type, SG.NHSTrust), TRUST, RDF.type),
    "organisation with two types": (add(TRUST, RDF.type, SG.Police), TRUST, RDF.type),
    "organisation without name": (replace(CCG, SKOS.prefLabel, None), CCG, SKOS.prefLabel),
    "review without area": (replace(REVIEW, SG.inArea, None), REVIEW, SG.inArea),
    "document with a short hash": (replace(DOC, SG.contentHash, Literal("abc123")), DOC, SG.contentHash),
    "document without file name": (replace(DOC, SG.fileName, None), DOC, SG.fileName),
    "theme outside any scheme": (replace(THEME, SKOS.inScheme, None), THEME, SKOS.inScheme),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_graph_fails_naming_the_property(case: str, shapes: Graph, ontology: Graph) -> None:
    mutate, focus, path = BROKEN[case]
    data = good_graph()
    mutate(data)
    report = check(data, shapes, ontology)
    assert not report.conforms
    assert (focus, path) in {(f, p) for f, p, _ in report.results}, report.text


def test_an_action_answering_nothing_fails_naming_the_missing_link(shapes: Graph, ontology: Graph) -> None:
    data = good_graph()
    data.remove((REC_ONE, SG.addressedByAction, ACTION))
    report = check(data, shapes, ontology)
    assert not report.conforms
    messages = [message for focus, _, message in report.results if focus == ACTION]
    assert messages and all("sg:addressedByAction" in m for m in messages), report.text
