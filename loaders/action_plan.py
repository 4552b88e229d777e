"""Placeholder: replaced by the action-plan table recogniser."""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.blocks import DocumentBlocks
from loaders.organisations import OrganisationResolver
from loaders.records import FindingRecord, RecommendationRecord


@dataclass
class PlanFacts:
    recommendations: list[RecommendationRecord] = field(default_factory=list)
    findings: list[FindingRecord] = field(default_factory=list)
    assurance_bodies: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_action_plans(doc: DocumentBlocks, orgs: OrganisationResolver) -> PlanFacts:
    return PlanFacts()
