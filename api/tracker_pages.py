"""The pages leads use instead of their spreadsheets: the actions tracker and gaps and overdue.

``/pages/actions`` is one table of every action, filtered and sorted by its URL, paged, with the
filtered rows downloadable as CSV and Excel (``/actions.csv``, ``/actions.xlsx``). ``/pages/gaps``
shows the gap report as of a chosen day, counted by kind and grouped by organisation, area or
review, each row linked to the action's place on its recommendation page and to its source.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

import networkx as nx
from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse

from api import views
from api.action_routes import Filters, Sort, sorted_table
from api.pages import filter_choices, node_page, render
from api.params import AsOf, day_of, one_of
from api.service import GraphCache, Problem, resolve
from graph.model import NodeType
from graph.queries import gaps
from graph.queries.actions import SORT_KEYS, ActionFilter, action_table
from graph.queries.gaps import KINDS, GapItem
from visualisations import navigation as nav

Json = dict[str, Any]
PAGE_SIZE = 50
GROUPINGS = ("organisation", "area", "review")


def _query(**params: Any) -> str:
    """A query string of the parameters that are set (blank ones left out)."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _filter_params(wanted: ActionFilter) -> dict[str, str]:
    overdue = {True: "yes", False: "no", None: ""}[wanted.overdue]
    params = {
        "area": wanted.area,
        "review": wanted.review,
        "organisation": wanted.organisation,
        "theme": wanted.theme,
        "status": wanted.status,
        "overdue": overdue,
        "text": wanted.text,
        "as_of": wanted.as_of.isoformat() if wanted.as_of else None,
    }
    return {k: v for k, v in params.items() if v}


def _as_listed(g: nx.MultiDiGraph, wanted: ActionFilter) -> ActionFilter:
    """The filter with names as the menus list them ("LCFT" -> the trust's name), so the menus
    show what was chosen; the names were already resolved by the query."""

    def named(kind: NodeType, name: str | None, as_key: bool = False) -> str | None:
        if not name:
            return None
        node = resolve(g, kind, name)
        return views.key_of(node) if as_key else nav.label(g, node)

    return replace(
        wanted,
        area=named(NodeType.AREA, wanted.area),
        review=named(NodeType.REVIEW, wanted.review, as_key=True),
        organisation=named(NodeType.ORGANISATION, wanted.organisation),
        theme=named(NodeType.THEME, wanted.theme, as_key=True),
    )


def _in_words(params: dict[str, str]) -> str:
    """The filters of a tracker view as a printed header says them ("organisation: X; overdue only")."""
    said = []
    for name, value in params.items():
        if name == "overdue":
            said.append("overdue only" if value == "yes" else "not overdue")
        elif name != "as_of":
            said.append(f"{'words' if name == 'text' else name}: {value}")
    return "; ".join(said)


def _tracker_page(
    g: nx.MultiDiGraph, wanted: ActionFilter, sort: str | None, page: int, printing: bool = False
) -> HTMLResponse:
    """The tracker: one page of the filtered actions, or all of them in the print view."""
    table = action_table(g, wanted)
    rows = sorted_table(table, sort)
    size = max(len(rows), 1) if printing else PAGE_SIZE
    pages = max(1, -(-len(rows) // size))
    page = min(page, pages)
    shown = rows[(page - 1) * size : page * size]
    params = _filter_params(_as_listed(g, wanted))

    def sort_link(column: str) -> str:
        descending = sort == column  # a second click on the sorted column reverses it
        return "?" + _query(**params, sort=f"-{column}" if descending else column)

    return render(
        "actions.html",
        graph=g,
        table=table,
        rows=shown,
        total=len(rows),
        first=(page - 1) * size + 1,
        page=page,
        pages=pages,
        printing=printing,
        wanted=params,
        wanted_in_words=_in_words(params),
        sort=sort or "",
        sortable=SORT_KEYS,
        sort_link=sort_link,
        page_link=lambda n: "?" + _query(**params, sort=sort, page=n),
        export=_query(**params, sort=sort),
        choices=filter_choices(g),
        node_page=node_page(g),
    )


def add_tracker_pages(app: FastAPI, cache: GraphCache) -> None:
    @app.get("/pages/actions", response_class=HTMLResponse, tags=["pages"])
    def actions_page(
        wanted: Filters,
        sort: Sort = None,
        page: Annotated[int, Query(ge=1, description="Page number, from 1.")] = 1,
    ) -> HTMLResponse:
        """Every action in one table: filters and sort order in the URL, paged, exportable."""
        return _tracker_page(cache.graph(), wanted, sort, page)

    @app.get("/pages/actions/print", response_class=HTMLResponse, tags=["pages"])
    def actions_print_view(wanted: Filters, sort: Sort = None) -> HTMLResponse:
        """Every filtered action on one page, to print: each printed page headed by the filters,
        the day overdue is judged and the day printed."""
        return _tracker_page(cache.graph(), wanted, sort, 1, printing=True)

    @app.get("/pages/gaps", response_class=HTMLResponse, tags=["pages"])
    def gaps_page(
        as_of: AsOf = None,
        organisation: Annotated[str | None, Query(description="Only gaps naming this organisation.")] = None,
        area: Annotated[str | None, Query(description="Only this area.")] = None,
        kind: Annotated[
            str | None, Query(description="Only this kind of gap.", json_schema_extra=one_of(["", *KINDS]))
        ] = None,
        group: Annotated[
            str,
            Query(description="Group by organisation, area or review.", json_schema_extra=one_of(GROUPINGS)),
        ] = "organisation",
    ) -> HTMLResponse:
        """Gaps and overdue actions as of a chosen day, counted by kind and grouped."""
        g = cache.graph()
        day = day_of(as_of)
        if kind and kind not in KINDS:
            raise Problem(422, "Invalid request", f"kind: choose one of {', '.join(KINDS)}")
        if group not in GROUPINGS:
            raise Problem(422, "Invalid request", f"group: choose one of {', '.join(GROUPINGS)}")
        org_name = nav.label(g, resolve(g, NodeType.ORGANISATION, organisation)) if organisation else None
        area_name = nav.label(g, resolve(g, NodeType.AREA, area)) if area else None
        report = gaps(g, as_of=day)
        items = [
            i
            for i in report.items
            if (not org_name or org_name in i.organisations)
            and (not area_name or i.area == area_name)
            and (not kind or i.kind == kind)
        ]
        counts = {k: sum(1 for i in items if i.kind == k) for k in KINDS}
        return render(
            "gaps.html",
            graph=g,
            as_of=report.as_of,
            chosen={"organisation": org_name, "area": area_name, "kind": kind, "group": group},
            counts=counts,
            total=len(items),
            groups=_grouped(g, items, group, org_name),
            kinds=KINDS,
            groupings=GROUPINGS,
            choices=filter_choices(g),
            node_page=node_page(g),
            tracker_link="/pages/actions?"
            + _query(overdue="yes", organisation=org_name, area=area_name, as_of=report.as_of),
        )


def _grouped(g: nx.MultiDiGraph, items: list[GapItem], group: str, only: str | None) -> dict[str, list[Json]]:
    """Items under each heading of the grouping (a gap shared by several organisations is listed
    under each of them, unless one organisation was chosen)."""
    grouped: dict[str, list[Json]] = {}
    for item in items:
        review = g.nodes[item.node].get("review")
        review_label = nav.label(g, review) if review in g else None
        row = {"item": item, "review": review_label}
        if group == "organisation":
            headings = [only] if only else list(item.organisations) or ["(no organisation named)"]
        elif group == "area":
            headings = [item.area or "(no area)"]
        else:
            headings = [review_label or "(no review)"]
        for heading in headings:
            grouped.setdefault(heading, []).append(row)
    return dict(sorted(grouped.items(), key=lambda p: (p[0].startswith("("), p[0].casefold())))
