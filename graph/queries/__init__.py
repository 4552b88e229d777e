"""The questions safeguarding leads ask of the graph, one module per question.

Every function takes the graph first and returns frozen dataclasses with ``to_json()``; names
given by users (organisations, themes, areas, recommendations) are resolved by
:mod:`graph.queries.names`, which raises :class:`UnknownName` with close matches.
"""

from __future__ import annotations

from graph.queries.accountability import (
    AccountableAction,
    AccountableRecommendation,
    LeadingOrganisation,
    shared_accountability,
)
from graph.queries.coaccountability import CoAccountability, co_accountability
from graph.queries.dependencies import Dependencies, Hop, dependencies, path_between
from graph.queries.gaps import GapItem, GapReport, gaps
from graph.queries.names import (
    UnknownName,
    resolve_area,
    resolve_organisation,
    resolve_recommendation,
    resolve_review,
    resolve_theme,
)
from graph.queries.profile import OrganisationProfile, organisation_profile
from graph.queries.progress import ProgressReport, progress
from graph.queries.search import SearchHit, search, search_page
from graph.queries.similarity import SimilarCluster, SimilarItem, like_recommendation, similar_items
from graph.queries.themes import ThemeSummary, recurring_themes

__all__ = [
    "AccountableAction",
    "AccountableRecommendation",
    "CoAccountability",
    "Dependencies",
    "GapItem",
    "GapReport",
    "Hop",
    "LeadingOrganisation",
    "OrganisationProfile",
    "ProgressReport",
    "SearchHit",
    "SimilarCluster",
    "SimilarItem",
    "ThemeSummary",
    "UnknownName",
    "co_accountability",
    "dependencies",
    "gaps",
    "like_recommendation",
    "organisation_profile",
    "path_between",
    "progress",
    "recurring_themes",
    "resolve_area",
    "resolve_organisation",
    "resolve_recommendation",
    "resolve_review",
    "resolve_theme",
    "search",
    "search_page",
    "shared_accountability",
    "similar_items",
]
