"""Where the questions are answered: the embedded graph, or a graph-database server over Bolt.

A backend answers the questions of :mod:`graph.queries` that ``/queries/...`` serves: shared
accountability, co-accountability, recurring themes, dependencies, the path between two
organisations, gaps and an organisation's profile. :class:`graph.backends.embedded.EmbeddedBackend`
asks the graph built from the store; :class:`graph.backends.bolt.BoltBackend` asks a Neo4j 5 or
FalkorDB server the graph was pushed to (``sgraph push``). Both give the same answers.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the answers' types only: the dialects need no query code (sgraph starts faster)
    from graph.queries import (
        AccountableRecommendation,
        CoAccountability,
        Dependencies,
        GapReport,
        Hop,
        OrganisationProfile,
        ThemeSummary,
    )


class QuestionBackend(Protocol):
    def shared_accountability(
        self, org: str | None = None, area: str | None = None, min_orgs: int | None = None
    ) -> list[AccountableRecommendation]: ...

    def co_accountability(self, seed: int = 0) -> CoAccountability: ...

    def recurring_themes(self, min_areas: int = 1) -> list[ThemeSummary]: ...

    def dependencies(self, org: str) -> Dependencies: ...

    def path_between(self, org_a: str, org_b: str) -> list[Hop]: ...

    def gaps(self, as_of: date | None = None) -> GapReport: ...

    def organisation_profile(self, name: str) -> OrganisationProfile: ...
