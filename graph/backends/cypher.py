"""The Cypher the Bolt backend sends, and how graph nodes and edges become Bolt properties.

Every statement here is a constant: values travel only as parameters, and the labels and
relationship types written into statements come only from :class:`graph.model.NodeType` and
:class:`graph.model.EdgeType` (:func:`label_of`, :func:`relationship_of` refuse anything else).

The statements are the Cypher that Neo4j 5 and FalkorDB both accept (tests/test_bolt_dialect.py
lists the constructs that differ and checks every statement). Where the two differ, the
:class:`Dialect` says so; two differences meet a statement or its parameters:

* **indexes**: Neo4j 5 takes a named uniqueness constraint with ``IF NOT EXISTS`` (which also
  indexes ``id``); FalkorDB takes only ``CREATE INDEX FOR (n:L) ON (n.id)``, with no
  ``IF NOT EXISTS`` and an error when the index exists, so its indexes are listed first;
* **parameters**: FalkorDB writes them into the statement's text (see
  :mod:`graph.backends.falkordb_params`), so they are sent in the form it reads back exactly.

Two more differences shape the design rather than a statement: FalkorDB runs ``shortestPath``
only as an expression (``WITH shortestPath((a)-[*]->(b)) AS p``) and only along edge direction,
so for the undirected "how are two organisations linked" question the server gives breadth-first
levels and the path is chosen in Python; and FalkorDB accepts ``BEGIN``/``ROLLBACK`` over Bolt
but does not undo anything, so a push there is not all-or-nothing (on Neo4j 5 it is one
transaction).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from graph.backends import falkordb_params
from graph.model import EdgeType, NodeType

# Every node pushed carries this label besides its type, so statements touch only what sgraph wrote
# (a shared database may hold other data) and one index on ``id`` serves every lookup.
MARKER = "Sgraph"

# Property names the push writes itself; a graph attribute of the same name is kept only in ``attributes``.
RESERVED = frozenset({"id", "ord", "push", "source_documents", "attributes"})

DIALECTS = ("neo4j5", "falkordb")


@dataclass(frozen=True)
class Dialect:
    """What differs between the servers: how the ``id`` index is made, FalkorDB's parameters,
    its lost handshakes (see :func:`graph.backends.bolt.connect`) and databases.

    FalkorDB's Bolt endpoint (4.16) writes the parameters into a text header in front of the
    statement, unescaped, in a 4 KB buffer (:mod:`graph.backends.falkordb_params` says what was
    measured). So for FalkorDB each parameter is sent in the form that header reads back
    exactly (:meth:`parameters`), and statements are kept under :attr:`statement_bytes` (lists
    of rows or ids are split, long values written in pieces).
    """

    name: str

    @property
    def handshake_seconds(self) -> float | None:
        """How long to wait for a connection before trying another (None: the driver's default)."""
        return 5.0 if self.name == "falkordb" else None

    @property
    def connect_attempts(self) -> int:
        return 3 if self.name == "falkordb" else 1

    @property
    def statement_bytes(self) -> int | None:
        """The largest statement text plus written parameters to send, or None for no limit."""
        return falkordb_params.HEADER_LIMIT if self.name == "falkordb" else None

    def parameters(self, statement: str, params: dict[str, Any]) -> dict[str, Any]:
        """``params`` as the driver must send them with ``statement``."""
        return falkordb_params.prepared(statement, params) if self.name == "falkordb" else params

    def database(self, name: str | None) -> str | None:
        """The database to use; FalkorDB takes a graph name only outside transactions, which every
        push and question uses, so it refuses one rather than silently use its default graph."""
        if name is not None and self.name == "falkordb":
            raise ValueError(
                "FalkorDB's Bolt endpoint ignores the database inside transactions: leave it out"
            )
        return name

    def index_statements(self, existing: set[tuple[str, str]]) -> list[str]:
        """Statements that make the ``id`` index, given the (label, property) indexes that exist."""
        if self.name == "neo4j5":
            return [f"CREATE CONSTRAINT sgraph_id IF NOT EXISTS FOR (n:{MARKER}) REQUIRE n.id IS UNIQUE"]
        if (MARKER, "id") in existing:
            return []
        return [f"CREATE INDEX FOR (n:{MARKER}) ON (n.id)"]

    @property
    def lists_indexes(self) -> str | None:
        """The statement that lists indexes as (label, properties) rows, when the dialect needs them."""
        return None if self.name == "neo4j5" else "CALL db.indexes() YIELD label, properties"

    def size(self, value: Any) -> int:
        """How many bytes ``value`` takes once written into FalkorDB's header."""
        return falkordb_params.written_bytes(falkordb_params.encoded(value))

    def room(self, statement: str, params: dict[str, Any]) -> int:
        """Bytes left for one more list parameter beside ``statement`` and ``params``."""
        limit = self.statement_bytes or 0
        return limit - falkordb_params.header_bytes(statement, falkordb_params.encoded(params)) - 16

    def chunks(self, values: list[Any], room: int) -> list[list[Any]]:
        """``values`` split into lists each taking at most ``room`` bytes (one list without a limit)."""
        if self.statement_bytes is None:
            return [values] if values else []
        found: list[list[Any]] = []
        used = room
        for value in values:
            size = self.size(value) + 2
            if used + size > room and (not found or found[-1]):
                found.append([])
                used = 0
            found[-1].append(value)
            used += size
        return found


def pieces(text: str, room: int) -> list[str]:
    """A long text cut into consecutive parts that each fit in ``room`` bytes of a statement."""
    step = max(1, room // 8)  # a character takes at most 4 bytes, and its escape doubles that
    return [text[start : start + step] for start in range(0, len(text), step)]


def dialect(name: str) -> Dialect:
    if name not in DIALECTS:
        raise ValueError(f"unknown Cypher dialect {name!r}: use one of {', '.join(DIALECTS)}")
    return Dialect(name)


def label_of(node_type: str) -> str:
    """The node label for a node type; only the fixed vocabulary passes."""
    return NodeType(node_type).value


def relationship_of(edge_type: str) -> str:
    return EdgeType(edge_type).value


# --- writing ---------------------------------------------------------------------------------


def merge_nodes(node_type: str) -> str:
    return (
        f"UNWIND $rows AS row MERGE (n:{MARKER} {{id: row.id}}) SET n = row.props SET n:{label_of(node_type)}"
    )


def append_to_node(name: str) -> str:
    """Adds ``$part`` to the end of a node's text or list property (a value too long to send whole)."""
    return f"MATCH (n:{MARKER} {{id: $id}}) SET n.{_property(name)} = n.{_property(name)} + $part"


def append_to_edge(edge_type: str, name: str) -> str:
    prop = _property(name)
    return (
        f"MATCH (:{MARKER} {{id: $u}})-[r:{relationship_of(edge_type)}]->(:{MARKER} {{id: $v}}) "
        f"SET r.{prop} = r.{prop} + $part"
    )


_NAME = re.compile(r"[a-z][a-z0-9_]*")


def _property(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a property name sgraph writes: {name!r}")
    return name


def merge_edges(edge_type: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{MARKER} {{id: row.u}}) MATCH (b:{MARKER} {{id: row.v}}) "
        f"MERGE (a)-[r:{relationship_of(edge_type)}]->(b) SET r = row.props"
    )


# A push stamps everything it writes; what carries another stamp is no longer in the graph.
DELETE_STALE_EDGES = f"MATCH (:{MARKER})-[r]->(:{MARKER}) WHERE r.push <> $push DELETE r"
DELETE_STALE_NODES = f"MATCH (n:{MARKER}) WHERE n.push <> $push DETACH DELETE n"
# The id of the last complete push, on a node of its own: readers keep what they fetched while it holds.
STATE = "SgraphState"
MARK_PUSHED = f"MERGE (s:{STATE} {{id: 'graph'}}) SET s.push = $push"
LAST_PUSH = f"MATCH (s:{STATE} {{id: 'graph'}}) RETURN s.push AS push"
COUNT_NODES = f"MATCH (n:{MARKER}) RETURN count(n) AS count"
COUNT_EDGES = f"MATCH (:{MARKER})-[r]->(:{MARKER}) RETURN count(r) AS count"


def sources_of(attrs: dict[str, Any]) -> list[str]:
    """The ids of the documents a node or edge was read from."""
    return sorted({s["document"] for s in attrs.get("source", ()) if s.get("document")})


def properties(element_id: str | None, attrs: dict[str, Any], order: int, push: str) -> dict[str, Any]:
    """Bolt properties of a node (``element_id`` set) or an edge.

    ``attributes`` holds every graph attribute as JSON, so the graph read back is the graph
    pushed (Bolt properties cannot hold maps, lists of maps or nulls); plain text, numbers,
    flags and lists of text are also copied to properties of their own for Cypher to filter on.
    ``ord`` is the position in the embedded graph's order, which the questions' answers follow.
    """
    props: dict[str, Any] = {
        "ord": order,
        "push": push,
        "source_documents": sources_of(attrs),
        "attributes": json.dumps(attrs, ensure_ascii=False),
    }
    if element_id is not None:
        props["id"] = element_id
    for name, value in attrs.items():
        if name not in RESERVED and _NAME.fullmatch(name) and _filterable(value):
            props[name] = value
    return props


def _filterable(value: Any) -> bool:
    """Text, numbers, flags and non-empty lists of texts: what Cypher filters on (an absent
    property and an empty list both read as missing, so ``IS NULL`` finds both)."""
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, str) for v in value)
    return isinstance(value, str | int | float | bool)


# --- reading ---------------------------------------------------------------------------------

NODES_BY_ID = (
    f"MATCH (n:{MARKER}) WHERE n.id IN $ids RETURN n.id AS id, n.ord AS ord, n.attributes AS attributes"
)
NODES_BY_TYPE = (
    f"MATCH (n:{MARKER}) WHERE n.type IN $types RETURN n.id AS id, n.ord AS ord, n.attributes AS attributes"
)
EDGES_FROM = (
    f"MATCH (a:{MARKER})-[r]->(b:{MARKER}) WHERE a.id IN $ids "
    "RETURN a.id AS u, b.id AS v, type(r) AS key, r.ord AS ord, r.attributes AS attributes"
)
EDGES_BETWEEN_TYPES = (
    f"MATCH (a:{MARKER})-[r]->(b:{MARKER}) WHERE a.type IN $types AND b.type IN $types "
    "RETURN a.id AS u, b.id AS v, type(r) AS key, r.ord AS ord, r.attributes AS attributes"
)
