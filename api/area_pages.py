"""Area pages: an area's reviews over the years and their themes side by side.

``/pages/areas/NAME`` shows, for one area, each review (oldest first), which themes each raised
(recurring, new in the latest review, or raised before but not in the latest), the organisations
of the area and the plans and other documents stored for it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import networkx as nx
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from api import views
from api.pages import area_url, org_url, render
from api.service import GraphCache, document_summary, resolve
from graph.model import EdgeType, NodeType
from visualisations import navigation as nav

Json = dict[str, Any]


def _review_order(g: nx.MultiDiGraph, review: str) -> tuple[str, str]:
    attrs = g.nodes[review]
    return (str(attrs.get("fieldwork") or attrs.get("published") or ""), review)


def theme_history(g: nx.MultiDiGraph, reviews: list[str]) -> list[Json]:
    """Each theme raised in the area: how many items raised it in each review (oldest first) and
    whether it recurs, is new in the latest review, or was raised before but not in the latest."""
    counts: dict[str, list[int]] = {}
    for column, review in enumerate(reviews):
        for item in nav.origins(g, review, EdgeType.MADE_BY):
            for theme in nav.targets(g, item, EdgeType.HAS_THEME):
                counts.setdefault(theme, [0] * len(reviews))[column] += 1
    rows = []
    for theme, per_review in counts.items():
        raised = [n > 0 for n in per_review]
        if len(reviews) < 2:
            trend = "raised"
        elif raised[-1] and sum(raised) > 1:
            trend = "recurs"
        elif raised[-1]:
            trend = "new in the latest review"
        else:
            trend = "not raised in the latest review"
        rows.append(
            {"id": views.key_of(theme), "label": nav.label(g, theme), "counts": per_review, "trend": trend}
        )
    return sorted(rows, key=lambda r: (-sum(1 for n in r["counts"] if n), -sum(r["counts"]), r["label"]))


def add_area_pages(app: FastAPI, cache: GraphCache) -> None:
    @app.get("/pages/areas", response_class=HTMLResponse, tags=["pages"])
    def areas_page() -> HTMLResponse:
        g = cache.graph()
        rows = []
        for area in sorted(nav.nodes_of(g, NodeType.AREA), key=lambda a: nav.label(g, a)):
            reviews = nav.origins(g, area, EdgeType.IN_AREA, NodeType.REVIEW)
            orgs = nav.origins(g, area, EdgeType.IN_AREA, NodeType.ORGANISATION)
            name = nav.label(g, area)
            rows.append({"name": name, "url": area_url(name), "cells": [len(reviews), len(orgs)]})
        columns = ["Area", "Reviews", "Organisations"]
        return render("listing.html", heading="Areas", intro=None, columns=columns, rows=rows)

    @app.get("/pages/areas/{name}", response_class=HTMLResponse, tags=["pages"])
    def area_page(name: str) -> HTMLResponse:
        """An area's reviews over the years, their themes side by side, organisations and plans."""
        snapshot = cache.snapshot()
        g = snapshot.graph
        area = resolve(g, NodeType.AREA, name)
        label = nav.label(g, area)
        reviews = sorted(
            nav.origins(g, area, EdgeType.IN_AREA, NodeType.REVIEW), key=lambda r: _review_order(g, r)
        )
        orgs = sorted(
            nav.origins(g, area, EdgeType.IN_AREA, NodeType.ORGANISATION), key=lambda o: nav.label(g, o)
        )
        return render(
            "area.html",
            graph=g,
            area=label,
            reviews=[views.review_summary(g, r) for r in reviews],
            themes=theme_history(g, reviews),
            organisations=[(nav.label(g, o), org_url(nav.label(g, o))) for o in orgs],
            documents=[document_summary(d) for d in snapshot.documents if d.extraction.area == label],
            tracker_url="/pages/actions?" + urlencode({"area": label}),
            gaps_url="/pages/gaps?" + urlencode({"area": label}),
            map_url="/maps/co-accountability?" + urlencode({"area": label}),
        )
