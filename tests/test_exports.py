"""Exports other tools open: GraphML and GEXF read back by networkx, node-link JSON that round-trips
to an identical graph, neo4j-admin CSV with neutralised cells, and ``sgraph export``."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from export_support import load_corpus
from graph_support import action, northshire_plan, small_graph, stored
from rdflib import Graph

from api.cli import main
from graph import exports
from graph.build import build_graph
from graph.model import EdgeType, NodeType, node_id
from graph.rdf import SG, node_iri


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> tuple[Path, nx.MultiDiGraph]:
    db = tmp_path_factory.mktemp("exports") / "corpus.db"
    return db, load_corpus(db, corpus_dir)


def with_parallel_edges() -> nx.MultiDiGraph:
    """The small graph plus a role both leading an action and responsible for it (two edges, one pair)."""
    g = small_graph()
    row = node_id(NodeType.ACTION, "north_plan.txt", "recommendation-1.1-1")
    role = next(v for _, v, k in g.out_edges(row, keys=True) if k == EdgeType.LED_BY.value)
    key = EdgeType.RESPONSIBLE_OFFICER.value
    g.add_edge(row, role, key=key, type=key, source=g.edges[row, role, EdgeType.LED_BY.value]["source"])
    return g


def test_node_link_json_round_trips_to_an_identical_graph(corpus_db: tuple[Path, nx.MultiDiGraph]) -> None:
    _, g = corpus_db
    again = exports.read_node_link(exports.node_link(g))
    assert list(again.nodes(data=True)) == list(g.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))
    assert nx.utils.graphs_equal(again, g)


def edge_counts(g: nx.MultiDiGraph, attribute: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for *_, kind in g.edges(data=attribute):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_with_every_node_edge_and_source(fmt: str) -> None:
    g = with_parallel_edges()
    data = exports.export(g, fmt)
    if fmt == "graphml":
        back = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    else:
        back = nx.read_gexf(io.BytesIO(data))
    assert set(back.nodes) == set(g.nodes)
    assert back.number_of_edges() == g.number_of_edges()
    assert edge_counts(back, "relationship") == edge_counts(g, "type")
    for node, attrs in g.nodes(data=True):
        held = back.nodes[node]
        assert held["type"] == attrs["type"] and held["label"] == attrs["label"]
        assert json.loads(held["source"]) == attrs["source"], node
        assert all(name not in held for name, value in attrs.items() if value is None)
    recommendation = node_id(NodeType.RECOMMENDATION, "northshire-2019-03", "1.2")
    if recommendation in g:
        assert json.loads(back.nodes[recommendation]["ids_as_written"]) == ["1.2"]


def test_flattening_keeps_scalars_drops_none_and_writes_lists_as_json() -> None:
    assert exports.flatten("x") == "x" and exports.flatten(3) == 3 and exports.flatten(True) is True
    assert exports.flatten(None) is None and exports.flatten([]) is None and exports.flatten({}) is None
    assert exports.flatten([{"b": 1, "a": "é"}]) == '[{"a": "é", "b": 1}]'


def read_csv(files: dict[str, bytes], name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(files[name].decode("utf-8"), newline="")))


def test_csv_files_are_laid_out_for_neo4j_admin_import(corpus_db: tuple[Path, nx.MultiDiGraph]) -> None:
    _, g = corpus_db
    files = exports.neo4j_csv(g)
    ids: set[str] = set()
    for name in files:
        rows = read_csv(files, name)
        header = rows[0]
        if name.startswith("nodes-"):
            assert header[:2] == ["id:ID", ":LABEL"] and "source" in header, name
            ids |= {row[0] for row in rows[1:]}
            assert {row[1] for row in rows[1:]} == {name.removeprefix("nodes-").removesuffix(".csv")}
        else:
            assert header[:3] == [":START_ID", ":END_ID", ":TYPE"] and "source" in header, name
    assert ids == set(g.nodes)
    ends = {
        cell
        for name in files
        if name.startswith("relationships-")
        for r in read_csv(files, name)[1:]
        for cell in r[:2]
    }
    assert ends <= ids
    assert (
        sum(len(read_csv(files, n)) - 1 for n in files if n.startswith("relationships-"))
        == g.number_of_edges()
    )
    review_header = read_csv(files, "nodes-Review.csv")[0]
    assert "recommendations_stated:int" in review_header
    assert "inferred:boolean" in read_csv(files, "relationships-partOf.csv")[0]
    command = exports.neo4j_import_command(files)
    assert "--nodes=nodes-Action.csv" in command and "--relationships=relationships-ledBy.csv" in command


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised() -> None:
    plan = northshire_plan()
    dangerous = ['=HYPERLINK("http://x")', "+1 555", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturned"]
    plan.recommendations[2].actions = [
        action(text, line=40 + i, lead=text, responsible=text) for i, text in enumerate(dangerous)
    ]
    files = exports.neo4j_csv(build_graph([stored(plan)]))
    rows = read_csv(files, "nodes-Action.csv")
    text = rows[0].index("text")
    written = {row[text] for row in rows[1:]}
    assert {"'" + d for d in dangerous} <= written
    for name in files:
        for row in read_csv(files, name):
            for cell in row:
                assert not cell.startswith(exports.FORMULA_STARTS), (name, cell)


def test_sgraph_export_writes_each_format(corpus_db: tuple[Path, nx.MultiDiGraph], tmp_path: Path) -> None:
    db, g = corpus_db
    runner = CliRunner()
    turtle = tmp_path / "graph.ttl"
    base = "https://example.org/clas/"
    result = runner.invoke(
        main, ["export", "--db", str(db), "--format", "turtle", "-o", str(turtle), "--base", base]
    )
    assert result.exit_code == 0, result.output
    rdf = Graph().parse(turtle, format="turtle")
    org = node_id(NodeType.ORGANISATION, "Lancashire County Council")
    organisations = {str(s) for s in rdf.subjects(None, SG.Organisation)}
    assert str(node_iri(org, base)) in organisations and all(s.startswith(base) for s in organisations)
    result = runner.invoke(
        main, ["export", "--db", str(db), "--format", "csv", "-o", str(tmp_path / "neo4j")]
    )
    assert result.exit_code == 0 and "neo4j-admin database import full" in result.output
    assert (tmp_path / "neo4j" / "nodes-Organisation.csv").is_file()
    result = runner.invoke(main, ["export", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0
    assert exports.read_node_link(result.stdout_bytes).number_of_nodes() == g.number_of_nodes()
    archive = zipfile.ZipFile(io.BytesIO(exports.export(g, "csv")))
    assert sorted(archive.namelist()) == sorted(exports.neo4j_csv(g))


def test_sgraph_export_refuses_a_bad_base_and_csv_without_a_folder(
    corpus_db: tuple[Path, nx.MultiDiGraph],
) -> None:
    db, _ = corpus_db
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--db", str(db), "--format", "nt", "--base", "lancashire"])
    assert result.exit_code == 2 and "base IRI" in result.output
    result = runner.invoke(
        main, ["export", "--db", str(db), "--format", "graphml", "--base", "https://x.org/"]
    )
    assert result.exit_code == 2 and "RDF formats" in result.output
    result = runner.invoke(main, ["export", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 2 and "folder" in result.output
