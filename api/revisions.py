"""The graph revisions a server answers from: one :class:`Snapshot` per revision of the store, the
newest swapped in whole by :class:`GraphCache`, and each request pinned to one of them.

A request reads one snapshot from start to end (:func:`pinned`): its graph, its documents and
the answers kept with it all belong to the same revision of the store, even if a newer revision
is swapped in while it runs. A snapshot is never changed once made, so whatever is computed from
it (:meth:`Snapshot.derived`, the answers of :mod:`api.answer_cache`) stays true for as long as
it lives, and goes with it.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar, cast

import networkx as nx

from api.rebuild import RebuildFailed, build_in_child
from graph.documents import StoredDocument
from graph.kept_answers import make_ready
from graph.queries.accountability import make_all_details
from graph.queries.index import warm
from graph.snapshot import Kept, build_current, stored_snapshot
from graph.stats import graph_stats
from graph.store import Store

T = TypeVar("T")
# a store of this many documents is rebuilt in a child process (starting one takes about a second;
# building a few dozen documents' graph here takes less)
CHILD_BUILD_DOCUMENTS = 50
# how long the kept revision's warm-up waits for the server to start (a cache read without a
# server warms after this)
SERVING_WAIT_SECONDS = 5.0
# how long a new revision's settling waits for the last reader of the one it replaced
OLD_REVISION_WAIT_SECONDS = 10.0
# a graph of this many nodes is kept out of the collector's full collections (settle_collector)
FREEZE_NODES = 10_000


class Snapshot:
    """One revision of the store: its graph and its documents (read from the kept snapshot on
    first use when the graph came from one), and what is made from them once (:meth:`derived`)."""

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        revision: int,
        documents: list[StoredDocument] | Kept,
        previous: Snapshot | None = None,
    ) -> None:
        self.graph = graph
        self.revision = revision
        self._documents = documents if isinstance(documents, list) else None
        self._kept = documents if isinstance(documents, Kept) else None
        # the previous revision's documents as read (if they were): those unchanged are taken as they are
        self._earlier = previous.document_index() if previous is not None and self._kept is not None else None
        weakref.finalize(self, let_go, graph)
        if self._kept is not None and self._kept.answers is not None:
            # made where the graph was built: the warm-up and the first readers read them (their
            # bytes are held by what reads them, until read)
            make_ready(graph, self._kept.answers)
            self._kept = dataclasses.replace(self._kept, answers=None)
        # what is made from this revision once and kept with it (the RDF form, the answers ...)
        self._derived: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._making: dict[str, threading.Lock] = {}
        if self._kept is not None and self._kept.stats is not None:
            self._derived["stats"] = self._kept.stats  # counted when the graph was kept

    @property
    def document_count(self) -> int:
        if self._documents is not None:
            return len(self._documents)
        assert self._kept is not None
        return self._kept.document_count

    @property
    def documents(self) -> list[StoredDocument]:
        if self._documents is None:
            assert self._kept is not None
            self._documents = self._kept.documents(self._earlier)
            self._earlier = None
        return self._documents

    def document(self, doc_id: str) -> StoredDocument | None:
        """One document of this revision, None if it has none of that id."""
        return self.derived("documents by id", lambda _g: {d.id: d for d in self.documents}).get(doc_id)

    def document_index(self) -> dict[str, StoredDocument] | None:
        """This revision's documents by id, if they have been read (None if not)."""
        if self._documents is None:
            return None
        return self.derived("documents by id", lambda _g: {d.id: d for d in self.documents})

    def stats(self) -> dict[str, Any]:
        """The graph's counts (as ``/stats`` and ``sgraph stats --json`` answer them)."""
        return self.derived("stats", lambda g: graph_stats(g).to_json())

    def derived(self, name: str, make: Callable[[nx.MultiDiGraph], T]) -> T:
        """``make(graph)``, computed once for this revision of the graph under ``name``; a
        reader of another name never waits for it (the RDF form takes seconds to make)."""
        if name in self._derived:
            return cast(T, self._derived[name])
        with self._lock:
            making = self._making.setdefault(name, threading.Lock())
        with making:
            if name not in self._derived:
                self._derived[name] = make(self.graph)
        return cast(T, self._derived[name])


# The snapshot the current request reads (with the cache it came from): set for the whole request
# by api.answer_cache; copied into the worker thread that runs a synchronous handler.
_PINNED: ContextVar[tuple[GraphCache, Snapshot] | None] = ContextVar("sgraph_pinned", default=None)


class GraphCache:
    """The graph of the store's current documents for the web app; readers never wait for a rebuild.

    One background thread makes the snapshots: first it reads the graph kept in the store
    (:mod:`graph.snapshot`; a server starts answering before that is done), then, whenever the
    store has changed (``sgraph load``, an upload), it builds the next revision while readers keep
    the previous one, and swaps it in with one assignment. Only when there is no graph at all yet
    (a new store, or one kept by another version of sgraph) does a reader wait for the first
    build; :meth:`current` never waits.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        self.store = Store(db_path)
        # the store's revision is read on the event loop: on a connection of its own, never
        # behind a handler's longer read of the shared one
        self._revisions = Store(db_path)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._worker: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._snapshot: Snapshot | None = None
        # the first build waits for a reader to ask (a store may change before anyone reads it)
        self._kept_read = self._wanted = False
        self._checked = 0.0  # when the store's revision was last read (time.monotonic())
        # set by the web app once it is about to listen (api.app's lifespan)
        self.serving = threading.Event()
        self._start_worker()

    def current(self, recheck_after: float = 0.0) -> Snapshot | None:
        """The newest snapshot made (None before the first), at once; when the store has changed
        since, the next one starts being made. The store is asked for its revision at most once
        every ``recheck_after`` seconds (the event loop gives up the interpreter lock for it, and
        waits to get it back behind busy handler threads)."""
        current = self._snapshot
        now = time.monotonic()
        if current is None or now - self._checked >= recheck_after:
            self._checked = now
            if current is None or self._revisions.state() != current.revision:
                self._start_worker()
        return current

    def snapshot(self) -> Snapshot:
        """The snapshot this request is pinned to, else the newest one (waiting only for the first)."""
        pinned = _PINNED.get()
        if pinned is not None and pinned[0] is self:
            return pinned[1]
        return self.current() or self._wait_for(lambda snap: snap is not None)

    @contextmanager
    def pinned(self, snapshot: Snapshot) -> Iterator[Snapshot]:
        """Every :meth:`snapshot` call inside (in this context) answers ``snapshot``."""
        token = _PINNED.set((self, snapshot))
        try:
            yield snapshot
        finally:
            _PINNED.reset(token)

    def wait_until_current(self) -> Snapshot:
        """The snapshot of the store as it is now, waiting for its build: for a writer (an upload)
        that must read what it wrote; readers use :meth:`snapshot`."""
        state = self._revisions.state()
        return self._wait_for(lambda snap: snap is not None and snap.revision >= state)

    def _wait_for(self, ready: Callable[[Snapshot | None], bool]) -> Snapshot:
        with self._changed:
            self._wanted = True
            while not ready(self._snapshot):
                if self._failure is not None and self._worker is None:
                    failure, self._failure = self._failure, None
                    raise failure
                self._start_worker_locked()
                self._changed.wait(timeout=1.0)
            assert self._snapshot is not None
            return self._snapshot

    def _start_worker(self) -> None:
        with self._lock:
            self._start_worker_locked()

    def _start_worker_locked(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="sgraph-graph", daemon=True)
            self._worker.start()

    def _publish(self, snapshot: Snapshot) -> None:
        with self._changed:
            self._snapshot = snapshot
            self._changed.notify_all()

    def _work(self) -> None:
        """Read the kept graph (once), then build revisions until the graph is of the store's
        latest one (the first only once a reader asks for it)."""
        try:
            with Store(self.path) as store:
                if not self._kept_read:
                    self._kept_read = True
                    kept = stored_snapshot(store)
                    if kept is not None:
                        self._publish(Snapshot(kept.graph, kept.revision, kept))
                        threading.Thread(target=self._warm_kept, args=(self._snapshot,), daemon=True).start()
                if self._snapshot is None and not self._wanted:
                    return
                while self._snapshot is None or store.state() != self._snapshot.revision:
                    built = self._build(store)
                    _warm(built)
                    previous = weakref.ref(self._snapshot) if self._snapshot is not None else None
                    self._publish(built)
                    _settle_once_gone(previous, built)
        except Exception as exc:  # handed to the waiting readers; the next request tries again
            with self._changed:
                self._failure = exc
        finally:
            with self._changed:
                self._worker = None
                self._changed.notify_all()

    def _warm_kept(self, snapshot: Snapshot | None) -> None:
        """Warm the kept revision once the server is up: warming while it started held the
        interpreter lock against its start (/health and /stats answered ~0.6 s later)."""
        self.serving.wait(timeout=SERVING_WAIT_SECONDS)
        _warm(snapshot)
        if snapshot is not None:
            settle_collector(snapshot.graph)

    def _build(self, store: Store) -> Snapshot:
        """The next revision's snapshot: built in a child process (:mod:`api.rebuild`) once the
        store is large enough for the build to hold the interpreter lock for long, else here."""
        previous = self._snapshot
        if previous is not None and previous.document_count >= CHILD_BUILD_DOCUMENTS:
            try:
                kept = build_in_child(self.path)
                return Snapshot(kept.graph, kept.revision, kept, previous)
            except RebuildFailed:
                pass  # built here instead; a failure of the build itself is raised from here
        revision, graph, documents = build_current(store, answers=True)
        return Snapshot(graph, revision, documents)

    def graph(self) -> nx.MultiDiGraph:
        return self.snapshot().graph

    def close(self) -> None:
        self.store.close()
        self._revisions.close()


def _warm(snapshot: Snapshot | None) -> None:
    """What the first readers of a snapshot would otherwise compute, computed now off their path:
    the counts first (the cheapest, and what a client asks first), then the corpus-wide answers
    (:func:`graph.queries.index.warm`), the details of every recommendation and action that
    profiles and pages show, and the documents' extractions."""
    if snapshot is not None:
        snapshot.stats()
        warm(snapshot.graph)
        make_all_details(snapshot.graph)
        snapshot.document("")


def _settle_once_gone(previous: weakref.ref[Snapshot] | None, current: Snapshot) -> None:
    """Settle the collector on ``current`` once the revision it replaced is gone (its last
    reader done), then give the memory freed back to the system. Settled while the old revision
    was still served, its objects were frozen with the new one's, and what of it only the
    collector frees stayed until the next revision: at 150 areas the server grew from ~0.6 to
    ~1.5 GB over five uploads, where collecting after the old one went kept it at ~0.8-0.9 GB."""
    waited = 0.0
    while previous is not None and previous() is not None and waited < OLD_REVISION_WAIT_SECONDS:
        time.sleep(0.05)
        waited += 0.05
    settle_collector(current.graph)
    give_back_memory()


def give_back_memory() -> None:
    """Return the C library's free memory to the system (glibc's ``malloc_trim``): freed Python
    objects leave it held by the process otherwise. Nothing where there is no such call."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def let_go(graph: nx.MultiDiGraph) -> None:
    """Let a revision's graph go as soon as its snapshot does (no request is pinned to it, a newer
    one is served): networkx keeps views of a graph that point back to it (its edges, degree),
    a cycle only the cyclic collector frees, and a served graph is frozen out of the collector
    (settle_collector), so the old graph and all it held stayed until the next revision's
    settling (~300 MB at national scale). Without the views it goes at once; a view asked for
    again is made again."""
    for name in [name for name, view in vars(graph).items() if getattr(view, "_graph", None) is graph]:
        del vars(graph)[name]


def settle_collector(graph: nx.MultiDiGraph) -> None:
    """Keep the collector off a large revision's objects: a national graph and its answers are
    ~1.5 million objects that live as long as the revision, and each full collection walked them
    all (about a second with every thread stopped, every few hundred requests under load). Frozen,
    they are never walked again; at the next revision they are unfrozen and collected once, so the
    previous revision's cycles still go. A small graph's collections are cheap: left as they are."""
    if graph.number_of_nodes() >= FREEZE_NODES:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
