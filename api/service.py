"""What every part of the web application shares: the error model, the graph cache, name resolution,
pagination (:mod:`api.paging`) and the stored-document summaries.

Every error is an :class:`Problem`, answered as ``application/problem+json`` (``type``, ``title``,
``status``, ``detail``, and ``suggestions`` with close matches when a name is unknown); the web
pages show the same problems as HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import networkx as nx
from fastapi import Query, Request

from api.paging import page  # noqa: F401  (api.app and api.action_routes page with it from here)
from api.revisions import GraphCache, Snapshot  # noqa: F401  (the routes take them from here)
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
from graph.queries.names import unknown_document
from graph.store import UnknownDocument

PROBLEM_JSON = "application/problem+json"

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
    """The document as of the revision this request reads (else as stored now: one stored since)."""
    snapshot = cache.snapshot()
    found = snapshot.document(doc_id)
    if found is not None:
        return found
    try:
        return cache.store.document(doc_id)
    except UnknownDocument:
        known = (d.id for d in snapshot.documents)
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
