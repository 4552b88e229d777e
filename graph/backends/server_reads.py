"""Reading from a Bolt server: statements run with parameters, and subgraphs rebuilt in the
embedded graph's order (``ord``), so that :mod:`graph.queries` words answers from them alike."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import neo4j
import networkx as nx

from graph.backends import cypher
from graph.backends import cypher_questions as asked
from graph.model import EdgeType
from graph.queries.walk import Graph

T = TypeVar("T")


class ServerReader:
    """Runs read statements on the server ``driver`` talks to and keeps answers per push."""

    def __init__(self, driver: neo4j.Driver, dialect: cypher.Dialect, database: str | None = None) -> None:
        self.driver = driver
        self.dialect = dialect
        self.database = dialect.database(database)
        self._lock = threading.Lock()
        self._held: dict[Any, tuple[str, Any]] = {}

    def read(self, query: str, **params: Any) -> list[neo4j.Record]:
        sent = self.dialect.parameters(query, params)

        def read(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
            return list(tx.run(query, sent))

        with self.driver.session(database=self.database) as session:
            return session.execute_read(read)

    def read_for(self, query: str, ids: Iterable[str], **params: Any) -> list[neo4j.Record]:
        """``query`` run for the ``$ids`` given, in as many statements as the dialect needs."""
        room = self.dialect.room(query, params)
        return [
            r for chunk in self.dialect.chunks(list(ids), room) for r in self.read(query, ids=chunk, **params)
        ]

    def ids(self, query: str, **params: Any) -> list[str]:
        return [r["id"] for r in self.read(query, **params)]

    def follow(self, ids: Iterable[str], *edges: EdgeType, backwards: bool = False) -> list[str]:
        """The nodes reached from ``ids`` over edges of the given types (into ``ids`` if ``backwards``)."""
        types = [cypher.relationship_of(e) for e in edges]
        query = asked.FOLLOW_IN if backwards else asked.FOLLOW_OUT
        return list(dict.fromkeys(r["id"] for r in self.read_for(query, ids, types=types)))

    def neighbours(self, ids: Iterable[str], types: Iterable[str]) -> list[str]:
        """The nodes of ``types`` one link away from ``ids``, either way."""
        found = self.read_for(asked.NEIGHBOURS, ids, types=sorted(types))
        return list(dict.fromkeys(r["id"] for r in found))

    def subgraph(self, ids: Iterable[str] = (), types: Iterable[str] = ()) -> Graph:
        """The nodes with the given ids or of the given types, and every edge among them."""
        kinds = list(types)
        nodes = {r["id"]: r for r in self.read(cypher.NODES_BY_TYPE, types=kinds)} if kinds else {}
        wanted = [i for i in dict.fromkeys(ids) if i not in nodes]
        nodes.update((r["id"], r) for r in self.read_for(cypher.NODES_BY_ID, wanted))
        edges = (
            {(r["u"], r["v"], r["key"]): r for r in self.read(cypher.EDGES_BETWEEN_TYPES, types=kinds)}
            if kinds
            else {}
        )
        for record in self.read_for(cypher.EDGES_FROM, wanted):
            if record["v"] in nodes:
                edges[record["u"], record["v"], record["key"]] = record
        return _graph(nodes.values(), edges.values())

    def per_push(self, key: Any, fetch: Callable[[], T]) -> T:
        """``fetch()``, kept until the next push (each push records its id on the server)."""
        pushed = self.read(cypher.LAST_PUSH)
        push = pushed[0]["push"] if pushed else None
        with self._lock:
            held = self._held.get(key)
        if push is not None and held is not None and held[0] == push:
            return held[1]
        found = fetch()
        if push is not None:
            with self._lock:
                self._held = {k: v for k, v in self._held.items() if v[0] == push}
                self._held[key] = (push, found)
        return found


def _graph(nodes: Iterable[neo4j.Record], edges: Iterable[neo4j.Record]) -> Graph:
    """Rebuild a subgraph in the embedded graph's order, so answers list things in the same order."""
    g: Graph = nx.MultiDiGraph()
    for record in sorted(nodes, key=lambda r: r["ord"]):
        g.add_node(record["id"], **json.loads(record["attributes"]))
    for record in sorted(edges, key=lambda r: r["ord"]):
        g.add_edge(record["u"], record["v"], key=record["key"], **json.loads(record["attributes"]))
    return g
