"""``DELETE /documents/{id}``: remove a document as ``sgraph remove`` does (upload token required)."""

from __future__ import annotations

from typing import Annotated, Any

from anyio import to_thread
from fastapi import FastAPI, Query, Request

from api.lanes import until_current
from api.service import GraphCache, stored_document
from api.uploads import TOKEN_VARIABLE, check_token
from graph.store import UnknownDocument


def add_removal_route(app: FastAPI, cache: GraphCache) -> None:
    def remove(doc_id: str, purge: bool) -> int:
        try:
            return cache.store.remove(doc_id, purge=purge)
        except UnknownDocument:
            stored_document(cache, doc_id)  # answers 404 with the closest stored ids
            raise

    @app.delete(
        "/documents/{doc_id}",
        tags=["documents"],
        openapi_extra={"security": [{"bearer": []}]},
        responses={
            401: {"description": "Missing or wrong bearer token."},
            403: {"description": f"Changes disabled: {TOKEN_VARIABLE} is not set on the server."},
            404: {"description": "No such document (close matches in `suggestions`)."},
        },
    )
    async def remove_document(
        request: Request,
        doc_id: str,
        purge: Annotated[bool, Query(description="Also delete every stored version.")] = False,
    ) -> dict[str, Any]:
        """Remove a document from the graph in one transaction: every fact only it supported goes,
        facts another document also states stay. Its versions stay in the history unless
        `purge=true`. Needs `Authorization: Bearer <token>`, as uploads do."""
        check_token(request.headers.get("authorization"))
        kept = await to_thread.run_sync(lambda: remove(doc_id, purge))
        # the remover waits for the graph without the document (so it reads what it did); readers do not
        await until_current(cache)
        return {"document_id": doc_id, "removed": True, "purged": purge, "versions_kept": kept}
