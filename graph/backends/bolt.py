"""The questions asked of a Neo4j 5 or FalkorDB server over Bolt (``sgraph serve --backend bolt://...``).

The server holds the graph ``sgraph push`` wrote. Each question finds what it needs with
parameterised Cypher (:mod:`graph.backends.cypher`) and reads back only that subgraph, in the
embedded graph's own order (``ord``); the answer is then shaped by the same function of
:mod:`graph.queries` the embedded backend calls, so both backends answer alike, sources included.

* shared accountability: the server selects the recommendations with enough owners (of the
  area, addressed to the organisation) and the subgraph is their owners, actions, leads and
  assurance bodies;
* recurring themes: the server counts each theme's areas and selects the themes and what
  raises them;
* co-accountability (betweenness, Louvain communities) and the path between two organisations
  are algorithms, not look-ups (FalkorDB has no undirected ``shortestPath``, and ties must break
  as in the embedded graph): they run in Python on the recommendations and organisations, or
  the accountability facts, fetched with Cypher;
* dependencies, gaps and an organisation's profile look at every action's leads and owners,
  so they read the accountability facts (organisations, recommendations, findings, actions,
  roles, assurance bodies and the links between them), not areas, documents or themes.

Those whole-graph reads are kept until the next push (each push records its id on the server),
so they are done once per push, not per question.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import neo4j
import networkx as nx

from graph import queries
from graph.backends import cypher
from graph.model import EdgeType, NodeType
from graph.queries.dependencies import PATH_TYPES
from graph.queries.walk import Graph

ACCOUNTABILITY = sorted(PATH_TYPES)
NAMES = [NodeType.ORGANISATION.value, NodeType.AREA.value]
DRIVER_TIMEOUT = 60.0  # the driver's own default wait for a connection, in seconds


class BoltBackend:
    """Answers the questions from the graph pushed to the server ``driver`` talks to."""

    def __init__(self, driver: neo4j.Driver, dialect: cypher.Dialect, database: str | None = None) -> None:
        self.driver = driver
        self.dialect = dialect
        self.database = dialect.database(database)
        self._lock = threading.Lock()
        self._held: dict[str, tuple[str, Graph]] = {}

    # --- reading ---------------------------------------------------------------------------

    def _read(self, query: str, **params: Any) -> list[neo4j.Record]:
        sent = self.dialect.parameters(query, params)

        def read(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
            return list(tx.run(query, sent))

        with self.driver.session(database=self.database) as session:
            return session.execute_read(read)

    def _read_for(self, query: str, ids: Iterable[str], **params: Any) -> list[neo4j.Record]:
        """``query`` run for the ``$ids`` given, in as many statements as the dialect needs."""
        room = self.dialect.room(query, params)
        return [
            r
            for chunk in self.dialect.chunks(list(ids), room)
            for r in self._read(query, ids=chunk, **params)
        ]

    def _follow(self, ids: Iterable[str], *edges: EdgeType) -> list[str]:
        """The nodes reached from ``ids`` over edges of the given types."""
        types = [cypher.relationship_of(e) for e in edges]
        return list(dict.fromkeys(r["id"] for r in self._read_for(cypher.FOLLOW_OUT, ids, types=types)))

    def _subgraph(self, ids: Iterable[str] = (), types: Iterable[str] = ()) -> Graph:
        """The nodes with the given ids or of the given types, and every edge among them."""
        kinds = list(types)
        nodes = {r["id"]: r for r in self._read(cypher.NODES_BY_TYPE, types=kinds)}
        wanted = [i for i in dict.fromkeys(ids) if i not in nodes]
        nodes.update((r["id"], r) for r in self._read_for(cypher.NODES_BY_ID, wanted))
        edges = {(r["u"], r["v"], r["key"]): r for r in self._read(cypher.EDGES_BETWEEN_TYPES, types=kinds)}
        for record in self._read_for(cypher.EDGES_FROM, wanted):
            if record["v"] in nodes:
                edges[record["u"], record["v"], record["key"]] = record
        return _graph(nodes.values(), edges.values())

    def _per_push(self, name: str, fetch: Callable[[], Graph]) -> Graph:
        """``fetch()``, kept until the next push: the whole-graph reads are done once per push."""
        pushed = self._read(cypher.LAST_PUSH)
        push = pushed[0]["push"] if pushed else None
        with self._lock:
            held = self._held.get(name)
        if push is not None and held is not None and held[0] == push:
            return held[1]
        g = fetch()
        if push is not None:
            with self._lock:
                self._held[name] = (push, g)
        return g

    def _accountability(self) -> Graph:
        return self._per_push("accountability", lambda: self._subgraph(types=ACCOUNTABILITY))

    # --- the questions ---------------------------------------------------------------------

    def shared_accountability(
        self, org: str | None = None, area: str | None = None, min_orgs: int | None = None
    ) -> list[queries.AccountableRecommendation]:
        names = self._subgraph(types=NAMES)
        org_node = queries.resolve_organisation(names, org) if org else None
        area_node = queries.resolve_area(names, area) if area else None
        least = min_orgs if min_orgs is not None else (1 if org_node else 2)
        area_name = names.nodes[area_node]["label"] if area_node else None
        found = self._read(cypher.SHARED_RECOMMENDATIONS, least=least, area=area_name, org=org_node)
        recs = [r["id"] for r in found]
        reached = self._follow(recs, EdgeType.ADDRESSED_TO, EdgeType.ADDRESSED_BY_ACTION)
        led = self._follow(reached, EdgeType.LED_BY, EdgeType.ASSURED_BY)
        sub = self._subgraph([*recs, *reached, *led], NAMES)
        return queries.shared_accountability(sub, org=org_node, area=area_node, min_orgs=min_orgs)

    def co_accountability(self, seed: int = 0) -> queries.CoAccountability:
        types = [NodeType.RECOMMENDATION.value, NodeType.ORGANISATION.value]
        sub = self._per_push("co-accountability", lambda: self._subgraph(types=types))
        return queries.co_accountability(sub, seed=seed)

    def recurring_themes(self, min_areas: int = 1) -> list[queries.ThemeSummary]:
        found = self._read(cypher.THEMED_ITEMS, min_areas=min_areas)
        ids = [i for record in found for i in [record["theme"], *record["items"]]]
        # the years of what raises a theme come from its review and its documents
        context = [NodeType.REVIEW.value, NodeType.SOURCE_DOCUMENT.value]
        return queries.recurring_themes(self._subgraph(ids, context), min_areas=min_areas)

    def dependencies(self, org: str) -> queries.Dependencies:
        return queries.dependencies(self._accountability(), org)

    def path_between(self, org_a: str, org_b: str) -> list[queries.Hop]:
        return queries.path_between(self._accountability(), org_a, org_b)

    def gaps(self, as_of: date | None = None) -> queries.GapReport:
        return queries.gaps(self._accountability(), as_of=as_of)

    def organisation_profile(self, name: str) -> queries.OrganisationProfile:
        return queries.organisation_profile(self._accountability(), name)


def _graph(nodes: Iterable[neo4j.Record], edges: Iterable[neo4j.Record]) -> Graph:
    """Rebuild a subgraph in the embedded graph's order, so answers list things in the same order."""
    g: Graph = nx.MultiDiGraph()
    for record in sorted(nodes, key=lambda r: r["ord"]):
        g.add_node(record["id"], **json.loads(record["attributes"]))
    for record in sorted(edges, key=lambda r: r["ord"]):
        g.add_edge(record["u"], record["v"], key=record["key"], **json.loads(record["attributes"]))
    return g


def connect(
    uri: str, dialect: cypher.Dialect, user: str | None = None, password: str | None = None
) -> neo4j.Driver:
    """A connected driver for ``uri``; no user means no authentication (FalkorDB's default).

    FalkorDB's Bolt endpoint (4.16) loses the handshake of a connection opened soon after
    another client said GOODBYE (as every driver does when it closes): that attempt times out,
    the next one works. So for FalkorDB a connection is given up on after a few seconds and
    tried again (:attr:`Dialect.connect_attempts`); reads are retried by the driver's managed
    transactions.
    """
    auth = (user, password or "") if user else None
    driver = neo4j.GraphDatabase.driver(
        uri, auth=auth, connection_acquisition_timeout=dialect.handshake_seconds or DRIVER_TIMEOUT
    )
    for attempt in range(dialect.connect_attempts):
        try:
            driver.verify_connectivity()
            return driver
        except neo4j.exceptions.ServiceUnavailable:
            if attempt + 1 == dialect.connect_attempts:
                driver.close()
                raise
    return driver
