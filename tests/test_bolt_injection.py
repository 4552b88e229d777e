"""User-derived values reach the Bolt server only as parameters, and come back unchanged.

FalkorDB's Bolt endpoint writes parameters into the statement's text unescaped (see
graph.backends.falkordb_params): these tests send hostile names and every character through the
real server and check that nothing they hold ever runs as Cypher.
"""

from __future__ import annotations

from typing import Any

import pytest
from falkordb_support import FalkorDB
from graph_support import action, northshire_plan, org, rec, stored

from graph.backends import falkordb_params
from graph.backends.bolt import BoltBackend
from graph.backends.cypher import dialect
from graph.backends.embedded import EmbeddedBackend
from graph.backends.push import push_graph
from graph.build import build_graph

FALKORDB = dialect("falkordb")
# quotes of both kinds, backslashes (one ending the name), braces, a newline, a comment and
# statements that would delete the graph or add a node if any of it were run
HOSTILE = (
    "O'Neill \"Care\" Trust\\' }) MATCH (n) DETACH DELETE n //\n"
    "{x: 1}' CREATE (:Pwned {by: 'name'}) RETURN 1 AS y; \\"
)


def answer_json(answer: Any) -> Any:
    return [a.to_json() for a in answer] if isinstance(answer, list) else answer.to_json()


def labels_on_server(server: FalkorDB) -> set[str]:
    with server.driver.session() as session:
        return {label for r in session.run("MATCH (n) RETURN labels(n) AS ls") for label in r["ls"]}


def test_a_hostile_name_is_pushed_and_asked_about_unchanged_and_runs_nothing(falkordb: FalkorDB) -> None:
    plan = northshire_plan()
    plan.organisations.append(org(HOSTILE, "NHS trust"))
    plan.recommendations.append(
        rec(
            "3.1",
            f"Ask {HOSTILE} to review its {{referrals}}",
            HOSTILE,
            "Northshire County Council",
            line=40,
            actions=[action(f"Audit by {HOSTILE}", line=41, lead=HOSTILE, timescale="2020-01")],
        )
    )
    g = build_graph([stored(plan)])
    hostile_node = next(n for n, a in g.nodes(data=True) if a.get("label") == HOSTILE)
    falkordb.clear()
    result = push_graph(falkordb.driver, g, FALKORDB)
    assert (result.nodes, result.edges) == (g.number_of_nodes(), g.number_of_edges())
    assert "Pwned" not in labels_on_server(falkordb)
    with falkordb.driver.session() as session:
        query = "MATCH (n:Sgraph {id: $id}) RETURN n.label AS label"
        record = session.run(query, FALKORDB.parameters(query, {"id": hostile_node})).single(strict=True)
    assert record["label"] == HOSTILE

    bolt, embedded = BoltBackend(falkordb.driver, FALKORDB), EmbeddedBackend(lambda: g)
    asked = [
        ("organisation_profile", (HOSTILE,), {}),
        ("dependencies", (HOSTILE,), {}),
        ("shared_accountability", (), {"org": HOSTILE}),
        ("path_between", (HOSTILE, "Northshire Hospitals NHS Trust"), {}),
    ]
    for question, args, kwargs in asked:
        expected = answer_json(getattr(embedded, question)(*args, **kwargs))
        assert answer_json(getattr(bolt, question)(*args, **kwargs)) == expected, question
    assert bolt.organisation_profile(HOSTILE).to_json()["name"] == HOSTILE
    after = push_graph(falkordb.driver, g, FALKORDB)
    assert (after.nodes, after.edges, after.removed_nodes) == (result.nodes, result.edges, 0)
    assert "Pwned" not in labels_on_server(falkordb)


def test_every_character_comes_back_as_sent(falkordb: FalkorDB) -> None:
    """Each character from U+0001 to U+2FFF (and some beyond), alone and after a backslash."""
    chars = [chr(c) for c in range(1, 0x3000) if not 0xD800 <= c < 0xE000]
    chars += ["\U0001f600", "\U0010fffd"]
    texts = [f"a{c}b\\{c}'{c}" for c in chars]
    query = "RETURN $texts AS texts"
    back: list[str] = []
    with falkordb.driver.session() as session:
        for chunk in FALKORDB.chunks(texts, FALKORDB.room(query, {})):
            sent = FALKORDB.parameters(query, {"texts": chunk})
            back += session.run(query, sent).single(strict=True)["texts"]
    assert back == texts


@pytest.mark.parametrize(
    "params",
    [
        {"text": "cut\x00short"},
        {"number": 1e-9},
        {"rows": [{"not a key": 1}]},
        {"text": "x" * 5000},
    ],
    ids=["nul", "float", "map-key", "too-long"],
)
def test_what_falkordb_would_change_or_crash_on_is_refused_before_sending(
    falkordb: FalkorDB, params: dict[str, Any]
) -> None:
    query = "RETURN $text AS v"
    with pytest.raises(falkordb_params.UnsendableValue):
        FALKORDB.parameters(query, params)
    with falkordb.driver.session() as session:  # the server is still up
        assert session.run("RETURN 1 AS one").single(strict=True)["one"] == 1


def test_neo4j_receives_every_value_untouched() -> None:
    params = {"text": HOSTILE, "rows": [{"t": "'", "n": 1e-9}], "nul": "a\x00b"}
    assert dialect("neo4j5").parameters("RETURN $text", params) is params


def test_falkordb_receives_strings_as_literal_text() -> None:
    params = {"text": "it's \\ here", "rows": [{"t": "'"}], "n": 2, "flag": True, "none": None}
    assert FALKORDB.parameters("RETURN 1", params) == {
        "text": "it\\'s \\\\ here",
        "rows": [{"t": "\\'"}],
        "n": 2,
        "flag": True,
        "none": None,
    }
