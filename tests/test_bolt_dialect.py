"""Every Cypher statement sgraph sends is in the subset Neo4j 5 and FalkorDB both accept.

No Neo4j server can run here, so the common subset is checked two ways: each statement is
searched for the constructs known to differ between the two servers (DIFFERENCES, with what
each server does), and FalkorDB runs every statement for real. The one dialect switch
(graph.backends.cypher.Dialect) is compared between the two servers: it differs only where
DIALECT_DIFFERENCES says.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from falkordb_support import FalkorDB

from graph.backends import cypher
from graph.backends import cypher_questions as asked
from graph.backends.cypher import dialect
from graph.model import EdgeType, NodeType

# construct -> why it is kept out of the shared statements
DIFFERENCES: dict[str, str] = {
    r"\bEXISTS\s*\{": "existential subquery: Neo4j 5 only",
    r"\bCOUNT\s*\{": "count subquery: Neo4j 5 only",
    r"\bCOLLECT\s*\{": "collect subquery: Neo4j 5 only",
    r"\bCALL\s*\{": "unit subquery: Neo4j 5 only",
    r"\bCALL\s+(db|dbms|algo|apoc|gds)\.": "procedures differ (FalkorDB db.*, algo.*; Neo4j dbms.*)",
    r"\bexists\s*\(": "exists() on properties was removed in Neo4j 5",
    r"\bsize\s*\(\s*\(": "size() of a pattern was removed in Neo4j 5",
    r"\b(shortestPath|allShortestPaths)\b": "FalkorDB: shortestPath only as an expression, directed",
    r"\b(elementId|id)\s*\(": "Neo4j 5 deprecates id(); FalkorDB has no elementId()",
    r"\b(CREATE|DROP)\s+(INDEX|CONSTRAINT)\b": "index statements differ: Dialect.index_statements only",
    r"\bIF\s+(NOT\s+)?EXISTS\b": "IF NOT EXISTS: Neo4j 5 only",
    r"\bSHOW\b": "SHOW commands: Neo4j 5 only",
    r"\bUSE\b": "USE database: Neo4j 5 only (FalkorDB names the graph outside the statement)",
    r"\bvecf32\b|\bvector\.": "vectors differ",
    r"\bLOAD\s+CSV\b": "file access differs and is never needed",
    r"\bFOREACH\b": "not needed; kept out as FalkorDB's support is partial",
}


def statements() -> dict[str, str]:
    """Every statement the push and the questions send (the index statements aside)."""
    found: dict[str, str] = {}
    for module in (cypher, asked):
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, str) and re.search(r"\b(MATCH|MERGE)\b", value):
                found[f"{module.__name__}.{name}"] = value
    for node_type in NodeType:
        found[f"merge_nodes({node_type.value})"] = cypher.merge_nodes(node_type.value)
    for edge_type in EdgeType:
        found[f"merge_edges({edge_type.value})"] = cypher.merge_edges(edge_type.value)
        found[f"append_to_edge({edge_type.value})"] = cypher.append_to_edge(edge_type.value, "text")
    found["append_to_node"] = cypher.append_to_node("text")
    return found


STATEMENTS = statements()


def test_every_statement_is_found() -> None:
    """The collection above misses nothing: the questions' and the push's statements are in it."""
    assert len([n for n in STATEMENTS if n.startswith("graph.backends.cypher_questions.")]) >= 10
    for name in ("MARK_PUSHED", "DELETE_STALE_NODES", "NODES_BY_ID", "EDGES_FROM"):
        assert f"graph.backends.cypher.{name}" in STATEMENTS


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_a_statement_avoids_what_only_one_server_accepts(name: str) -> None:
    statement = STATEMENTS[name]
    used = [why for construct, why in DIFFERENCES.items() if re.search(construct, statement)]
    assert not used, f"{name}: {used}"


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_a_node_tested_by_a_pattern_is_matched_with_one_label(name: str) -> None:
    """FalkorDB 4.16 crashed on ``MATCH (r:A:B) WHERE NOT (r)-[:x]->()`` (see cypher_questions)."""
    statement = STATEMENTS[name]
    for variable in re.findall(r"\((\w+)\)-", statement) + re.findall(r"-\((\w+)\)", statement):
        if re.search(r"\bWHERE\b[^;]*\(" + variable + r"\)", statement):
            assert not re.search(r"\(" + variable + r":\w+:\w+", statement), f"{name}: {variable}"


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_values_reach_a_statement_only_as_parameters(name: str) -> None:
    """No statement holds a quoted value but the fixed id of the push-state node."""
    literals = re.findall(r"'[^']*'", STATEMENTS[name])
    assert set(literals) <= {"'graph'", "''", "'completed'"}, literals


# what each dialect says differently, and why (the rest of Dialect must be the same for both)
DIALECT_DIFFERENCES = {
    "index_statements": "Neo4j 5: a named uniqueness constraint IF NOT EXISTS; FalkorDB: CREATE INDEX, once",
    "lists_indexes": "FalkorDB has no IF NOT EXISTS, so its indexes are listed first",
    "parameters": "FalkorDB writes parameters into the statement's text: sent escaped, checked",
    "statement_bytes": "FalkorDB's Bolt endpoint crashes past a 4,096-byte statement with parameters",
    "room": "follows statement_bytes",
    "chunks": "follows statement_bytes",
    "database": "FalkorDB ignores a database inside transactions: refused",
    "handshake_seconds": "FalkorDB loses a handshake after a GOODBYE: shorter wait, retried",
    "connect_attempts": "follows handshake_seconds",
}


def dialect_answers(name: str) -> dict[str, Any]:
    chosen = dialect(name)
    params = {"text": "it's"}

    def attempt(call: Any) -> Any:
        try:
            return call()
        except ValueError as error:
            return f"refused: {error}"

    return {
        "index_statements": chosen.index_statements(set()),
        "lists_indexes": chosen.lists_indexes,
        "parameters": chosen.parameters("RETURN $text", params),
        "statement_bytes": chosen.statement_bytes,
        "room": chosen.room("RETURN $ids", {}),
        "chunks": chosen.chunks(["a" * 3000, "b" * 3000], 4000),
        "database": attempt(lambda: chosen.database("north")),
        "database (none)": chosen.database(None),
        "handshake_seconds": chosen.handshake_seconds,
        "connect_attempts": chosen.connect_attempts,
        "size": chosen.size(["a", 1]),
    }


def test_the_dialects_differ_only_where_documented() -> None:
    neo4j, falkordb = dialect_answers("neo4j5"), dialect_answers("falkordb")
    public = {n for n in dir(cypher.Dialect) if not n.startswith("_")} - {"name"}
    assert public <= {*neo4j, "size"}, "a Dialect member is not compared here"
    differing = {name for name in neo4j if neo4j[name] != falkordb[name]}
    assert differing == set(DIALECT_DIFFERENCES)


SAMPLE_PARAMETERS = {
    "ids": ["Organisation:nowhere"],
    "types": ["Organisation"],
    "least": 2,
    "area": None,
    "org": None,
    "min_areas": 1,
    "as_of": "2020-01-01",
    "push": "none",
    "rows": [],
    "id": "Organisation:nowhere",
    "u": "a",
    "v": "b",
    "part": "",
}


@pytest.mark.parametrize(
    "name", sorted(n for n in STATEMENTS if "DELETE" not in n and "MARK_PUSHED" not in n)
)
def test_falkordb_runs_every_statement(falkordb: FalkorDB, name: str) -> None:
    statement = STATEMENTS[name]
    wanted = set(re.findall(r"\$(\w+)", statement))
    params = {k: v for k, v in SAMPLE_PARAMETERS.items() if k in wanted}
    assert set(params) == wanted, f"no sample value for {wanted - set(params)}"
    chosen = dialect("falkordb")
    with falkordb.driver.session() as session:
        session.run(statement, chosen.parameters(statement, params)).consume()
