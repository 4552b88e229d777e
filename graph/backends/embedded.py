"""The questions asked of the graph built from the store (the default backend)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from graph import queries
from graph.queries.walk import Graph


class EmbeddedBackend:
    """Answers with :mod:`graph.queries` on the graph ``graph()`` returns (built once per store change)."""

    def __init__(self, graph: Callable[[], Graph]) -> None:
        self._graph = graph

    def shared_accountability(
        self, org: str | None = None, area: str | None = None, min_orgs: int | None = None
    ) -> list[queries.AccountableRecommendation]:
        return queries.shared_accountability(self._graph(), org=org, area=area, min_orgs=min_orgs)

    def co_accountability(self, seed: int = 0) -> queries.CoAccountability:
        return queries.co_accountability(self._graph(), seed=seed)

    def recurring_themes(self, min_areas: int = 1) -> list[queries.ThemeSummary]:
        return queries.recurring_themes(self._graph(), min_areas=min_areas)

    def dependencies(self, org: str) -> queries.Dependencies:
        return queries.dependencies(self._graph(), org)

    def path_between(self, org_a: str, org_b: str) -> list[queries.Hop]:
        return queries.path_between(self._graph(), org_a, org_b)

    def gaps(self, as_of: date | None = None) -> queries.GapReport:
        return queries.gaps(self._graph(), as_of=as_of)

    def organisation_profile(self, name: str) -> queries.OrganisationProfile:
        return queries.organisation_profile(self._graph(), name)
