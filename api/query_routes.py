"""The questions of :mod:`graph.queries` as JSON endpoints under ``/queries/...`` and ``/search``.

Each endpoint is the query function of the same name with the same parameters as
``sgraph query ...``; the answer is the function's ``to_json()``, every list in it one page
(``limit``/``offset`` -> ``{total, limit, offset, items}``): at national scale a whole answer ran
to tens of megabytes. Unknown names (an organisation, area, theme or recommendation) answer 404
with close matches (see :mod:`api.app`). The questions a graph-database server can answer
(:class:`graph.backends.QuestionBackend`) go to ``questions``: the embedded graph, or the server
of ``sgraph serve --backend``; similarity, search and progress read the store.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Query

from api.paging import page, page_with_parts, paged_result
from api.params import AsOf, day_of
from api.service import GraphCache, Limit, Offset, Problem, stored_document
from graph import queries
from graph.backends import QuestionBackend
from graph.queries.gaps import GapKind
from graph.queries.search import search_page
from graph.queries.walk import label

Json = Any
Examples = Annotated[
    int,
    Query(
        ge=0,
        le=1000,
        description="Examples shown per theme (`examples` is a page of them, with their `total`); "
        "/themes/{theme_id} lists every one.",
    ),
]
OrgName = Annotated[
    str,
    Query(
        description="Organisation: canonical name, alias, initialism or id.", examples=["East Lancashire CCG"]
    ),
]


def add_query_routes(app: FastAPI, cache: GraphCache, questions: QuestionBackend) -> None:
    @app.get("/queries/shared-accountability", tags=["queries"])
    def shared_accountability(
        org: Annotated[str | None, Query(description="Only this organisation's recommendations.")] = None,
        area: Annotated[str | None, Query(description="Only this area.")] = None,
        min_orgs: Annotated[
            int | None, Query(ge=1, description="Least number of owners (default 2, or 1 with org).")
        ] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Json:
        """Recommendations addressed to two or more organisations (or everything one organisation
        owns), with their owners, actions (lead, responsible officer, assurance, timescale, status)
        and sources; one page (`total`, `limit`, `offset`, `items`)."""
        found = questions.shared_accountability(org=org, area=area, min_orgs=min_orgs)
        return page(found, limit, offset)

    @app.get("/queries/co-accountability", tags=["queries"])
    def co_accountability(
        seed: Annotated[int, Query(description="Seed for community detection.")] = 0,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Json:
        """Organisation pairs weighted by shared recommendations, centralities and communities;
        `pairs`, `organisations` and `communities` are each one page."""
        return paged_result(questions.co_accountability(seed=seed), "co-accountability", limit, offset)

    @app.get("/queries/themes", tags=["queries"])
    def themes(
        min_areas: Annotated[int, Query(ge=1, description="Least number of areas.")] = 2,
        examples: Examples = 3,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Json:
        """Themes found in at least `min_areas` areas, with areas, reviews, years, counts and the
        first `examples` examples (at most two per area)."""
        found = questions.recurring_themes(min_areas=min_areas)
        return page_with_parts(found, limit, offset, "theme", examples)

    @app.get("/queries/similar", tags=["queries"])
    def similar(
        min_areas: Annotated[int, Query(ge=1)] = 2,
        threshold: Annotated[float, Query(gt=0, le=1, description="Least text similarity (cosine).")] = 0.35,
        members: Annotated[
            int,
            Query(
                ge=1,
                le=10_000,
                description="Members shown per cluster, most alike first (`members` is a page of "
                "them, with their `total`).",
            ),
        ] = 10,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Json:
        """Clusters of recommendations and findings from different areas saying nearly the same."""
        found = queries.similar_items(cache.graph(), min_areas=min_areas, threshold=threshold)
        return page_with_parts(found, limit, offset, "cluster", members)

    @app.get("/queries/like/{recommendation}", tags=["queries"])
    def like(recommendation: str, top: Annotated[int, Query(ge=1, le=50)] = 5) -> Json:
        """Recommendations and findings most like one recommendation (id, "AREA NUMBER" or number)."""
        return queries.like_recommendation(cache.graph(), recommendation, top=top)

    @app.get("/queries/dependencies", tags=["queries"])
    def dependencies(org: OrgName, limit: Limit = 100, offset: Offset = 0) -> Json:
        """Commissioner/provider links, cross-references, assurance chains and the organisations
        whose actions `org` depends on; each list is one page."""
        return paged_result(questions.dependencies(org), "dependencies", limit, offset)

    @app.get("/queries/path", tags=["queries"])
    def path(
        org_a: Annotated[str, Query(alias="from", description="First organisation.")],
        org_b: Annotated[str, Query(alias="to", description="Second organisation.")],
    ) -> Json:
        """The shortest chain of facts linking two organisations, each hop explained in words."""
        return questions.path_between(org_a, org_b)

    @app.get("/queries/gaps", tags=["queries"])
    def gaps(
        as_of: AsOf = None,
        org: Annotated[str | None, Query(description="Only the gaps naming this organisation.")] = None,
        kind: Annotated[GapKind | None, Query(description="Only this kind of gap.")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Json:
        """Recommendations with no action, actions with no lead, assurance or timescale, organisations
        with no action of their own and overdue actions: `counts` of each kind, and one page of the
        gaps (each naming the organisations involved), optionally of one organisation or kind."""
        report = questions.gaps(as_of=day_of(as_of))
        g = cache.graph()
        name = label(g, queries.resolve_organisation(g, org)) if org else None
        items = report.select(name, kind)
        body = page(items, limit, offset)
        return {"as_of": report.as_of, "counts": report.counts(), **body}

    @app.get("/queries/org/{name}", tags=["queries"])
    def organisation_profile(name: str, limit: Limit = 100, offset: Offset = 0) -> Json:
        """Everything about one organisation (same as `/organisations/{name}`); each list is one page."""
        return paged_result(questions.organisation_profile(name), "organisation", limit, offset)

    @app.get("/queries/progress/{doc_id}", tags=["queries"])
    def progress(doc_id: str) -> Json:
        """Each action's status across the stored versions of one document, and what changed."""
        doc = stored_document(cache, doc_id)
        return queries.progress(cache.store.history(doc.id)).to_json()

    @app.get("/search", tags=["queries"], responses={400: {"description": "`q` has no word to search for."}})
    def search(
        q: Annotated[
            str,
            Query(
                min_length=1,
                max_length=500,
                description="Words to look for.",
                examples=["health assessments"],
            ),
        ],
        area: str | None = None,
        org: str | None = None,
        theme: str | None = None,
        year: int | None = None,
        limit: Annotated[int, Query(ge=1, le=200, description="Hits per page (1-200).")] = 20,
        offset: Offset = 0,
    ) -> Json:
        """Recommendations, findings and actions matching `q`, best first (TF-IDF), with filters;
        one page (`total` hits matched)."""
        try:
            total, hits = search_page(
                cache.graph(), q, area=area, org=org, theme=theme, year=year, limit=limit, offset=offset
            )
        except ValueError as exc:
            raise Problem(400, "Nothing to search for", str(exc), "urn:sgraph:empty-search") from None
        return {"total": total, "limit": limit, "offset": offset, "items": hits}
