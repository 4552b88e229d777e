"""What the queries share per graph revision: indexes and answers computed once, on first use.

A graph is not changed once :func:`graph.build.build_graph` has returned it, so anything derived
from it stays true for as long as the graph lives. :func:`graph_index` keeps one
:class:`GraphIndex` per graph (weakly, so it goes with the graph); each part is computed the first
time a query needs it (``functools.cached_property``) and then shared by every query and page: the
nodes of each type, each node's place in the graph's order, each action's organisations, the
gap report of each day, the text index. At national scale (~64k nodes) this turns the
organisation x recommendation loops into lookups.

The number of nodes is checked on every call, so a graph that is still being added to (a test
building one by hand) gets a fresh index rather than a stale one.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from graph.model import EdgeType, NodeType

if TYPE_CHECKING:
    from graph.queries.walk import Graph

T = TypeVar("T")
# answers kept per graph (gap reports of a few days, networks, clusters): the most recent ones
MAX_ANSWERS = 64

_INDEXES: weakref.WeakKeyDictionary[Any, GraphIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


class GraphIndex:
    """Indexes over one graph; see the module docstring."""

    def __init__(self, g: Graph) -> None:
        # weakly: _INDEXES holds this index for as long as the graph lives, so a strong reference
        # back would keep every revision's graph (and its answers) alive for good
        self._graph = weakref.ref(g)
        self.size = g.number_of_nodes()
        self._answers: OrderedDict[Any, Any] = OrderedDict()
        self._answers_lock = threading.Lock()
        self._making: dict[Any, threading.Lock] = {}  # a lock per answer being computed
        self._lasting: dict[Any, Any] = {}
        self._of_nodes: defaultdict[str, dict[str, Any]] = defaultdict(dict)
        # answers made where the graph was built (graph.kept_answers), read on first use
        self._ready: dict[Any, Callable[[Callable[[], Any]], Any]] = {}
        self._ready_of_nodes: dict[str, Callable[[], dict[str, Any]]] = {}

    @property
    def g(self) -> Graph:
        g = self._graph()
        assert g is not None, "the index of a graph no one holds"
        return g

    @functools.cached_property
    def by_type(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for node, kind in self.g.nodes(data="type"):
            found[kind].append(node)
        return dict(found)

    @functools.cached_property
    def position(self) -> dict[str, int]:
        """Each node's place in the graph's (deterministic) order."""
        return {node: i for i, node in enumerate(self.g)}

    @functools.cached_property
    def own_organisations(self) -> dict[str, list[str]]:
        """Each action's own organisations (:func:`graph.queries.walk.own_organisations`)."""
        from graph.queries import walk  # walk asks this module for the nodes of a type

        return {a: walk.own_organisations(self.g, a) for a in self.by_type.get(NodeType.ACTION.value, [])}

    @functools.cached_property
    def actions_of(self) -> dict[str, list[str]]:
        """Organisation -> the actions it owns (leads, is concerned by, or sole addressee), in graph order."""
        found: dict[str, list[str]] = defaultdict(list)
        for action, orgs in self.own_organisations.items():
            for org in orgs:
                found[org].append(action)
        return dict(found)

    @functools.cached_property
    def cross_references(self) -> list[tuple[str, str]]:
        return [(u, v) for u, v, k in self.g.edges(keys=True) if k == EdgeType.REFERS_TO.value]

    def of_node(self, name: str, node: str, compute: Callable[[], T]) -> T:
        """What ``name`` is for ``node`` (its words, its sort key, an action's details), computed
        once per graph: a national trust's profile asked for each of its actions three times."""
        found = self._of_nodes[name]
        value = found.get(node)
        if value is None:
            ready = self._ready_of_nodes.pop(name, None)
            if ready is not None:
                found.update(ready())
                value = found.get(node)
        if value is None:
            value = found[node] = compute()
        return cast(T, value)

    def lasting(self, key: Any, compute: Callable[[], T]) -> T:
        """A structure made once for this graph and kept as long as it (never dropped, unlike
        :meth:`answer`'s): the indexes of the names users type. Two threads making it at once
        both make it; the first kept wins."""
        found = self._lasting.get(key)
        if found is None:
            found = self._lasting.setdefault(key, compute())
        return cast(T, found)

    def answer(self, key: Any, compute: Callable[[], T]) -> T:
        """The answer computed once for ``key`` (a query and its arguments) on this graph.

        When a second thread asks for a key being computed, it waits for that answer rather than
        computing it again: on one interpreter a second computation only slows both (after a
        server start the warm-up and the first readers asked for the same corpus-wide answers,
        ~10 s of work). Each key has its own lock, so a reader of another answer never waits;
        an answer computed inside another (the text model inside the clusters) takes its own.
        """
        with self._answers_lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return cast(T, self._answers[key])
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._answers_lock:
                if key in self._answers:  # made by the thread this one waited for
                    self._answers.move_to_end(key)
                    return cast(T, self._answers[key])
                ready = self._ready.pop(key, None)
            value = compute() if ready is None else ready(compute)
            with self._answers_lock:
                self._answers[key] = value
                self._making.pop(key, None)
                while len(self._answers) > MAX_ANSWERS:
                    self._answers.popitem(last=False)
        return value

    def made(self) -> tuple[dict[Any, Any], dict[str, dict[str, Any]], dict[str, Any]]:
        """What this index has made so far, to keep with the graph: the answers by key, the
        values of nodes by name, and the indexes (cached properties) by name."""
        with self._answers_lock:
            answers = dict(self._answers)
        indexes = {name: value for name, value in vars(self).items() if _is_index(name)}
        return answers, {name: dict(found) for name, found in self._of_nodes.items()}, indexes

    def make_ready(
        self,
        answers: dict[Any, Callable[[Callable[[], Any]], Any]],
        of_nodes: dict[str, Callable[[], dict[str, Any]]],
        indexes: dict[str, Any],
    ) -> None:
        """Take what :meth:`made` gave for this graph (elsewhere): each answer and each name's
        values read on first use by its function (given the answer's own computation, should
        reading fail) instead of being computed; the indexes as they are."""
        for name, value in indexes.items():
            if _is_index(name):
                vars(self).setdefault(name, value)
        with self._answers_lock:
            for key, read in answers.items():
                if key not in self._answers:
                    self._ready[key] = read
        for name, read_values in of_nodes.items():
            if not self._of_nodes.get(name):
                self._ready_of_nodes[name] = read_values


def _is_index(name: str) -> bool:
    """Whether ``name`` is one of :class:`GraphIndex`'s indexes (made on first use, then kept)."""
    return isinstance(getattr(GraphIndex, name, None), functools.cached_property)


def graph_index(g: Graph) -> GraphIndex:
    """The index of ``g``, made on first use and kept as long as ``g`` is."""
    held = _INDEXES.get(g)
    if held is None or held.size != g.number_of_nodes():
        with _LOCK:
            held = _INDEXES.get(g)
            if held is None or held.size != g.number_of_nodes():
                held = GraphIndex(g)
                _INDEXES[g] = held
    return held


def warm(g: Graph) -> None:
    """Compute the indexes and the corpus-wide answers now (after a build, off the readers' path),
    so that the first readers find them ready: today's gap report, the co-accountability network,
    the theme summaries, the similar-issue clusters and the text index that search uses."""
    # imported here: those modules keep their answers in this one
    from graph.queries.coaccountability import co_accountability
    from graph.queries.gaps import gaps
    from graph.queries.search import search
    from graph.queries.similarity import similar_items
    from graph.queries.themes import recurring_themes

    index = graph_index(g)
    for part in ("by_type", "position", "actions_of"):
        getattr(index, part)
    gaps(g)
    co_accountability(g)
    for least in (1, 2):
        recurring_themes(g, min_areas=least)
    search(g, "safeguarding")
    similar_items(g)
