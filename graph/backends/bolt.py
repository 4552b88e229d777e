"""The questions asked of a Neo4j 5 or FalkorDB server over Bolt (``sgraph serve --backend bolt://...``).

The server holds the graph ``sgraph push`` wrote. For each question the server selects, with
parameterised Cypher (:mod:`graph.backends.cypher_questions`), the facts the answer is about;
only those and the facts around them are read back, in the embedded graph's own order (``ord``),
and the answer is worded by the same function of :mod:`graph.queries` the embedded backend
calls, so both backends answer alike, sources included.

* shared accountability: the recommendations with enough owners (of the area, addressed to the
  organisation), then their owners, actions, leads and assurance bodies;
* recurring themes: the server counts each theme's areas and selects the themes and what raises them;
* dependencies and an organisation's profile: the organisation's recommendations and the
  actions it owns (leads, through its posts too, or is concerned by), its commissioners and
  providers, the recommendations cross-referenced from and to them (and every recommendation a
  cross-reference chain reaches, for the cycles);
* gaps: the server picks recommendations without an action, actions that may lack a lead,
  assurance or timescale or be overdue, and organisations that may do no work of their own;
  the embedded function decides on their facts (a due month's last day, the sole-addressee rule);
* the path between two organisations: the server gives the breadth-first levels around each
  (FalkorDB's ``shortestPath`` follows edge direction only), until the two meet; the path is
  chosen among those nodes as the embedded graph chooses it;
* co-accountability: the server counts the recommendations each pair of organisations shares;
  betweenness and the Louvain communities are computed on those pairs in Python (algorithms
  neither server offers in the Cypher both accept).

Answers over the whole graph (gaps, co-accountability, the names questions resolve) are kept
until the next push (each push records its id on the server).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import neo4j
import networkx as nx

from graph import queries
from graph.backends import cypher
from graph.backends import cypher_questions as asked
from graph.backends.server_reads import ServerReader
from graph.model import EdgeType, NodeType
from graph.queries.coaccountability import network_co_accountability
from graph.queries.dependencies import PATH_TYPES
from graph.queries.gaps import KINDS
from graph.queries.walk import Graph, natural_key

NAMES = [NodeType.ORGANISATION.value, NodeType.AREA.value]
IDLE_ORGANISATION = KINDS[4]  # "organisation without own action"
DRIVER_TIMEOUT = 60.0  # the driver's own default wait for a connection, in seconds
# the facts around an item that its answer words: owners, leads, officers, assurance, concerns
AROUND = (
    EdgeType.ADDRESSED_TO,
    EdgeType.LED_BY,
    EdgeType.RESPONSIBLE_OFFICER,
    EdgeType.ASSURED_BY,
    EdgeType.CONCERNS,
)


class BoltBackend:
    """Answers the questions from the graph pushed to the server ``driver`` talks to."""

    def __init__(self, driver: neo4j.Driver, dialect: cypher.Dialect, database: str | None = None) -> None:
        self.server = ServerReader(driver, dialect, database)

    def _names(self) -> Graph:
        """Organisations and areas, which names are resolved among (once per push)."""
        return self.server.per_push("names", lambda: self.server.subgraph(types=NAMES))

    def _around(self, items: Iterable[str]) -> list[str]:
        """Recommendations, findings and actions with the facts their answers word: their
        actions, the recommendation or finding an action answers, addressees, leads (and the
        organisations of lead posts), responsible officers, assurance bodies (and the boards
        they belong to) and the organisations concerned."""
        held = list(dict.fromkeys(items))
        actions = self.server.follow(held, EdgeType.ADDRESSED_BY_ACTION)
        owners = self.server.follow([*held, *actions], EdgeType.ADDRESSED_BY_ACTION, backwards=True)
        held = list(dict.fromkeys([*held, *actions, *owners]))
        around = self.server.follow(held, *AROUND)
        beyond = self.server.follow(around, EdgeType.PART_OF)
        return list(dict.fromkeys([*held, *around, *beyond]))

    def _own_work(self, org: str) -> tuple[list[str], list[str], list[str]]:
        """(recommendations addressed to ``org``, its posts and bodies, the actions and findings
        it leads, through its posts too, or is concerned by)."""
        addressed = self.server.follow([org], EdgeType.ADDRESSED_TO, backwards=True)
        posts = self.server.follow([org], EdgeType.PART_OF, backwards=True)
        acting = self.server.follow([org], EdgeType.LED_BY, EdgeType.CONCERNS, backwards=True)
        acting += self.server.follow(posts, EdgeType.LED_BY, backwards=True)
        return addressed, posts, list(dict.fromkeys(acting))

    def _commissioning(self, org: str) -> list[str]:
        return [
            *self.server.follow([org], EdgeType.COMMISSIONS),
            *self.server.follow([org], EdgeType.COMMISSIONS, backwards=True),
        ]

    # --- the questions ---------------------------------------------------------------------

    def shared_accountability(
        self, org: str | None = None, area: str | None = None, min_orgs: int | None = None
    ) -> list[queries.AccountableRecommendation]:
        names = self._names()
        org_node = queries.resolve_organisation(names, org) if org else None
        area_node = queries.resolve_area(names, area) if area else None
        least = min_orgs if min_orgs is not None else (1 if org_node else 2)
        area_name = names.nodes[area_node]["label"] if area_node else None
        recs = self.server.ids(asked.SHARED_RECOMMENDATIONS, least=least, area=area_name, org=org_node)
        named = [n for n in (org_node, area_node) if n]
        sub = self.server.subgraph([*named, *self._around(recs)])
        return queries.shared_accountability(sub, org=org_node, area=area_node, min_orgs=min_orgs)

    def co_accountability(self, seed: int = 0) -> queries.CoAccountability:
        return self.server.per_push(
            ("co-accountability", seed), lambda: network_co_accountability(self._network(), seed)
        )

    def _network(self) -> nx.Graph:
        """Organisations (by name) linked by the recommendations they share, counted on the server."""
        network = nx.Graph()
        network.add_nodes_from(sorted(r["name"] for r in self.server.read(asked.ADDRESSED_ORGANISATIONS)))
        shared: dict[tuple[str, str], list[list[Any]]] = {}
        for row in self.server.read(asked.ORGANISATION_PAIRS):
            first, second = sorted((row["first"], row["second"]))
            shared.setdefault((first, second), []).extend(row["recommendations"])
        for (first, second), recs in sorted(shared.items()):
            # [id, area, review, number, label], in the embedded graph's item order
            recs.sort(key=lambda r: (r[1] or "", r[2] or "", natural_key(r[3]), r[0]))
            names = [f"{r[1] or ''} {r[3] or r[4] or r[0]}".strip() for r in recs]
            network.add_edge(first, second, weight=len(recs), recommendations=names)
        return network

    def recurring_themes(self, min_areas: int = 1) -> list[queries.ThemeSummary]:
        found = self.server.read(asked.THEMED_ITEMS, min_areas=min_areas)
        ids = [i for record in found for i in [record["theme"], *record["items"]]]
        # the years of what raises a theme come from its review and its documents
        context = [NodeType.REVIEW.value, NodeType.SOURCE_DOCUMENT.value]
        return queries.recurring_themes(self.server.subgraph(ids, context), min_areas=min_areas)

    def dependencies(self, org: str) -> queries.Dependencies:
        node = queries.resolve_organisation(self._names(), org)
        addressed, _, acting = self._own_work(node)
        recs = [*addressed, *self.server.follow(acting, EdgeType.ADDRESSED_BY_ACTION, backwards=True)]
        referred = self.server.follow(recs, EdgeType.REFERS_TO)
        referring = self.server.follow(recs, EdgeType.REFERS_TO, backwards=True)
        chained = set(referred)  # every recommendation a chain of references reaches: the cycles
        fringe = list(referred)
        while fringe:
            fringe = [r for r in self.server.follow(fringe, EdgeType.REFERS_TO) if r not in chained]
            chained.update(fringe)
        around = self._around([*recs, *acting, *referred])
        sub = self.server.subgraph([node, *self._commissioning(node), *around, *referring, *sorted(chained)])
        return queries.dependencies(sub, node)

    def path_between(self, org_a: str, org_b: str) -> list[queries.Hop]:
        names = self._names()
        a, b = queries.resolve_organisation(names, org_a), queries.resolve_organisation(names, org_b)
        return queries.path_between(self.server.subgraph(self._levels_between(a, b)), a, b)

    def _levels_between(self, a: str, b: str) -> list[str]:
        """The nodes within the two organisations' distance of either (every node the embedded
        breadth-first search can look at), or one's whole component when nothing links them."""
        depth: tuple[dict[str, int], dict[str, int]] = ({a: 0}, {b: 0})
        fringe = ([a], [b])
        met = a == b
        while not met and fringe[0] and fringe[1]:
            side = 0 if len(fringe[0]) <= len(fringe[1]) else 1
            fringe[side][:] = self._level(fringe[side], depth[side])
            met = any(n in depth[1 - side] for n in fringe[side])
        if met:
            distance = min(d + depth[1][n] for n, d in depth[0].items() if n in depth[1])
            for side in (0, 1):
                while fringe[side] and max(depth[side].values()) < distance:
                    fringe[side][:] = self._level(fringe[side], depth[side])
        return list(dict.fromkeys([*depth[0], *depth[1]]))

    def _level(self, fringe: list[str], depth: dict[str, int]) -> list[str]:
        reached = depth[fringe[0]] + 1
        found = [n for n in self.server.neighbours(fringe, PATH_TYPES) if n not in depth]
        depth.update(dict.fromkeys(found, reached))
        return found

    def gaps(self, as_of: date | None = None) -> queries.GapReport:
        today = as_of or date.today()
        return self.server.per_push(("gaps", today), lambda: self._gaps(today))

    def _gaps(self, today: date) -> queries.GapReport:
        recs = self.server.ids(asked.RECOMMENDATIONS_WITHOUT_ACTION)
        actions = self.server.ids(asked.ACTION_GAP_CANDIDATES, as_of=today.isoformat())
        idle = self.server.ids(asked.ORGANISATIONS_WITHOUT_OWN_WORK)
        addressed = self.server.follow(idle, EdgeType.ADDRESSED_TO, backwards=True)
        sub = self.server.subgraph([*idle, *self._around([*recs, *actions, *addressed])])
        report = queries.gaps(sub, as_of=today)
        # other organisations read back here may act on facts that were not: only the candidates count
        candidates = set(idle)
        items = tuple(i for i in report.items if i.kind != IDLE_ORGANISATION or i.node in candidates)
        return queries.GapReport(as_of=report.as_of, items=items)

    def organisation_profile(self, name: str) -> queries.OrganisationProfile:
        node = queries.resolve_organisation(self._names(), name)
        addressed, posts, acting = self._own_work(node)
        around = self._around([*addressed, *acting])
        sub = self.server.subgraph([node, *posts, *self._commissioning(node), *around])
        return queries.organisation_profile(sub, node)


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
