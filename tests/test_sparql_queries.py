"""The SPARQL forms of the main questions (ontology/queries/*.rq) give the same answers as the
embedded queries of graph/queries/ on the corpus, loaded into a temporary store."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from export_support import load_corpus
from rdflib import Graph, Literal

from graph.model import NodeType
from graph.queries import co_accountability, dependencies, gaps, recurring_themes, shared_accountability
from graph.queries.walk import label, nodes_of
from graph.rdf import node_of, to_rdf
from ontology import QUERIES_DIR

QUESTIONS = ("shared-accountability", "co-accountability", "recurring-themes", "dependencies", "gaps")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> nx.MultiDiGraph:
    return load_corpus(tmp_path_factory.mktemp("sparql") / "corpus.db", corpus_dir)


@pytest.fixture(scope="module")
def corpus_rdf(corpus: nx.MultiDiGraph) -> Graph:
    return to_rdf(corpus)


def ask(rdf: Graph, question: str, **bindings: Any) -> list[dict[str, Any]]:
    text = (QUERIES_DIR / f"{question}.rq").read_text(encoding="utf-8")
    result = rdf.query(text, initBindings={k: Literal(v) for k, v in bindings.items()})
    return [{str(k): v for k, v in row.asdict().items()} for row in result]  # type: ignore[union-attr]


def test_there_is_a_sparql_file_for_each_main_question() -> None:
    assert sorted(p.stem for p in QUERIES_DIR.glob("*.rq")) == sorted(QUESTIONS)


def test_shared_accountability(corpus: nx.MultiDiGraph, corpus_rdf: Graph) -> None:
    rows = ask(corpus_rdf, "shared-accountability")
    embedded = shared_accountability(corpus)
    assert len(embedded) >= 30
    assert {(node_of(r["recommendation"]), int(r["owners"])) for r in rows} == {
        (rec.node, len(rec.owners)) for rec in embedded
    }
    names = {node_of(r["recommendation"]): set(str(r["ownerNames"]).split("; ")) for r in rows}
    assert names == {rec.node: set(rec.owners) for rec in embedded}


def test_co_accountability(corpus: nx.MultiDiGraph, corpus_rdf: Graph) -> None:
    rows = ask(corpus_rdf, "co-accountability")
    pairs = co_accountability(corpus).pairs
    assert pairs
    assert [(str(r["first"]), str(r["second"]), int(r["shared"])) for r in rows] == [
        (p.first, p.second, p.weight) for p in pairs
    ]


def test_recurring_themes(corpus: nx.MultiDiGraph, corpus_rdf: Graph) -> None:
    rows = ask(corpus_rdf, "recurring-themes")
    themes = recurring_themes(corpus, min_areas=2)
    assert len(themes) >= 10
    assert [(str(r["theme"]), int(r["areas"]), int(r["items"])) for r in rows] == [
        (t.theme, len(t.areas), t.count) for t in themes
    ]
    assert {str(r["theme"]): set(str(r["areaNames"]).split("; ")) for r in rows} == {
        t.theme: set(t.areas) for t in themes
    }


def test_dependencies(corpus: nx.MultiDiGraph, corpus_rdf: Graph) -> None:
    rows = ask(corpus_rdf, "dependencies")
    kinds = {"leads an action": "leads", "owns a recommendation it refers to": "owns"}
    found = {(str(r["organisation"]), str(r["dependsOn"]), kinds[str(r["why"])]) for r in rows}
    expected = set()
    for org in nodes_of(corpus, NodeType.ORGANISATION):
        for dependency in dependencies(corpus, org).depends_on:
            for reason in dependency.reason.split("; "):
                expected.add((label(corpus, org), dependency.organisation, reason.split(" ")[0]))
    assert {k for *_, k in expected} == {"leads", "owns"}
    assert found == expected


@pytest.mark.parametrize("as_of", [date(2017, 4, 1), date(2016, 12, 31)])
def test_gaps(corpus: nx.MultiDiGraph, corpus_rdf: Graph, as_of: date) -> None:
    rows = ask(corpus_rdf, "gaps", asOf=as_of.isoformat())
    report = gaps(corpus, as_of=as_of)
    expected = {(item.kind, item.node) for item in report.items}
    assert {kind for kind, _ in expected} >= {"action without lead", "overdue action"}
    assert {(str(r["kind"]), node_of(r["item"])) for r in rows} == expected
