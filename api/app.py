"""The web application: JSON endpoints, web pages and interactive maps over one store.

``create_app(db_path)`` is what ``sgraph serve`` runs. The graph is built from the store once per
change of the stored documents (see :class:`GraphCache`), not per request. Every error is a
``application/problem+json`` body (``type``, ``title``, ``status``, ``detail``, and ``suggestions``
with close matches when a name is unknown); the web pages show the same errors as HTML.

Reading is open to anyone who can reach the server (``sgraph serve`` listens on loopback by
default). Uploading documents (``POST /documents``) needs ``Authorization: Bearer <token>`` with the
token set in the ``SGRAPH_API_TOKEN`` environment variable; without that variable uploads are
disabled.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path as FilePath
from typing import Annotated, Any

from anyio import to_thread
from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import views
from api.action_routes import add_action_routes
from api.answer_cache import AnswerCache
from api.answer_route import routes_run_by
from api.area_pages import add_area_pages
from api.docs import add_docs_route
from api.export_routes import add_export_routes
from api.handler_threads import HandlerThreads
from api.lanes import until_current
from api.map_pages import map_pages
from api.openapi_answers import describe_answers
from api.pages import add_page_routes, error_page, node_page, source_url
from api.paging import page_of, page_with_parts, paged_result
from api.provenance import document_text
from api.query_routes import Examples, add_query_routes
from api.recommendation_filters import recommendations_matching
from api.removal import add_removal_route
from api.search_page import add_search_page
from api.security import ALLOWED_HOSTS_VARIABLE, SameSiteOnly, allowed_hosts, secured
from api.service import (
    PROBLEM_JSON,
    GraphCache,
    Limit,
    Offset,
    Problem,
    document_detail,
    document_summary,
    page,
    resolve,
    stored_document,
    unknown_name_problem,
)
from api.sparql_routes import add_sparql_routes
from api.tracker_pages import add_tracker_pages
from api.uploads import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_FILES,
    TOKEN_VARIABLE,
    UPLOAD_REFUSALS,
    receive_uploads,
    result_json,
)
from graph.backends import QuestionBackend
from graph.backends.embedded import EmbeddedBackend
from graph.model import NodeType
from graph.queries import UnknownName, organisation_profile, recurring_themes
from visualisations import maps
from visualisations import navigation as nav
from visualisations.map_page import MapControls, MapFilter, render_map

Json = dict[str, Any]
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
)
# Handler threads: the event loop (it answers /health and every kept answer) takes the
# interpreter lock back behind every runnable handler thread, and too few threads leave the
# first answers queued. 50 clients on a 150-area store (bench client, 30 s each, after first
# answers went to one thread trip): 3 threads kept /health at p95 74-83 ms but questions and
# pages waited 380-410 ms; 4 threads, the waiting request due soonest first
# (api.handler_threads): questions 166-211 ms, pages and maps 373-464 ms, /health 79-90 ms
# (measured under uvicorn, before api.serving).
# The interpreter's switch interval is Python's 5 ms. Under uvicorn the loop waited for the
# lock at each wake-up, so it was 0.5 ms; with the connections on Granian's thread, 0.5 ms
# cost about a tenth more server CPU per request in forced switches between handler threads
# (1.23-1.28 against 1.12-1.18 ms) and the answers not kept waited longer (two pairs of 30 s
# runs, p95: pages 340-367 against 317-326 ms, maps 378-407 against 351-374 ms), for /health
# at 25-26 against 44-46 ms.
HANDLER_THREADS = 4
MapLimit = Annotated[int, Query(ge=1, le=5000, description="Most nodes to draw (the most connected first).")]


# --- the application -----------------------------------------------------------------------


def create_app(db_path: FilePath | str, questions: QuestionBackend | None = None) -> FastAPI:
    """The web application over the store at ``db_path`` (created empty if missing); the
    ``/queries/...`` questions go to ``questions`` (default: the graph built from the store)."""
    cache = GraphCache(FilePath(db_path))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Thread work outside the handler threads (uploads, SPARQL) gets as few threads: it is
        # CPU-bound Python sharing one interpreter lock, and each thread more keeps the loop waiting.
        to_thread.current_default_thread_limiter().total_tokens = HANDLER_THREADS
        cache.serving.set()  # the kept graph's warm-up may start (api.revisions)
        yield
        cache.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Safeguarding Graph",
        summary="CQC children's safeguarding (CLAS) review paperwork as a knowledge graph",
        description=(
            "Who is accountable for each recommendation, jointly with whom, who leads and assures each "
            "action, recurring themes, dependencies and gaps. Errors are `application/problem+json`. "
            f"Uploads (`POST /documents`) need `Authorization: Bearer <token>` matching `{TOKEN_VARIABLE}`, "
            f"at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB and {MAX_UPLOAD_FILES} files per request."
        ),
        docs_url=None,
        redoc_url=None,
    )
    # before any route is added: every synchronous endpoint runs in these threads, the waiting
    # request due soonest first
    app.router.route_class = routes_run_by(HandlerThreads(HANDLER_THREADS))
    app.state.cache = cache

    # inside the Host check and security headers (the middleware added last is outermost)
    app.add_middleware(AnswerCache, graphs=cache)
    # Pages and maps are self-contained: the browser may load nothing from another site, and
    # scripts run only from the app's own files under /static (document text is never code).
    app.add_middleware(
        SameSiteOnly,
        hosts=allowed_hosts(),
        refusal=_unknown_host,
        content_security_policy=CONTENT_SECURITY_POLICY,
    )

    _install_error_handlers(app)
    _add_reading_routes(app, cache)
    _add_document_routes(app, cache)
    _add_map_routes(app, cache)

    add_query_routes(app, cache, questions or EmbeddedBackend(cache.graph))
    add_removal_route(app, cache)
    add_sparql_routes(app, cache)
    add_export_routes(app, cache)
    add_page_routes(app, cache)
    add_action_routes(app, cache)
    add_tracker_pages(app, cache)
    add_area_pages(app, cache)
    add_search_page(app, cache)
    add_docs_route(app)
    describe_answers(app, _wants_html)
    return app


def _wants_html(path: str) -> bool:
    return path == "/" or path.startswith(("/pages", "/maps"))


def _unknown_host() -> Response:
    detail = f"This server does not answer for this host name; see {ALLOWED_HOSTS_VARIABLE}."
    return _problem_response(Problem(400, "Unknown host", detail, "urn:sgraph:unknown-host"))


def _problem_response(problem: Problem) -> Response:
    return JSONResponse(problem.to_json(), problem.status, problem.headers, media_type=PROBLEM_JSON)


def _install_error_handlers(app: FastAPI) -> None:
    def answer(request: Request, problem: Problem) -> Response:
        if _wants_html(request.url.path):
            return error_page(request.url.path, problem)
        return _problem_response(problem)

    # A server error is answered outside every middleware, so it gets the headers here.
    @app.exception_handler(Exception)
    async def on_server_error(request: Request, exc: Exception) -> Response:
        detail = "The server failed to answer this request; the error is in its log."
        problem = Problem(500, "Internal error", detail)
        return secured(answer(request, problem), CONTENT_SECURITY_POLICY)

    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem) -> Response:
        return answer(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Request failed")
        detail = f"No page or endpoint at {request.url.path}." if exc.status_code == 404 else str(exc.detail)
        return answer(request, Problem(exc.status_code, title, detail))

    @app.exception_handler(UnknownName)
    async def on_unknown_name(request: Request, exc: UnknownName) -> Response:
        return answer(request, unknown_name_problem(exc))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        said = "; ".join(
            f"{'.'.join(str(p) for p in error['loc'][1:]) or 'request'}: {error['msg']}"
            for error in exc.errors()
        )
        return answer(request, Problem(422, "Invalid request", said, "urn:sgraph:invalid-request"))


def _add_reading_routes(app: FastAPI, cache: GraphCache) -> None:
    # async: answered on the event loop itself, never queued behind slow handlers' threads
    @app.get("/health", tags=["service"])
    async def health() -> dict[str, str]:
        """Liveness check: answers while the server runs."""
        return {"status": "ok"}

    @app.get("/stats", tags=["service"])
    def stats() -> Json:
        """Documents, areas, reviews, and nodes and edges by type (as `sgraph stats --json`)."""
        return cache.snapshot().stats()

    @app.get("/reviews", tags=["reviews"])
    def reviews(limit: Limit = 100, offset: Offset = 0) -> Json:
        """Every review (regulator, programme, area, dates, counts), one per inspection."""
        g = cache.graph()
        return page_of(nav.nodes_of(g, NodeType.REVIEW), limit, offset, lambda r: views.review_summary(g, r))

    @app.get("/reviews/{review_id}", tags=["reviews"])
    def review(review_id: str) -> Json:
        """One review with its recommendations and findings. `review_id` is the `id` from /reviews."""
        g = cache.graph()
        return views.review_detail(g, resolve(g, NodeType.REVIEW, review_id))

    @app.get(
        "/recommendations",
        tags=["recommendations"],
        responses={200: {"content": {"application/json": {"example": _RECOMMENDATIONS_EXAMPLE}}}},
    )
    def recommendations(
        area: Annotated[str | None, Query(description="Area name.", examples=["Lancashire"])] = None,
        organisation: Annotated[
            str | None,
            Query(description="Addressed organisation: name, alias or initialism.", examples=["LCFT"]),
        ] = None,
        theme: Annotated[str | None, Query(description="Theme id.", examples=["health-assessments"])] = None,
        year: Annotated[
            int | None, Query(description="Year of the review (fieldwork, else published).", examples=[2016])
        ] = None,
        status: Annotated[
            str | None,
            Query(description="Keep recommendations with an action of this status.", examples=["completed"]),
        ] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Json:
        """Recommendations, filtered; each with its organisations, themes and action statuses."""
        g = cache.graph()
        recs = recommendations_matching(g, area, organisation, theme, year, status)
        # only the page's recommendations are described: there are thousands at national scale
        return page_of(recs, limit, offset, lambda r: views.recommendation_summary(g, r))

    @app.get("/recommendations/{rec_id}", tags=["recommendations"])
    def recommendation(rec_id: str) -> Json:
        """One recommendation: every wording, its actions (lead, assurance, timescale, status), sources."""
        g = cache.graph()
        return views.recommendation_detail(g, resolve(g, NodeType.RECOMMENDATION, rec_id))

    @app.get("/organisations", tags=["organisations"])
    def organisations(limit: Limit = 100, offset: Offset = 0) -> Json:
        """Every organisation, with its type, aliases, areas, how many recommendations it owns and
        how many actions it leads (`actions_led`, of which `actions_led_through_roles` through one
        of its posts, some inferred from it being a recommendation's sole addressee)."""
        g = cache.graph()
        orgs = views.organisations_by_name(g)
        return page_of(orgs, limit, offset, lambda o: views.organisation_summary(g, o))

    @app.get("/organisations/{name}", tags=["organisations"])
    def organisation(
        name: Annotated[str, Path(examples=["LCFT"])], limit: Limit = 100, offset: Offset = 0
    ) -> Json:
        """An organisation by name, alias, initialism or id: what it is accountable for alone and
        jointly, with whom, and the actions it leads (`actions_led`; each action's
        `lead_organisations` says when it is led through a role and whether that was inferred).
        Each list is one page. Unknown names answer 404 with close matches."""
        g = cache.graph()
        profile = organisation_profile(g, resolve(g, NodeType.ORGANISATION, name))
        return paged_result(profile, "organisation", limit, offset)

    @app.get("/themes", tags=["themes"])
    def themes(examples: Examples = 3, limit: Limit = 100, offset: Offset = 0) -> Json:
        """Every theme with how many recommendations and findings raise it, in which areas, reviews
        and years (most widespread first), with its first `examples` examples and the words that
        matched."""
        return page_with_parts(recurring_themes(cache.graph()), limit, offset, "theme", examples)

    @app.get("/themes/{theme_id}", tags=["themes"])
    def theme(theme_id: Annotated[str, Path(examples=["health-assessments"])]) -> Json:
        """One theme: counts by area and review, and every example with the words that matched."""
        g = cache.graph()
        return views.theme_detail(g, resolve(g, NodeType.THEME, theme_id))

    @app.get("/plots/themes.{suffix}", tags=["maps"], response_class=Response)
    def themes_plot(suffix: str) -> Response:
        """Heatmap of themes x areas as `png` or `svg`."""
        from visualisations import plots  # matplotlib: only for the one endpoint that draws with it

        if suffix not in plots.FORMATS:
            raise Problem(
                404, "Unknown image format", f"Ask for themes.png or themes.svg, not themes.{suffix}."
            )
        return Response(plots.theme_heatmap(cache.graph(), suffix), media_type=plots.FORMATS[suffix])


def _add_document_routes(app: FastAPI, cache: GraphCache) -> None:
    @app.get("/documents", tags=["documents"])
    def documents(limit: Limit = 100, offset: Offset = 0) -> Json:
        """Every stored document (current version): file, format, size, when loaded, warnings."""
        return page([document_summary(d) for d in cache.snapshot().documents], limit, offset)

    @app.get("/documents/{doc_id}", tags=["documents"])
    def document(doc_id: str) -> Json:
        """One document: its warnings, what was read from it and every stored version."""
        return document_detail(cache, doc_id)

    @app.get("/documents/{doc_id}/text", tags=["documents"], response_class=Response)
    def document_as_text(doc_id: str) -> Response:
        """The document as its reader read it, as plain text: each paragraph, list item or table
        cell on its own line, prefixed with where it sits (line, page, table/row/cell)."""
        text = document_text(cache.store, stored_document(cache, doc_id))
        return Response(text, media_type="text/plain; charset=utf-8")

    @app.post(
        "/documents",
        tags=["documents"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["files"],
                            "properties": {
                                "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                            },
                        }
                    }
                },
            },
            "security": [{"bearer": []}],
        },
        responses={
            200: {"content": {"application/json": {"example": _UPLOAD_EXAMPLE}}},
            **UPLOAD_REFUSALS,
        },
    )
    async def upload(request: Request) -> Json:
        """Load one or more documents (any supported format, form field `files`) exactly as
        `sgraph load` does; answers one result per file (loaded, new version, unchanged, failed
        with the reason). Needs `Authorization: Bearer <token>`."""
        results = await receive_uploads(request, cache.store)
        # the uploader waits for the new revision's graph (so it reads what it wrote); readers do not
        await until_current(cache)
        return {
            "results": [result_json(r) for r in results],
            "failed": sum(r.failed for r in results),
        }


def _add_map_routes(app: FastAPI, cache: GraphCache) -> None:

    def html(
        draw: Callable[[], maps.NetworkMap], key: tuple[object, ...], limit: int, *filters: MapFilter
    ) -> HTMLResponse:
        def render() -> str:
            where = node_page(cache.graph())
            controls = MapControls(limit, list(filters))
            return render_map(draw(), lambda node, _kind: where(node), controls, source_url)

        # drawn once per graph revision (and map, filter and limit)
        return HTMLResponse(map_pages(cache.snapshot()).page((*key, limit), render))

    @app.get("/maps/co-accountability", tags=["maps"], response_class=HTMLResponse)
    def co_accountability_map(
        area: Annotated[str | None, Query(description="Only recommendations of this area.")] = None,
        limit: MapLimit = maps.DEFAULT_NODE_LIMIT,
    ) -> HTMLResponse:
        """Interactive map: organisations joined by the recommendations they share."""
        g = cache.graph()
        area_node = resolve(g, NodeType.AREA, area) if area else None
        areas = sorted(nav.label(g, a) for a in nav.nodes_of(g, NodeType.AREA))
        current = nav.label(g, area_node) if area_node else None
        return html(
            lambda: maps.co_accountability_map(g, area_node, limit),
            ("co-accountability", area_node),
            limit,
            MapFilter("area", "Area", areas, current),
        )

    @app.get("/maps/organisations/{name}", tags=["maps"], response_class=HTMLResponse)
    def organisation_map(name: str, limit: MapLimit = maps.DEFAULT_NODE_LIMIT) -> HTMLResponse:
        """Interactive ego map of an organisation: recommendations, actions, co-owners, assurance bodies."""
        g = cache.graph()
        org = resolve(g, NodeType.ORGANISATION, name)
        return html(lambda: maps.organisation_map(g, org, limit), ("organisation", org), limit)

    @app.get("/maps/themes", tags=["maps"], response_class=HTMLResponse)
    def theme_map(
        theme: Annotated[str | None, Query(description="Only this theme.")] = None,
        limit: MapLimit = maps.DEFAULT_NODE_LIMIT,
    ) -> HTMLResponse:
        """Interactive map of themes x areas."""
        g = cache.graph()
        theme_node = resolve(g, NodeType.THEME, theme) if theme else None
        themes = sorted(views.key_of(t) for t in nav.nodes_of(g, NodeType.THEME))
        current = views.key_of(theme_node) if theme_node else None
        return html(
            lambda: maps.theme_area_map(g, theme_node, limit),
            ("themes", theme_node),
            limit,
            MapFilter("theme", "Theme", themes, current),
        )

    @app.get("/maps/reviews/{review_id}", tags=["maps"], response_class=HTMLResponse)
    def review_map(review_id: str, limit: MapLimit = maps.DEFAULT_NODE_LIMIT) -> HTMLResponse:
        """Interactive map of one review: recommendations, findings, addressees, actions and themes."""
        g = cache.graph()
        review = resolve(g, NodeType.REVIEW, review_id)
        return html(lambda: maps.review_map(g, review, limit), ("review", review), limit)


_RECOMMENDATIONS_EXAMPLE = {
    "total": 1,
    "limit": 50,
    "offset": 0,
    "items": [
        {
            "id": "northshire-2019:4.2",
            "recommendation": "4.2",
            "text": "Make sure every looked after child has a health plan reviewed on time",
            "area": "Northshire",
            "review": "northshire-2019",
            "year": 2019,
            "organisations": ["Northshire CCG", "Northshire Hospitals NHS Trust"],
            "collectives": [],
            "themes": ["health-assessments"],
            "actions": 2,
            "statuses": ["completed", "on track"],
        }
    ],
}
_UPLOAD_EXAMPLE = {
    "results": [
        {
            "file": "plan.docx",
            "status": "loaded",
            "reason": None,
            "document_id": "plan.docx",
            "version": 1,
            "warnings": [],
        },
        {
            "file": "scan.pdf",
            "status": "failed",
            "reason": "no text layer: needs OCR",
            "document_id": None,
            "version": None,
            "warnings": [],
        },
    ],
    "failed": 1,
}
