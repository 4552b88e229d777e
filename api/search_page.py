"""``/pages/search``: ranked search with its true number of results, filters and pages.

The same search as ``/search`` and ``sgraph search`` (TF-IDF over recommendations, findings and
actions, filtered by area, organisation, theme and year); the page counts every match and shows
them a page at a time.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse

from api.page_parts import Menu
from api.pages import filter_choices, node_page, render
from api.service import GraphCache, Problem
from graph.model import NodeType
from graph.queries import search
from visualisations import navigation as nav

Json = dict[str, Any]
PAGE_SIZE = 50
EVERY_MATCH = 1_000_000  # the page counts every match, then shows one page of them


def add_search_page(app: FastAPI, cache: GraphCache) -> None:
    @app.get(
        "/pages/search",
        response_class=HTMLResponse,
        tags=["pages"],
        responses={400: {"description": "`q` has no word to search for."}},
    )
    def search_page(
        q: Annotated[str, Query(max_length=500)] = "",
        area: Annotated[str | None, Query(description="Only this area.")] = None,
        org: Annotated[str | None, Query(description="Only what concerns this organisation.")] = None,
        theme: Annotated[str | None, Query(description="Only this theme.")] = None,
        year: Annotated[
            str | None,
            Query(
                description="Only reviews (or documents) of this year.",
                json_schema_extra={"anyOf": [{"type": "string", "pattern": "^[0-9]*$"}, {"type": "null"}]},
            ),
        ] = None,
        page: Annotated[int, Query(ge=1)] = 1,
    ) -> HTMLResponse:
        """Search results for `q` over recommendations, findings and actions, with filters."""
        g = cache.graph()
        chosen = {"area": area or None, "org": org or None, "theme": theme or None, "year": year or None}
        # ASCII digits only: "²" is a digit to str.isdigit but not to int()
        if year and not (year.isascii() and year.isdigit()):
            raise Problem(422, "Invalid request", f"year: {year!r} is not a year like 2016")
        hits: list[Json] = []
        total = 0
        if q.strip():
            try:
                found = search(
                    g,
                    q,
                    area=chosen["area"],
                    org=chosen["org"],
                    theme=chosen["theme"],
                    year=int(chosen["year"]) if chosen["year"] else None,
                    limit=EVERY_MATCH,
                )
            except ValueError as exc:
                raise Problem(400, "Nothing to search for", str(exc)) from None
            total = len(found)
            page = min(page, max(1, -(-total // PAGE_SIZE)))
            where = node_page(g)
            for hit in found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
                title = (
                    f"Recommendation {hit.recommendation or nav.label(g, hit.node)}"
                    if hit.kind == NodeType.RECOMMENDATION.value
                    else hit.kind + (f" on recommendation {hit.recommendation}" if hit.recommendation else "")
                )
                hits.append({"title": title, "url": where(hit.node), "area": hit.area, "text": hit.text})
        params = {k: v for k, v in {"q": q, **chosen}.items() if v}
        years = sorted(
            {str(y) for y in (g.nodes[r].get("fieldwork") for r in nav.nodes_of(g, NodeType.REVIEW)) if y}
        )
        return render(
            "search.html",
            query=q,
            hits=hits,
            total=total,
            first=(page - 1) * PAGE_SIZE + 1,
            page=page,
            pages=max(1, -(-total // PAGE_SIZE)),
            page_link=lambda n: "?" + urlencode({**params, "page": n}),
            chosen=chosen,
            choices={**filter_choices(g), "years": Menu(sorted({y[:4] for y in years}))},
        )
