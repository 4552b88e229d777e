"""What every part of the web application shares: the error model, the graph cache, name resolution,
pagination (:mod:`api.paging`) and the stored-document summaries.

Every error is an :class:`Problem`, answered as ``application/problem+json`` (``type``, ``title``,
``status``, ``detail``, and ``suggestions`` with close matches when a name is unknown); the web
pages show the same problems as HTML.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import networkx as nx
from fastapi import Query, Request

from api.paging import page  # noqa: F401  (api.app and api.action_routes page with it from here)
from graph.documents import StoredDocument
from graph.model import NodeType
from graph.queries import (
    UnknownName,
    resolve_area,
    resolve_organisation,
    resolve_recommendation,
    resolve_review,
    resolve_theme,
)
from graph.queries.index import warm
from graph.queries.names import unknown_document
from graph.snapshot import build_current, stored_snapshot
from graph.store import Store, UnknownDocument

PROBLEM_JSON = "application/problem+json"

T = TypeVar("T")

Json = dict[str, Any]


# --- errors --------------------------------------------------------------------------------


class Problem(Exception):
    """An error answered as problem+json (RFC 9457): a short title, a detail that says what to do."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        kind: str = "about:blank",
        suggestions: list[str] | None = None,
        name: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.kind = kind
        self.suggestions = suggestions
        # the name that was not found, so a web page can link each suggestion in its place
        self.name = name
        self.headers = headers or {}

    def to_json(self) -> Json:
        body: Json = {"type": self.kind, "title": self.title, "status": self.status, "detail": self.detail}
        if self.suggestions is not None:
            body["suggestions"] = self.suggestions
        return body


async def read_limited(request: Request, most: int, too_large: Problem) -> bytes:
    """The request body, counted as it streams in: ``too_large`` is raised as soon as it passes
    ``most`` bytes (or the declared length does), so an oversized body is never held whole."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > most:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > most:
            raise too_large
    return bytes(body)


# --- the graph, built once per change of the store, never while a reader waits -------------


class Snapshot:
    """One revision of the store: its graph and its documents (read from the store on first use
    when the graph came from a kept snapshot), and what is made from them once (:meth:`derived`)."""

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        revision: int,
        documents: list[StoredDocument] | None = None,
        read_documents: Callable[[], list[StoredDocument]] | None = None,
    ) -> None:
        self.graph = graph
        self.revision = revision
        self._documents = documents
        self._read_documents = read_documents
        # what is made from this graph revision once and kept with it (the RDF form, see derived())
        self._derived: dict[str, Any] = {}
        self._lock = threading.Lock()

    @property
    def documents(self) -> list[StoredDocument]:
        if self._documents is None:
            self._documents = self._read_documents() if self._read_documents else []
        return self._documents

    def derived(self, name: str, make: Callable[[nx.MultiDiGraph], T]) -> T:
        """``make(graph)``, computed once for this revision of the graph under ``name``."""
        with self._lock:
            if name not in self._derived:
                self._derived[name] = make(self.graph)
            return cast(T, self._derived[name])


class GraphCache:
    """The graph of the store's current documents for the web app; readers never wait for a rebuild.

    :meth:`snapshot` answers at once with the newest graph built. When the store has changed
    (``sgraph load``, an upload), one background thread builds the next revision's graph while
    readers keep the previous one, then swaps it in with one assignment, so every request sees
    one consistent revision. Each graph built is kept in the store (:mod:`graph.snapshot`): a
    server starting again reads it back in about a second instead of building it. Only when
    there is no graph at all yet (a new store, or one kept by another version of sgraph) does the
    first request wait for the first build.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        self.store = Store(db_path)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._builder: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._snapshot: Snapshot | None = None
        kept = stored_snapshot(self.store)
        if kept is not None:
            self._snapshot = Snapshot(kept.graph, kept.revision, read_documents=kept.documents)
            threading.Thread(target=warm, args=(kept.graph,), name="sgraph-warm", daemon=True).start()

    def snapshot(self) -> Snapshot:
        current = self._snapshot
        if current is not None:
            if self.store.state() != current.revision:
                self._start_build()
            return current
        return self._wait_for(lambda snap: snap is not None)

    def wait_until_current(self) -> Snapshot:
        """The snapshot of the store as it is now, waiting for its build: for a writer (an upload)
        that must read what it wrote; readers use :meth:`snapshot`."""
        state = self.store.state()
        return self._wait_for(lambda snap: snap is not None and snap.revision >= state)

    def _wait_for(self, ready: Callable[[Snapshot | None], bool]) -> Snapshot:
        self._start_build()
        with self._changed:
            while not ready(self._snapshot):
                if self._failure is not None and self._builder is None:
                    failure, self._failure = self._failure, None
                    raise failure
                if self._builder is None:
                    self._start_build_locked()
                self._changed.wait(timeout=1.0)
            assert self._snapshot is not None
            return self._snapshot

    def _start_build(self) -> None:
        with self._lock:
            self._start_build_locked()

    def _start_build_locked(self) -> None:
        if self._builder is None:
            self._builder = threading.Thread(target=self._build, name="sgraph-graph-build", daemon=True)
            self._builder.start()

    def _build(self) -> None:
        """Build revisions until the graph is of the store's latest one."""
        try:
            with Store(self.path) as store:
                while True:
                    revision, graph, documents = build_current(store)
                    warm(graph)
                    with self._changed:
                        self._snapshot = Snapshot(graph, revision, documents)
                        self._changed.notify_all()
                    if store.state() == revision:
                        break
        except Exception as exc:  # handed to the waiting readers; the next request tries again
            with self._changed:
                self._failure = exc
        finally:
            with self._changed:
                self._builder = None
                self._changed.notify_all()

    def graph(self) -> nx.MultiDiGraph:
        return self.snapshot().graph

    def close(self) -> None:
        self.store.close()


# --- finding nodes by the names people use -------------------------------------------------


_RESOLVERS: dict[NodeType, Callable[[nx.MultiDiGraph, str], str]] = {
    NodeType.ORGANISATION: resolve_organisation,
    NodeType.THEME: resolve_theme,
    NodeType.AREA: resolve_area,
    NodeType.REVIEW: resolve_review,
    NodeType.RECOMMENDATION: resolve_recommendation,
}


def resolve(g: nx.MultiDiGraph, node_type: NodeType, name: str) -> str:
    """The node of ``node_type`` that ``name`` means: its id, the id's URL form (see
    :func:`api.views.key_of`), or any name the query resolvers accept (node ids, labels, aliases,
    initialisms; a node's own name wins over another node's alias).

    Raises :class:`Problem` 404 listing close matches when nothing (or more than one) matches.
    """
    # the URL form of an id leaves out the type ("fgm" for "Theme:fgm")
    candidate = f"{node_type.value}:{name}"
    if candidate in g and g.nodes[candidate].get("type") == node_type.value:
        return candidate
    try:
        return _RESOLVERS[node_type](g, name)
    except UnknownName as exc:
        raise unknown_name_problem(exc) from None


def unknown_name_problem(exc: UnknownName) -> Problem:
    """The 404 for a name the query resolvers could not match (or matched more than once)."""
    kind, name = exc.kind, exc.name
    if exc.ambiguous:
        detail = f"{kind.capitalize()} {name!r} could mean several: {'; '.join(exc.suggestions)}."
        return Problem(404, f"Ambiguous {kind}", detail, "urn:sgraph:ambiguous-name", exc.suggestions, name)
    hint = f" Did you mean: {'; '.join(exc.suggestions)}?" if exc.suggestions else ""
    detail = f"No {kind} called {name!r}.{hint}"
    return Problem(404, f"Unknown {kind}", detail, "urn:sgraph:unknown-name", exc.suggestions, name)


# --- pagination ----------------------------------------------------------------------------

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1-500).")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]




def stored_document(cache: GraphCache, doc_id: str) -> StoredDocument:
    try:
        return cache.store.document(doc_id)
    except UnknownDocument:
        known = (d.id for d in cache.snapshot().documents)
        raise unknown_name_problem(unknown_document(doc_id, known)) from None


def document_summary(doc: StoredDocument) -> Json:
    extraction = doc.extraction
    return {
        "id": doc.id,
        "file": doc.file_name,
        "format": doc.format,
        "size": doc.size,
        "sha256": doc.sha256,
        "loaded_at": doc.loaded_at,
        "area": extraction.area,
        "document_kind": extraction.document_kind,
        "document_date": extraction.document_date,
        "recommendations": len(extraction.recommendations),
        "findings": len(extraction.findings),
        "warnings": list(extraction.warnings),
    }


def document_detail(cache: GraphCache, doc_id: str) -> Json:
    doc = stored_document(cache, doc_id)
    versions = cache.store.history(doc.id)
    return {
        **document_summary(doc),
        "versions": [
            {
                "version": v.version,
                "current": v.current,
                "sha256": v.document.sha256,
                "loaded_at": v.document.loaded_at,
            }
            for v in versions
        ],
        "extraction": doc.extraction.to_json(),
    }
