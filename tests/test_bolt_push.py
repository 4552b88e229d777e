"""``sgraph push`` against a real FalkorDB: idempotent, replaces changed and removed documents'
facts, keeps awkward values intact, and ``sgraph serve --backend`` answers from the server."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from falkordb_support import FalkorDB, free_ports
from fastapi.testclient import TestClient
from graph_support import corpus_documents, corpus_graph, northshire_plan, rec, stored

from api.app import create_app
from api.cli import main
from graph.backends import cypher
from graph.backends.bolt import BoltBackend
from graph.backends.cypher import dialect
from graph.backends.embedded import EmbeddedBackend
from graph.backends.push import push_graph
from graph.build import build_graph
from graph.model import EdgeType, NodeType
from graph.queries.walk import Graph
from graph.store import Store

FALKORDB = dialect("falkordb")
LANCASHIRE_COUNCIL_PLAN = "002_5c1eb00544471669.txt"
LANCASHIRE_NHS_PLAN = "003_7d4caad513cc8324.txt"


def server_state(server: FalkorDB) -> tuple[list[Any], list[Any]]:
    """Every node (id, labels, properties) and edge on the server, without the push stamp."""
    with server.driver.session() as session:
        nodes = [
            (r["id"], sorted(r["labels"]), {k: v for k, v in r["props"].items() if k != "push"})
            for r in session.run(
                "MATCH (n:Sgraph) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
            )
        ]
        edges = [
            (r["u"], r["key"], r["v"], {k: v for k, v in r["props"].items() if k != "push"})
            for r in session.run(
                "MATCH (a:Sgraph)-[r]->(b:Sgraph) "
                "RETURN a.id AS u, type(r) AS key, b.id AS v, properties(r) AS props"
            )
        ]
    return sorted(nodes, key=repr), sorted(edges, key=repr)


def read_back(server: FalkorDB, g: Graph) -> Graph:
    kinds = sorted({t for _, t in g.nodes(data="type")})
    return BoltBackend(server.driver, FALKORDB).server.subgraph(types=kinds)


def test_pushing_twice_leaves_the_same_graph(falkordb: FalkorDB, corpus_dir: Path) -> None:
    g = corpus_graph(corpus_dir)
    falkordb.clear()
    first = push_graph(falkordb.driver, g, FALKORDB)
    state = server_state(falkordb)
    second = push_graph(falkordb.driver, g, FALKORDB)
    assert (first.nodes, first.edges) == (g.number_of_nodes(), g.number_of_edges())
    assert (second.nodes, second.edges, second.removed_nodes, second.removed_edges) == (
        g.number_of_nodes(),
        g.number_of_edges(),
        0,
        0,
    )
    assert server_state(falkordb) == state
    organisation = next(n for n in state[0] if n[0] == "Organisation:lancashire-county-council")
    assert organisation[1] == ["Organisation", "Sgraph"]


def test_the_graph_read_back_is_the_graph_pushed(falkordb: FalkorDB, corpus_dir: Path) -> None:
    g = corpus_graph(corpus_dir)
    falkordb.clear()
    push_graph(falkordb.driver, g, FALKORDB)
    back = read_back(falkordb, g)
    assert list(back.nodes(data=True)) == list(g.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))


def test_quotes_backslashes_and_long_texts_survive(falkordb: FalkorDB) -> None:
    """FalkorDB's Bolt endpoint needs quotes escaped and statements short: neither may show."""
    awkward = "Children's \\ 'home' \"visits\" — naïve café; " + "every looked after child " * 600
    plan = northshire_plan()
    plan.recommendations.append(rec("9.9", awkward, "Northshire County Council", line=90))
    g = build_graph([stored(plan)])
    falkordb.clear()
    push_graph(falkordb.driver, g, FALKORDB)
    back = read_back(falkordb, g)
    node = "Recommendation:northshire-2019-03:9-9"
    assert len(awkward) > 10_000
    assert back.nodes[node]["text"] == awkward
    assert list(back.nodes(data=True)) == list(g.nodes(data=True))
    with falkordb.driver.session() as session:
        native = session.run("MATCH (n:Sgraph {id: $id}) RETURN n.text AS text", id=node).single(strict=True)
    assert native["text"] == awkward


def test_a_removed_document_takes_only_its_own_facts_at_the_next_push(
    falkordb: FalkorDB, corpus_store: Path
) -> None:
    with Store(corpus_store) as store:
        documents = store.documents()
    everything = build_graph(documents)
    falkordb.clear()
    push_graph(falkordb.driver, everything, FALKORDB)
    remaining = build_graph([d for d in documents if d.id != LANCASHIRE_COUNCIL_PLAN])
    result = push_graph(falkordb.driver, remaining, FALKORDB)
    assert result.removed_nodes > 0
    nodes, edges = server_state(falkordb)
    assert {n[0] for n in nodes} == set(remaining.nodes)
    assert len(edges) == remaining.number_of_edges()
    sources = {n[0]: n[2]["source_documents"] for n in nodes}
    assert all(LANCASHIRE_COUNCIL_PLAN not in docs for docs in sources.values())
    read_from = {n: {s["document"] for s in a["source"]} for n, a in everything.nodes(data=True)}
    both_plans = {LANCASHIRE_COUNCIL_PLAN, LANCASHIRE_NHS_PLAN}
    shared = [n for n, docs in read_from.items() if docs == both_plans and n.startswith("Recommendation:")]
    only_removed = [n for n, docs in read_from.items() if docs == {LANCASHIRE_COUNCIL_PLAN}]
    # the two Lancashire plans answer the same recommendations (e.g. 26.1): those stay, now
    # read from the NHS plan alone; what only the council's plan said is gone
    assert len(shared) >= 5
    assert all(sources[n] == [LANCASHIRE_NHS_PLAN] for n in shared)
    assert only_removed and not set(only_removed) & set(sources)


def test_a_changed_document_replaces_its_facts(falkordb: FalkorDB) -> None:
    plan = northshire_plan()
    falkordb.clear()
    push_graph(falkordb.driver, build_graph([stored(plan)]), FALKORDB)
    plan.recommendations.pop()  # 2.1 is no longer in the plan
    plan.recommendations[0].actions[0].status = "on track"
    changed = build_graph([stored(plan)])
    push_graph(falkordb.driver, changed, FALKORDB)
    back = read_back(falkordb, changed)
    assert "Recommendation:northshire-2019-03:2-1" not in back
    action = "Action:north-plan-txt:recommendation-1-1-1"
    assert back.nodes[action]["status"] == "on track"
    assert set(back.nodes) == set(changed.nodes)


def test_answers_follow_the_latest_push(falkordb: FalkorDB) -> None:
    """Whole-graph reads are kept between questions, and a new push replaces them."""
    plan = northshire_plan()
    falkordb.clear()
    push_graph(falkordb.driver, build_graph([stored(plan)]), FALKORDB)
    backend = BoltBackend(falkordb.driver, FALKORDB)
    before = backend.gaps(as_of=date(2021, 1, 1))
    assert backend.gaps(as_of=date(2021, 1, 1)) is before
    plan.recommendations[0].actions[0].status = "on track"  # completed no longer: now overdue
    changed = build_graph([stored(plan)])
    push_graph(falkordb.driver, changed, FALKORDB)
    after = backend.gaps(as_of=date(2021, 1, 1))
    assert after.counts()["overdue action"] == before.counts()["overdue action"] + 1
    assert after.to_json() == EmbeddedBackend(lambda: changed).gaps(as_of=date(2021, 1, 1)).to_json()


def test_falkordb_refuses_a_database_it_would_ignore(falkordb: FalkorDB, corpus_store: Path) -> None:
    """FalkorDB's Bolt endpoint takes no database inside a transaction: saying one is an error,
    not a push into its default graph."""
    args = ["push", "--uri", falkordb.uri, "--dialect", "falkordb", "--database", "north", "--db"]
    result = CliRunner().invoke(main, [*args, str(corpus_store)])
    assert result.exit_code == 1
    assert "ignores the database inside transactions" in result.output
    with pytest.raises(ValueError):
        BoltBackend(falkordb.driver, FALKORDB, database="north")


@pytest.fixture(scope="module")
def corpus_store(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the corpus (read once for the module; the tests only read it)."""
    path = tmp_path_factory.mktemp("store") / "sgraph.db"
    with Store(path) as store:
        for doc in corpus_documents(corpus_dir):
            store.put(doc.file_name, json.dumps(doc.extraction.to_json()).encode(), doc.extraction)
    return path


def test_push_command_reports_what_the_server_holds(falkordb: FalkorDB, corpus_store: Path) -> None:
    db = corpus_store
    falkordb.clear()
    args = ["push", "--uri", falkordb.uri, "--dialect", "falkordb", "--db", str(db)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    g = build_graph(Store(db).documents())
    assert f"holds {g.number_of_nodes()} nodes and {g.number_of_edges()} edges" in result.output
    again = CliRunner().invoke(main, args)
    assert "removed 0 nodes and 0 edges" in again.output


@pytest.mark.parametrize("command", ["push --uri", "serve --backend"])
def test_a_server_that_is_not_there_is_a_clear_error(corpus_store: Path, command: str) -> None:
    uri = f"bolt://127.0.0.1:{free_ports()[1]}"
    result = CliRunner().invoke(main, [*command.split(), uri, "--db", str(corpus_store)])
    assert result.exit_code == 1
    assert f"cannot connect to {uri}" in result.output


def test_serve_with_a_bolt_backend_answers_as_the_embedded_graph(
    falkordb: FalkorDB, corpus_store: Path
) -> None:
    db = corpus_store
    falkordb.clear()
    with Store(db) as store:
        push_graph(falkordb.driver, build_graph(store.documents()), FALKORDB)
    backend = BoltBackend(falkordb.driver, FALKORDB)
    paths = [
        "/queries/shared-accountability?area=Lancashire",
        "/queries/co-accountability",
        "/queries/themes?min_areas=2",
        "/queries/dependencies?org=GMW",
        "/queries/path?from=GMW&to=Lancashire%20County%20Council",
        f"/queries/gaps?as_of={date(2017, 4, 1).isoformat()}",
        "/queries/org/PCCG",
        "/queries/org/Nowhere%20Trust",
    ]
    local = "http://localhost"
    with (
        TestClient(create_app(db), base_url=local) as embedded,
        TestClient(create_app(db, backend), base_url=local) as served,
    ):
        for path in paths:
            expected, answered = embedded.get(path), served.get(path)
            assert (answered.status_code, answered.json()) == (expected.status_code, expected.json()), path


@pytest.mark.parametrize(
    "statement",
    [
        lambda: cypher.merge_nodes("Organisation) DETACH DELETE (n"),
        lambda: cypher.merge_edges("addressedTo]->() DELETE r //"),
        lambda: cypher.append_to_node("text = 'x', n.label"),
        lambda: cypher.append_to_edge("ledBy", "text` = 1"),
    ],
    ids=["label", "relationship", "node property", "edge property"],
)
def test_statements_take_names_only_from_the_vocabulary(statement: Callable[[], str]) -> None:
    with pytest.raises(ValueError):
        statement()


def test_every_node_and_edge_type_has_its_statement() -> None:
    assert all(f":{t.value}" in cypher.merge_nodes(t.value) for t in NodeType)
    assert all(f"[r:{t.value}]" in cypher.merge_edges(t.value) for t in EdgeType)
