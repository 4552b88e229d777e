"""``/sparql`` and ``/export/{format}`` over the corpus loaded into a temporary store."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import networkx as nx
import pytest
from export_support import load_corpus
from fastapi.testclient import TestClient
from rdflib import Graph

from api.app import create_app
from graph import exports
from graph.queries import shared_accountability
from graph.rdf import DEFAULT_BASE, RdfStore, node_of, to_rdf
from ontology import QUERIES_DIR

SELECT_RECOMMENDATIONS = """
PREFIX sg: <https://w3id.org/safeguarding-graph/ontology#>
SELECT ?recommendation ?id WHERE { ?recommendation a sg:Recommendation ; sg:recommendationId ?id }
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> tuple[Path, nx.MultiDiGraph]:
    db = tmp_path_factory.mktemp("sparql-api") / "corpus.db"
    return db, load_corpus(db, corpus_dir)


@pytest.fixture(scope="module")
def corpus_triples(corpus: tuple[Path, nx.MultiDiGraph]) -> set[Any]:
    return set(to_rdf(corpus[1]))


@pytest.fixture(scope="module")
def client(corpus: tuple[Path, nx.MultiDiGraph]) -> Iterator[TestClient]:
    with TestClient(create_app(corpus[0]), base_url="http://localhost") as test_client:
        yield test_client


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def bindings(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    rows: list[dict[str, Any]] = response.json()["results"]["bindings"]
    return rows


def test_a_select_by_get_and_by_both_posts_gives_the_same_rows(
    client: TestClient, corpus: tuple[Path, nx.MultiDiGraph]
) -> None:
    _, g = corpus
    by_get = bindings(client.get("/sparql", params={"query": SELECT_RECOMMENDATIONS}))
    by_form = bindings(client.post("/sparql", data={"query": SELECT_RECOMMENDATIONS}))
    by_body = bindings(
        client.post(
            "/sparql", content=SELECT_RECOMMENDATIONS, headers={"content-type": "application/sparql-query"}
        )
    )
    recommendations = {n for n, t in g.nodes(data="type") if t == "Recommendation"}
    assert {node_of(r["recommendation"]["value"]) for r in by_get} == recommendations
    key = lambda rows: sorted(r["recommendation"]["value"] for r in rows)  # noqa: E731
    assert key(by_get) == key(by_form) == key(by_body)


def test_a_main_question_answers_over_http_as_embedded(
    client: TestClient, corpus: tuple[Path, nx.MultiDiGraph]
) -> None:
    text = (QUERIES_DIR / "shared-accountability.rq").read_text(encoding="utf-8")
    rows = bindings(client.post("/sparql", data={"query": text}))
    expected = {(r.node, len(r.owners)) for r in shared_accountability(corpus[1])}
    assert {(node_of(r["recommendation"]["value"]), int(r["owners"]["value"])) for r in rows} == expected


def test_ask_construct_and_describe(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert response.json() == {"head": {}, "boolean": True}
    construct = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l }"
    )
    response = client.get("/sparql", params={"query": construct})
    assert response.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.text, format="turtle")) > 50
    area = f"{DEFAULT_BASE}Area:lancashire"
    response = client.get(
        "/sparql", params={"query": f"DESCRIBE <{area}>"}, headers={"accept": "application/n-triples"}
    )
    assert response.headers["content-type"].startswith("application/n-triples")
    described = Graph().parse(data=response.text, format="nt")
    assert {str(s) for s in described.subjects()} == {area}


def test_answers_longer_than_the_limit_are_cut_and_say_so(
    monkeypatch: pytest.MonkeyPatch, corpus: tuple[Path, nx.MultiDiGraph]
) -> None:
    monkeypatch.setenv("SGRAPH_SPARQL_LIMIT", "7")
    with TestClient(create_app(corpus[0]), base_url="http://localhost") as limited:
        response = limited.get("/sparql", params={"query": SELECT_RECOMMENDATIONS})
        assert len(bindings(response)) == 7
        assert response.headers["x-result-truncated"] == "true" and response.headers["x-result-limit"] == "7"
        response = limited.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert response.headers["x-result-truncated"] == "false"


def test_a_query_over_its_time_limit_is_stopped(
    monkeypatch: pytest.MonkeyPatch, corpus: tuple[Path, nx.MultiDiGraph]
) -> None:
    monkeypatch.setenv("SGRAPH_SPARQL_TIMEOUT", "0.5")
    with TestClient(create_app(corpus[0]), base_url="http://localhost") as hurried:
        endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        body = problem(hurried.get("/sparql", params={"query": endless}), 503)
        assert "0.5 seconds" in body["detail"]
        # the server still answers afterwards
        assert bindings(hurried.get("/sparql", params={"query": SELECT_RECOMMENDATIONS}))


REFUSED = {
    "update": ("PREFIX ex: <https://example.org/> INSERT DATA { ex:a ex:b ex:c }", "read-only"),
    "delete": ("DELETE WHERE { ?s ?p ?o }", "read-only"),
    "load": ("LOAD <https://example.org/data.ttl>", "read-only"),
    "service": ("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    "service in a filter": (
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <https://example.org/sparql> { ?s ?p ?o } } }",
        "SERVICE",
    ),
    "from": ("SELECT * FROM <https://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
    "not sparql": ("SELEKT everything", "not a valid SPARQL query"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_updates_federation_and_nonsense_are_refused_with_400(client: TestClient, case: str) -> None:
    text, said = REFUSED[case]
    body = problem(client.get("/sparql", params={"query": text}), 400)
    assert said in body["detail"]
    body = problem(client.post("/sparql", data={"query": text}), 400)
    assert said in body["detail"]


def test_the_update_parameter_and_content_type_are_refused(client: TestClient) -> None:
    problem(client.post("/sparql", data={"update": "CLEAR ALL"}), 400)
    problem(
        client.post("/sparql", content="CLEAR ALL", headers={"content-type": "application/sparql-update"}),
        400,
    )
    problem(client.get("/sparql"), 400)
    problem(client.post("/sparql", content="x", headers={"content-type": "text/plain"}), 415)


def test_the_rdf_graph_is_built_once_per_revision(
    monkeypatch: pytest.MonkeyPatch, corpus: tuple[Path, nx.MultiDiGraph]
) -> None:
    from graph import rdf

    calls: list[int] = []
    real = rdf.rdf_store

    def counting(g: nx.MultiDiGraph, base: str) -> RdfStore:
        calls.append(1)
        return real(g, base)

    monkeypatch.setattr(rdf, "rdf_store", counting)
    with TestClient(create_app(corpus[0]), base_url="http://localhost") as fresh:
        for _ in range(3):
            bindings(fresh.get("/sparql", params={"query": SELECT_RECOMMENDATIONS}))
        assert fresh.get("/export/turtle").status_code == 200
    assert len(calls) == 1


@pytest.mark.parametrize("fmt", sorted(exports.EVERY_FORMAT))
def test_every_export_downloads(
    client: TestClient, fmt: str, corpus: tuple[Path, nx.MultiDiGraph], corpus_triples: set[Any]
) -> None:
    response = client.get(f"/export/{fmt}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(exports.EVERY_FORMAT[fmt])
    assert f'filename="safeguarding-graph.{exports.SUFFIXES[fmt]}"' in response.headers["content-disposition"]
    if fmt in ("turtle", "jsonld", "nt"):
        name = {"jsonld": "json-ld"}.get(fmt, fmt)
        assert set(Graph().parse(data=response.content, format=name)) == corpus_triples
    elif fmt == "csv":
        assert "nodes-Organisation.csv" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    elif fmt == "json":
        assert exports.read_node_link(response.content).number_of_nodes() == corpus[1].number_of_nodes()


def test_an_unknown_export_format_is_a_404_naming_the_formats(client: TestClient) -> None:
    body = problem(client.get("/export/xls"), 404)
    assert "graphml" in body["detail"] and "turtle" in body["detail"]


def test_the_home_page_links_the_downloads(client: TestClient) -> None:
    page = client.get("/").text
    for fmt in ("graphml", "gexf", "json", "csv", "turtle"):
        assert f'href="/export/{fmt}"' in page
