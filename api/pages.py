"""The web pages: server-rendered HTML (Jinja2 templates in ``visualisations/templates``).

Home (search, counts, organisations, maps), organisation, theme, review, recommendation (with the
source text at the place each fact was read), documents (list, warnings, upload form) and
search. Every page renders the same data the JSON endpoints return. Templates autoescape, so
document text can never become markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import networkx as nx
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response

from api import views
from api.lanes import until_current
from api.page_parts import Menu, action_rows, anchor, gap_rows, source_links
from api.page_parts import source_url as source_url  # where the app and the maps import it from
from api.provenance import excerpt
from api.service import (
    GraphCache,
    Problem,
    document_summary,
    resolve,
    stored_document,
)
from api.uploads import (
    MAX_UPLOAD_BYTES,
    TOKEN_VARIABLE,
    UPLOAD_REFUSALS,
    receive_uploads,
    result_json,
    uploads_enabled,
)
from graph.model import EdgeType, NodeType, node_id
from graph.queries import organisation_profile, recurring_themes
from graph.queries.actions import NO_STATUS
from graph.queries.index import graph_index
from graph.queries.themes import themed_items
from graph.queries.walk import actions_led
from graph.stats import graph_stats
from visualisations import assets
from visualisations import navigation as nav
from visualisations.map_page import PageLink
from visualisations.rendering import environment
from visualisations.textdiff import word_diff

Json = dict[str, Any]
STATUSES = ("completed", "on track", "in progress", "behind", NO_STATUS)
EXAMPLES_PER_PAGE = 50  # a theme page's examples (a national theme has thousands)
# an organisation page's lists, shown this many rows at a time (a national body has hundreds)
ORGANISATION_LISTS = ("accountable_jointly", "accountable_alone", "actions", "actions_led", "gaps")
ORGANISATION_ROWS = 50


# --- where each kind of node is shown -------------------------------------------------------


@lru_cache(maxsize=4096)  # a review or organisation page links hundreds of a few hundred names
def org_url(name: str) -> str:
    return f"/pages/organisations/{quote(name, safe='')}"


def rec_url(key: str) -> str:
    return f"/pages/recommendations/{quote(views.key_of(key), safe=':')}"


def review_url(key: str) -> str:
    return f"/pages/reviews/{quote(views.key_of(key), safe=':')}"


def theme_url(key: str) -> str:
    return f"/pages/themes/{quote(views.key_of(key), safe='')}"


def page_linker(g: nx.MultiDiGraph) -> PageLink:
    """For maps: the page a click on each node opens (actions open their recommendation)."""

    def link(node: str, node_type: str) -> str | None:
        if node_type == NodeType.ORGANISATION.value:
            return org_url(nav.label(g, node))
        if node_type == NodeType.RECOMMENDATION.value:
            return rec_url(node)
        if node_type == NodeType.REVIEW.value:
            return review_url(node)
        if node_type == NodeType.THEME.value:
            return theme_url(node)
        if node_type == NodeType.AREA.value:
            return f"/maps/co-accountability?{urlencode({'area': nav.label(g, node)})}"
        if node_type in (NodeType.ACTION.value, NodeType.FINDING.value):
            owners = nav.origins(g, node, EdgeType.ADDRESSED_BY_ACTION)
            if owners and nav.node_type(g, owners[0]) == NodeType.RECOMMENDATION.value:
                return rec_url(owners[0])
            reviews = nav.reviews_of(g, node)
            return review_url(reviews[0]) if reviews else None
        return None

    return link


def area_url(name: str) -> str:
    return f"/pages/areas/{quote(name, safe='')}"


def source_title(g: nx.MultiDiGraph | None) -> Callable[[Json], str]:
    """For templates: a source entry's (or document summary's) document by its title."""

    def title(source: Json) -> str:
        doc = str(source.get("document") or source.get("id") or "")
        node = node_id(NodeType.SOURCE_DOCUMENT, doc)
        if g is not None and node in g:
            # once per graph: a page names the same few documents in hundreds of source links
            return graph_index(g).of_node("document title", doc, lambda: stored_title(node, doc))
        return nav.document_title(source) if "document_kind" in source else str(source.get("file") or doc)

    def stored_title(node: str, doc: str) -> str:
        assert g is not None
        return nav.document_title({**g.nodes[node], "id": doc})

    return title


def node_page(g: nx.MultiDiGraph) -> Callable[[str], str | None]:
    """For tables of actions and gaps: the page of any node, an action's at its own row."""
    link = page_linker(g)

    def where(node: str) -> str | None:
        kind = nav.node_type(g, node)
        url = link(node, kind)
        if url and kind == NodeType.ACTION.value and url.startswith("/pages/recommendations/"):
            return f"{url}#{anchor(node)}"
        return url

    return where


def organisation_names(g: nx.MultiDiGraph) -> frozenset[str]:
    """Every organisation's name (the pages link a name only when it is one)."""
    return frozenset(nav.label(g, o) for o in nav.nodes_of(g, NodeType.ORGANISATION))


def filter_choices(g: nx.MultiDiGraph) -> dict[str, Menu]:
    """What the filter menus offer: the areas, reviews, organisations and themes stored, the
    statuses and overdue or not; made and written once per graph."""

    def menus() -> dict[str, Menu]:
        reviews = ((views.key_of(r), nav.label(g, r)) for r in nav.nodes_of(g, NodeType.REVIEW))
        return {
            "areas": Menu(sorted(nav.label(g, a) for a in nav.nodes_of(g, NodeType.AREA))),
            "reviews": Menu(sorted(reviews, key=lambda p: p[1])),
            "organisations": Menu(nav.label(g, o) for o in views.organisations_by_name(g)),
            "themes": Menu(sorted(views.key_of(t) for t in nav.nodes_of(g, NodeType.THEME))),
            "statuses": Menu(STATUSES),
            "overdue": Menu([("yes", "overdue only"), ("no", "not overdue")]),
        }

    return graph_index(g).lasting("filter menus", menus)


def render(
    template: str, status: int = 200, graph: nx.MultiDiGraph | None = None, **context: Any
) -> HTMLResponse:
    """A page; with ``graph``, documents are named by their titles (kind, area, date)."""
    title = source_title(graph)
    links = source_links(title)
    page = (
        environment()
        .get_template(template)
        .render(
            org_url=org_url,
            rec_url=rec_url,
            review_url=review_url,
            theme_url=theme_url,
            source_links=links,
            action_rows=action_rows(links),
            gap_rows=gap_rows(links),
            anchor=anchor,
            area_url=area_url,
            doc_title=title,
            **context,
        )
    )
    return HTMLResponse(page, status_code=status)


def error_page(request_path: str, problem: Problem) -> HTMLResponse:
    """A problem as a page; each suggested name links to the same page for that name."""
    suggestions: list[tuple[str, str | None]] = []
    for name in problem.suggestions or []:
        url = None
        if problem.name and request_path.startswith("/pages/") and request_path.rstrip("/").count("/") == 3:
            url = request_path.rsplit("/", 1)[0] + "/" + quote(name, safe="")
        suggestions.append((name, url))
    return render("error.html", problem.status, problem=problem, suggestions=suggestions)


# --- the pages -----------------------------------------------------------------------------


def add_page_routes(app: FastAPI, cache: GraphCache) -> None:
    @app.get("/static/{name}", response_class=Response, tags=["pages"], include_in_schema=False)
    def static_asset(name: str) -> Response:
        """The scripts and stylesheets of the pages and maps (no page runs inline script)."""
        if name not in assets.NAMES:
            raise Problem(404, "Not found", f"No page or endpoint at /static/{name}.")
        headers = {"Cache-Control": "public, max-age=3600"}
        return Response(assets.asset_text(name), media_type=assets.media_type(name), headers=headers)

    @app.get("/", response_class=HTMLResponse, tags=["pages"])
    def home() -> HTMLResponse:
        """Home page: search box, what is loaded, organisations, maps and reviews."""
        g = cache.graph()
        stats = graph_stats(g)
        by_type = stats.nodes_by_type
        orgs = views.organisations_by_name(g)
        counts = [
            ("documents", stats.documents, "/pages/documents"),
            ("reviews", by_type.get(NodeType.REVIEW.value, 0), "/pages/reviews"),
            ("areas", len(stats.areas), "/pages/areas"),
            ("organisations", len(orgs), "/pages/organisations"),
            ("recommendations", by_type.get(NodeType.RECOMMENDATION.value, 0), None),
            ("findings", by_type.get(NodeType.FINDING.value, 0), None),
            ("actions", by_type.get(NodeType.ACTION.value, 0), None),
            ("themes", by_type.get(NodeType.THEME.value, 0), "/pages/themes"),
        ]
        organisations = [
            {**views.organisation_summary(g, o), "url": org_url(nav.label(g, o))}
            for o in orgs
            if nav.origins(g, o, EdgeType.ADDRESSED_TO) or actions_led(g, o)
        ]
        reviews = [
            {
                "label": nav.label(g, r),
                "url": review_url(r),
                "map_url": f"/maps/reviews/{quote(views.key_of(r))}",
            }
            for r in nav.nodes_of(g, NodeType.REVIEW)
        ]
        return render("home.html", counts=counts, organisations=organisations, reviews=reviews)

    @app.get("/pages/organisations", response_class=HTMLResponse, tags=["pages"])
    def organisations_page() -> HTMLResponse:
        g = cache.graph()
        orgs = views.organisations_by_name(g)
        rows = []
        for org in orgs:
            summary = views.organisation_summary(g, org)
            cells = [
                summary["type"] or "",
                ", ".join(summary["areas"]),
                summary["recommendations"],
                f"{summary['actions_led']} ({summary['actions_led_through_roles']} through its roles)",
            ]
            rows.append({"name": summary["name"], "url": org_url(summary["name"]), "cells": cells})
        columns = ["Organisation", "Type", "Areas", "Recommendations", "Actions led (through its roles)"]
        return render("listing.html", heading="Organisations", intro=None, columns=columns, rows=rows)

    @app.get("/pages/organisations/{name}", response_class=HTMLResponse, tags=["pages"])
    def organisation_page(name: str, page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
        """What it is accountable for, alone and jointly, with whom; its actions, gaps and map.
        Its lists are shown a page at a time, all turning together, as the API pages them."""
        snapshot = cache.snapshot()
        g = snapshot.graph
        profile = organisation_profile(g, resolve(g, NodeType.ORGANISATION, name))
        map_url = f"/maps/organisations/{quote(profile.name, safe='')}"
        longest = max(len(getattr(profile, part)) for part in ORGANISATION_LISTS)
        pages = max(1, -(-longest // ORGANISATION_ROWS))
        page = min(page, pages)
        first = (page - 1) * ORGANISATION_ROWS
        return render(
            "organisation.html",
            graph=g,
            # the profile itself: its fields are the JSON answer's keys, and turning ~2,000
            # actions into JSON values first was a quarter of a large organisation's page
            org=profile,
            shown={p: getattr(profile, p)[first : first + ORGANISATION_ROWS] for p in ORGANISATION_LISTS},
            first=first + 1,
            page=page,
            pages=pages,
            page_link=lambda n: "?" + urlencode({"page": n}),
            organisation_names=snapshot.derived("organisation names", organisation_names),
            node_url=lambda n: page_linker(g)(n, nav.node_type(g, n)) or "#",
            outcomes_of=lambda n: [g.nodes[o].get("text") for o in nav.targets(g, n, EdgeType.HAS_OUTCOME)],
            map_url=map_url,
        )

    @app.get("/pages/themes", response_class=HTMLResponse, tags=["pages"])
    def themes_page() -> HTMLResponse:
        g = cache.graph()
        rows = [
            {
                "name": t.label,
                "url": theme_url(t.theme),
                "cells": [t.count, len(t.areas), ", ".join(f"{a} ({n})" for a, n in t.by_area.items())],
            }
            for t in recurring_themes(g, min_areas=1)
        ]
        columns = ["Theme", "Recommendations and findings", "Areas", "By area"]
        intro = "Most widespread first. The heatmap on each theme's page shows all themes across areas."
        return render("listing.html", heading="Themes", intro=intro, columns=columns, rows=rows)

    @app.get("/pages/themes/{theme_id}", response_class=HTMLResponse, tags=["pages"])
    def theme_page(theme_id: str, page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
        """Where the theme is raised (every area and review) and its examples, a page at a time: a
        national theme has thousands, and rendering them all took most of a second."""
        g = cache.graph()
        node = resolve(g, NodeType.THEME, theme_id)
        # its items and where they are (~800 items a national theme): once per graph, for every page
        items, overview = graph_index(g).of_node("theme page", node, lambda: _theme_overview(g, node))
        pages = max(1, -(-len(items) // EXAMPLES_PER_PAGE))
        page = min(page, pages)
        first = (page - 1) * EXAMPLES_PER_PAGE
        shown = items[first : first + EXAMPLES_PER_PAGE]
        examples = [views.theme_example(g, item, node) for item in shown]
        theme = {**overview, "examples": examples}
        return render(
            "theme.html",
            graph=g,
            theme=theme,
            map_url=f"/maps/themes?{urlencode({'theme': views.key_of(node)})}",
            first=first + 1,
            page=page,
            pages=pages,
            page_link=lambda n: "?" + urlencode({"page": n}),
        )

    @app.get("/pages/reviews", response_class=HTMLResponse, tags=["pages"])
    def reviews_page() -> HTMLResponse:
        g = cache.graph()
        rows = []
        for review in nav.nodes_of(g, NodeType.REVIEW):
            s = views.review_summary(g, review)
            cells = [
                s["area"] or "",
                s["fieldwork"] or "",
                s["published"] or "",
                s["recommendations"],
                s["findings"],
            ]
            rows.append({"name": s["label"], "url": review_url(review), "cells": cells})
        columns = ["Review", "Area", "Fieldwork", "Published", "Recommendations", "Findings"]
        return render("listing.html", heading="Reviews", intro=None, columns=columns, rows=rows)

    @app.get("/pages/reviews/{review_id}", response_class=HTMLResponse, tags=["pages"])
    def review_page(review_id: str) -> HTMLResponse:
        g = cache.graph()
        node = resolve(g, NodeType.REVIEW, review_id)
        map_url = f"/maps/reviews/{quote(views.key_of(node), safe=':')}"
        return render("review.html", graph=g, review=views.review_detail(g, node), map_url=map_url)

    @app.get("/pages/recommendations/{rec_id}", response_class=HTMLResponse, tags=["pages"])
    def recommendation_page(rec_id: str) -> HTMLResponse:
        """Every wording, the actions, and the source text with the place each was read highlighted."""
        g = cache.graph()
        node = resolve(g, NodeType.RECOMMENDATION, rec_id)
        detail = views.recommendation_detail(g, node)
        excerpts = []
        for source in detail["sources"]:
            try:
                doc = stored_document(cache, source["document"])
            except Problem:
                continue
            excerpts.append((excerpt(cache.store, doc, source.get("location") or {}), source))
        wordings = [w.get("text") or "" for w in detail["wordings"]]
        diffs = [word_diff(wordings[0], w) if w != wordings[0] else None for w in wordings[1:]]
        return render("recommendation.html", graph=g, rec=detail, excerpts=excerpts, diffs=diffs)

    @app.get("/pages/documents", response_class=HTMLResponse, tags=["pages"])
    def documents_page() -> HTMLResponse:
        return _documents_page(cache)

    @app.post("/pages/documents", response_class=HTMLResponse, tags=["pages"], responses=UPLOAD_REFUSALS)
    async def upload_page(request: Request) -> HTMLResponse:
        """The upload form's target: fields `files` and `token` (the same token as the API's)."""
        try:
            results = await receive_uploads(request, cache.store, token_field="token")
        except Problem as problem:
            return _documents_page(cache, problem=problem, status=problem.status)
        # the list below shows what was just stored: wait for its revision (readers do not)
        await until_current(cache)
        return _documents_page(cache, results=[result_json(r) for r in results])

    @app.get("/pages/documents/{doc_id}/source", response_class=HTMLResponse, tags=["pages"])
    def source_page(
        doc_id: str,
        line: int | None = None,
        end_line: int | None = None,
        page: int | None = None,
        table: int | None = None,
        row: int | None = None,
        cell: int | None = None,
        sheet: str | None = None,
        element: str | None = None,
    ) -> HTMLResponse:
        """The document as read, with the given location highlighted."""
        doc = stored_document(cache, doc_id)
        given = {"line": line, "end_line": end_line, "page": page, "table": table, "row": row, "cell": cell}
        location = {k: v for k, v in {**given, "sheet": sheet, "element": element}.items() if v is not None}
        return render(
            "source.html", graph=cache.graph(), excerpt=excerpt(cache.store, doc, location), doc_id=doc.id
        )


def _theme_overview(g: nx.MultiDiGraph, theme: str) -> tuple[list[str], Json]:
    items = themed_items(g, theme)
    return items, views.theme_overview(g, theme, items)


def _documents_page(
    cache: GraphCache, results: list[Json] | None = None, problem: Problem | None = None, status: int = 200
) -> HTMLResponse:
    return render(
        "documents.html",
        status,
        documents=[document_summary(d) for d in cache.snapshot().documents],
        results=results or [],
        problem=problem,
        uploads_enabled=uploads_enabled(),
        max_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
        token_variable=TOKEN_VARIABLE,
    )
