"""Write the graph to a Bolt server (Neo4j 5 or FalkorDB): ``sgraph push``.

Nodes are merged on ``id`` and edges on (start, type, end) in batches of ``UNWIND $rows AS row
MERGE ...``, so pushing the same graph twice leaves the same graph. Every node and edge written
is stamped with the push's id; what still carries an older stamp afterwards (the facts of a
document since changed or removed) is deleted. Each node and edge also keeps the ids of the
documents it was read from (``source_documents``).

On Neo4j 5 the whole push is one transaction. FalkorDB does not undo a transaction over Bolt,
so there a push interrupted half-way leaves old and new facts side by side until the next push.
"""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import neo4j

from graph.backends import cypher
from graph.queries.walk import Graph

BATCH = 500

Progress = Callable[[int, int], None]
Row = dict[str, Any]


@dataclass(frozen=True)
class PushResult:
    """What the server holds after a push, and what the push removed."""

    nodes: int
    edges: int
    removed_nodes: int
    removed_edges: int


def ensure_indexes(session: neo4j.Session, dialect: cypher.Dialect) -> None:
    existing: set[tuple[str, str]] = set()
    if dialect.lists_indexes:
        for record in session.run(dialect.lists_indexes):
            existing.update((record["label"], prop) for prop in record["properties"])
    for statement in dialect.index_statements(existing):
        session.run(statement).consume()


def _rows(g: Graph, push: str) -> tuple[dict[str, list[Row]], dict[str, list[Row]]]:
    """Node rows by node type and edge rows by edge type, each with its place in the graph's order."""
    nodes: dict[str, list[Row]] = defaultdict(list)
    for order, (node, attrs) in enumerate(g.nodes(data=True)):
        nodes[attrs["type"]].append({"id": node, "props": cypher.properties(node, attrs, order, push)})
    edges: dict[str, list[Row]] = defaultdict(list)
    for order, (u, v, key, attrs) in enumerate(g.edges(keys=True, data=True)):
        edges[key].append({"u": u, "v": v, "props": cypher.properties(None, attrs, order, push)})
    return nodes, edges


class _Writer:
    """Runs statements in one transaction, within the dialect's statement size."""

    def __init__(self, tx: neo4j.Transaction, dialect: cypher.Dialect) -> None:
        self.tx = tx
        self.dialect = dialect

    def run(self, query: str, **params: Any) -> neo4j.ResultSummary:
        return self.tx.run(query, self.dialect.parameters(query, params)).consume()

    def rows(self, query: str, rows: list[Row], append: Callable[[str], str]) -> Iterator[int]:
        """Merge ``rows`` in batches; yields how many each batch wrote.

        A row too long for one statement is merged with its longest values emptied, then each
        is added back in pieces with the ``append(property)`` statement.
        """
        if self.dialect.statement_bytes is None:
            for start in range(0, len(rows), BATCH):
                self.run(query, rows=rows[start : start + BATCH])
                yield len(rows[start : start + BATCH])
            return
        room = self.dialect.room(query, {})
        fitting = [r for r in rows if self.dialect.size(r) <= room]
        for chunk in self.dialect.chunks(fitting, room):
            self.run(query, rows=chunk)
            yield len(chunk)
        for row in (r for r in rows if self.dialect.size(r) > room):
            short, long = self._shortened(row, room)
            self.run(query, rows=[short])
            keys = {k: v for k, v in row.items() if k != "props"}
            for name, value in long.items():
                statement = append(name)
                space = self.dialect.room(statement, keys)
                parts = (
                    cypher.pieces(value, space)
                    if isinstance(value, str)
                    else self.dialect.chunks(value, space)
                )
                for part in parts:
                    self.run(statement, part=part, **keys)
            yield 1

    def _shortened(self, row: Row, room: int) -> tuple[Row, dict[str, Any]]:
        """The row with its longest text and list values emptied until it fits, and those values."""
        props = dict(row["props"])
        long: dict[str, Any] = {}
        by_size = sorted(
            (n for n, v in props.items() if isinstance(v, str | list)),
            key=lambda n: -self.dialect.size(props[n]),
        )
        for name in by_size:
            if self.dialect.size({**row, "props": props}) <= room:
                break
            long[name] = props[name]
            props[name] = "" if isinstance(props[name], str) else []
        return {**row, "props": props}, long


def push_graph(
    driver: neo4j.Driver,
    g: Graph,
    dialect: cypher.Dialect,
    database: str | None = None,
    progress: Progress | None = None,
) -> PushResult:
    """Make the server's sgraph nodes and edges those of ``g``.

    ``progress(done, total)`` is called after each batch, counting nodes and edges written.
    """
    push = uuid.uuid4().hex
    nodes, edges = _rows(g, push)
    total = g.number_of_nodes() + g.number_of_edges()
    done = 0
    with driver.session(database=dialect.database(database)) as session:
        ensure_indexes(session, dialect)
        with session.begin_transaction() as tx:
            writer = _Writer(tx, dialect)
            batches = [
                writer.rows(cypher.merge_nodes(kind), rows, cypher.append_to_node)
                for kind, rows in nodes.items()
            ]
            batches += [
                writer.rows(cypher.merge_edges(kind), rows, functools.partial(cypher.append_to_edge, kind))
                for kind, rows in edges.items()
            ]
            for batch in batches:
                for written in batch:
                    done += written
                    if progress:
                        progress(done, total)
            removed_edges = writer.run(cypher.DELETE_STALE_EDGES, push=push).counters
            removed_nodes = writer.run(cypher.DELETE_STALE_NODES, push=push).counters
            writer.run(cypher.MARK_PUSHED, push=push)
            node_count = tx.run(cypher.COUNT_NODES).single(strict=True)["count"]
            edge_count = tx.run(cypher.COUNT_EDGES).single(strict=True)["count"]
            tx.commit()
    return PushResult(
        nodes=node_count,
        edges=edge_count,
        removed_nodes=removed_nodes.nodes_deleted,
        removed_edges=removed_edges.relationships_deleted + removed_nodes.relationships_deleted,
    )
