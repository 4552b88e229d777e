"""``GET``/``POST /sparql``: read-only SPARQL over the graph's RDF form (see :mod:`graph.sparql`).

SELECT and ASK answer ``application/sparql-results+json``; CONSTRUCT and DESCRIBE answer Turtle,
or N-Triples or JSON-LD when the ``Accept`` header asks. Updates, LOAD, SERVICE and FROM answer
400 problem+json saying why. Each query may run ``$SGRAPH_SPARQL_TIMEOUT`` seconds (default 10;
then 503) and return ``$SGRAPH_SPARQL_LIMIT`` rows or triples (default 10,000; a longer answer is
cut, and says so in ``X-Result-Truncated: true``). At most two queries run at once.
"""

from __future__ import annotations

import os
import threading
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import FastAPI, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.export_routes import base_iri, rdf_of
from api.service import GraphCache, Problem, read_limited

TIMEOUT_VARIABLE = "SGRAPH_SPARQL_TIMEOUT"
LIMIT_VARIABLE = "SGRAPH_SPARQL_LIMIT"
REFUSED = "urn:sgraph:sparql-refused"
MAX_QUERY_BYTES = 100_000
REFUSALS: dict[int | str, dict[str, str]] = {
    400: {"description": "No query, a query that does not parse, an update, LOAD, SERVICE or FROM."},
    503: {"description": "Other queries are running, or this one took longer than its time limit."},
}
EXAMPLE = (
    "PREFIX sg: <https://w3id.org/safeguarding-graph/ontology#>\n"
    "SELECT ?recommendation ?id\n"
    "WHERE { ?recommendation a sg:Recommendation ; sg:recommendationId ?id } LIMIT 5"
)


def add_sparql_routes(app: FastAPI, cache: GraphCache) -> None:
    base = base_iri()
    timeout = float(os.environ.get(TIMEOUT_VARIABLE) or 10)
    limit = int(os.environ.get(LIMIT_VARIABLE) or 10_000)
    running = threading.BoundedSemaphore(2)

    def answer(text: str | None, accept: str) -> Response:
        from graph import sparql  # rdflib's SPARQL engine: loaded by the first query, not at start-up

        if not text or not text.strip():
            raise Problem(400, "No query", "Send a SPARQL query in the `query` parameter.", REFUSED)
        try:
            sparql.prepare(text)
        except sparql.RefusedQuery as exc:
            raise Problem(400, "Query refused", str(exc), REFUSED) from None
        graph = rdf_of(cache, base).graph
        if not running.acquire(timeout=timeout):
            raise Problem(503, "Too busy", "Other SPARQL queries are running: try again shortly.")
        try:
            result = sparql.run(graph, text, accept, limit=limit, timeout=timeout)
        except sparql.RefusedQuery as exc:
            raise Problem(400, "Query refused", str(exc), REFUSED) from None
        except sparql.QueryTimeout as exc:
            raise Problem(503, "Query took too long", f"{exc}; narrow it or add a LIMIT.") from None
        except RuntimeError as exc:
            raise Problem(400, "Query failed", str(exc), REFUSED) from None
        finally:
            running.release()
        headers = {
            "X-Result-Limit": str(limit),
            "X-Result-Truncated": "true" if result.truncated else "false",
        }
        return Response(result.content, media_type=result.media_type, headers=headers)

    @app.get("/sparql", tags=["sparql"], response_class=Response, responses=REFUSALS)
    def sparql_get(
        request: Request,
        query: Annotated[str | None, Query(description="A SPARQL query.", examples=[EXAMPLE])] = None,
    ) -> Response:
        """Read-only SPARQL 1.1 (SELECT, ASK, CONSTRUCT, DESCRIBE) over the graph in the terms of
        `ontology/safeguarding.ttl`; updates, LOAD, SERVICE and FROM are refused with 400."""
        return answer(query, request.headers.get("accept", ""))

    @app.post(
        "/sparql",
        tags=["sparql"],
        response_class=Response,
        responses={
            **REFUSALS,
            413: {"description": f"Query longer than {MAX_QUERY_BYTES:,} bytes."},
            415: {"description": "Body neither application/sparql-query nor a form."},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/sparql-query": {"schema": {"type": "string"}},
                    "application/x-www-form-urlencoded": {
                        "schema": {
                            "type": "object",
                            "required": ["query"],
                            "properties": {"query": {"type": "string"}},
                        }
                    },
                },
            }
        },
    )
    async def sparql_post(request: Request) -> Response:
        """The same as GET, with the query as an `application/sparql-query` body or a `query`
        form field (SPARQL 1.1 protocol). Updates (`update=`, `application/sparql-update`) answer 400."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        raw = await read_limited(
            request,
            MAX_QUERY_BYTES,
            Problem(413, "Query too long", f"A query may be at most {MAX_QUERY_BYTES:,} bytes.", REFUSED),
        )
        body = raw.decode("utf-8", errors="replace")
        if kind == "application/sparql-query":
            text: str | None = body
        elif kind == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                raise Problem(
                    400, "Query refused", "Updates are refused: this endpoint is read-only.", REFUSED
                )
            text = form["query"][0] if "query" in form else None
        elif kind == "application/sparql-update":
            raise Problem(400, "Query refused", "Updates are refused: this endpoint is read-only.", REFUSED)
        else:
            detail = "Send the query as application/sparql-query or as a `query` form field."
            raise Problem(415, "Unsupported content type", detail, REFUSED)
        accept = request.headers.get("accept", "")
        return await run_in_threadpool(answer, text, accept)
